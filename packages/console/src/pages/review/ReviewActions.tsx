import { Button, Group, Select, Stack, Switch, TextInput, Title } from '@mantine/core';
import { modals } from '@mantine/modals';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { FormError } from '../../components/FormError';
import { HIDE_REASONS, type HideReason } from '../../reviews/review-labels';
import { useChangeReview, useDeleteReview, type ReviewDetail } from './review.queries';
import { Text } from '@mantine/core';

export function ReviewActions({ shopId, review }: { shopId: string; review: ReviewDetail }) {
  const change = useChangeReview(shopId, review.id);
  const remove = useDeleteReview(shopId, review.id);
  const navigate = useNavigate();
  const [reason, setReason] = useState<HideReason>((review.hide_reason as HideReason | null) ?? 'other');
  const [tag, setTag] = useState(review.tag);
  const confirmDelete = () =>
    modals.openConfirmModal({
      title: 'Delete this review?',
      children: <Text size="sm">It leaves the storefront and every rating for good.</Text>,
      labels: { confirm: 'Delete', cancel: 'Cancel' },
      confirmProps: { color: 'red' },
      onConfirm: () => remove.mutate(undefined, { onSuccess: () => navigate(`/shops/${shopId}/reviews`) }),
    });
  return (
    <Stack gap="sm" component="section" aria-labelledby="moderation-heading">
      <Title order={2} size="h4" id="moderation-heading">
        Moderation
      </Title>
      <Group align="end" wrap="wrap">
        <Button onClick={() => change.mutate({ kind: 'publish' })} disabled={review.status === 'published'} loading={change.isPending && change.variables?.kind === 'publish'}>
          Publish
        </Button>
        <Select label="Hide reason" data={HIDE_REASONS as never} value={reason} onChange={(v) => v && setReason(v as HideReason)} allowDeselect={false} w={220} />
        <Button color="red" variant="light" onClick={() => change.mutate({ kind: 'hide', reason })}>
          Hide with this reason
        </Button>
      </Group>
      <Group wrap="wrap">
        <Switch label="Featured" checked={review.featured} onChange={(e) => change.mutate({ kind: 'update', featured: e.currentTarget.checked })} />
        <Switch label="Pinned" checked={review.pinned} onChange={(e) => change.mutate({ kind: 'update', pinned: e.currentTarget.checked })} />
      </Group>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          change.mutate({ kind: 'update', tag: tag.trim() });
        }}
      >
        <Group align="end">
          <TextInput label="Tag" value={tag} onChange={(e) => setTag(e.currentTarget.value)} w={200} />
          <Button type="submit" variant="default">
            Save tag
          </Button>
        </Group>
      </form>
      <FormError error={change.error ?? remove.error} />
      <Group>
        <Button color="red" variant="subtle" onClick={confirmDelete}>
          Delete review
        </Button>
      </Group>
    </Stack>
  );
}
