import { Button, Group, Menu, Paper, Progress, Stack, Text, TextInput, Modal } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { useEffect, useState } from 'react';
import { problemMessage } from '../../api/client';
import type { HideReason } from '../../reviews/review-labels';
import { HideReasonModal } from './HideReasonModal';
import { useJob, useStartJob, type BulkAction } from './inbox.queries';
import type { InboxFilter } from './inbox.filters';

interface Props {
  shopId: string;
  /** The chosen reviews, or null when "all N matching" is chosen. */
  selectedIds: string[] | null;
  matching: number;
  /** How the count of matches reads ("10000+" when the server stopped counting). */
  matchingLabel: string;
  filter: InboxFilter;
  onDone: () => void;
}

const ACTION_WORDS: Record<string, string> = {
  publish: 'Publishing',
  hide: 'Hiding',
  feature: 'Featuring',
  unfeature: 'Unfeaturing',
  pin: 'Pinning',
  unpin: 'Unpinning',
  tag: 'Tagging',
  delete: 'Deleting',
};

/** Bulk actions on the selection or on everything the filter matches, run as a job with a progress bar. */
export function BulkBar({ shopId, selectedIds, matching, matchingLabel, filter, onDone }: Props) {
  const start = useStartJob(shopId);
  const [jobId, setJobId] = useState<string | null>(null);
  const job = useJob(shopId, jobId);
  const [hiding, setHiding] = useState(false);
  const [tagging, setTagging] = useState(false);
  const [tag, setTag] = useState('');
  const count = selectedIds?.length ?? matching;

  const run = (action: BulkAction, extra: { reason?: HideReason; tag?: string } = {}) => {
    start.mutate(
      { action, ...extra, ...(selectedIds ? { reviewIds: selectedIds } : { filter }) },
      { onSuccess: (created) => setJobId(created.id), onError: (error) => notifications.show({ color: 'red', title: 'The bulk action did not start', message: problemMessage(error) }) },
    );
  };
  const confirmDelete = () =>
    modals.openConfirmModal({
      title: `Delete ${count} reviews?`,
      children: <Text size="sm">Deleted reviews leave every list and rating for good.</Text>,
      labels: { confirm: 'Delete', cancel: 'Cancel' },
      confirmProps: { color: 'red' },
      onConfirm: () => run('delete'),
    });

  const status = job.data?.status;
  useEffect(() => {
    if (status === 'done' || status === 'failed') {
      notifications.show({
        color: status === 'done' ? 'green' : 'red',
        title: status === 'done' ? 'Bulk action finished' : 'Bulk action failed',
        message: `${job.data!.changed} of ${job.data!.total} reviews changed${status === 'failed' && job.data!.error ? `: ${job.data!.error}` : ''}`,
      });
      setJobId(null);
      onDone();
    }
  }, [status]);

  if (jobId) {
    const total = job.data?.total ?? count;
    const processed = job.data?.processed ?? 0;
    const percent = total === 0 ? 100 : Math.round((processed / total) * 100);
    return (
      <Paper withBorder p="sm" mb="md">
        <Stack gap={6}>
          <Text size="sm" id="bulk-progress-label">
            {ACTION_WORDS[job.data?.action ?? ''] ?? 'Working on'} reviews: {processed} of {total}
          </Text>
          <Progress value={percent} size="lg" aria-labelledby="bulk-progress-label" aria-valuetext={`${processed} of ${total}`} animated />
        </Stack>
      </Paper>
    );
  }
  if (count === 0) return null;
  return (
    <Paper withBorder p="sm" mb="md" role="region" aria-label="Bulk actions">
      <Group justify="space-between" wrap="wrap">
        <Text size="sm" fw={600}>
          {selectedIds ? `${count} selected` : `All ${matchingLabel} matching reviews`}
        </Text>
        <Group gap="xs">
          <Button size="xs" onClick={() => run('publish')} loading={start.isPending}>
            Publish
          </Button>
          <Button size="xs" color="red" variant="light" onClick={() => setHiding(true)}>
            Hide
          </Button>
          <Menu>
            <Menu.Target>
              <Button size="xs" variant="default">
                More actions
              </Button>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item onClick={() => run('feature')}>Feature</Menu.Item>
              <Menu.Item onClick={() => run('unfeature')}>Unfeature</Menu.Item>
              <Menu.Item onClick={() => run('pin')}>Pin</Menu.Item>
              <Menu.Item onClick={() => run('unpin')}>Unpin</Menu.Item>
              <Menu.Item onClick={() => setTagging(true)}>Tag…</Menu.Item>
              <Menu.Item color="red" onClick={confirmDelete}>
                Delete…
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        </Group>
      </Group>
      <HideReasonModal
        opened={hiding}
        count={count}
        onClose={() => setHiding(false)}
        onConfirm={(reason) => {
          setHiding(false);
          run('hide', { reason });
        }}
      />
      <Modal opened={tagging} onClose={() => setTagging(false)} title={`Tag ${count} reviews`}>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            setTagging(false);
            run('tag', { tag: tag.trim() });
          }}
        >
          <Stack>
            <TextInput label="Tag" description="Leave empty to clear the tag" value={tag} onChange={(e) => setTag(e.currentTarget.value)} data-autofocus />
            <Button type="submit">Apply tag</Button>
          </Stack>
        </form>
      </Modal>
    </Paper>
  );
}
