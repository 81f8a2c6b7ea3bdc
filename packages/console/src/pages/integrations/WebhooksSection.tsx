import { Badge, Button, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { DataTable } from '../../components/DataTable';
import { FormError } from '../../components/FormError';
import { Section } from '../../components/Section';
import { formatDate } from '../../reviews/review-labels';
import { useAddWebhook, useDeliveries, useRedeliver, useRemoveWebhook, useWebhooks } from './integrations.queries';

const TOPICS = ['review/created', 'review/updated', 'review/deleted', 'customer_event/created'];

export function WebhooksSection({ shopId, canEdit }: { shopId: string; canEdit: boolean }) {
  const webhooks = useWebhooks(shopId);
  const add = useAddWebhook(shopId);
  const remove = useRemoveWebhook(shopId);
  const [open, setOpen] = useState<{ id: string; url: string } | null>(null);
  const form = useForm({ initialValues: { topic: TOPICS[0]!, url: '' } });
  return (
    <Section headingId="webhooks-heading" title="Webhooks" error={webhooks.error ?? add.error ?? remove.error}>
      <DataTable
        label="Webhook subscriptions"
        empty="No webhook subscription."
        minWidth={560}
        rows={webhooks.data?.items}
        rowKey={(w) => w.id}
        columns={[
          { header: 'Topic', cell: (w) => w.topic },
          { header: 'Address', cell: (w) => w.url, style: { overflowWrap: 'anywhere' } },
          { header: 'Status', cell: (w) => `${w.status}${w.disabled_reason ? `: ${w.disabled_reason}` : ''}` },
          {
            header: 'Actions',
            cell: (w) => (
              <Group gap="xs">
                <Button size="xs" variant="default" onClick={() => setOpen({ id: w.id, url: w.url })}>
                  Deliveries
                </Button>
                {canEdit && (
                  <Button size="xs" color="red" variant="subtle" onClick={() => remove.mutate(w.id)} aria-label={`Remove the webhook to ${w.url}`}>
                    Remove
                  </Button>
                )}
              </Group>
            ),
          },
        ]}
      />
      {canEdit && (
        <form onSubmit={form.onSubmit((values) => add.mutate(values, { onSuccess: () => form.reset() }))}>
          <Group align="end" wrap="wrap">
            <Select label="Topic" data={TOPICS} allowDeselect={false} {...form.getInputProps('topic')} w={200} />
            <TextInput label="Address" type="url" placeholder="https://example.com/hooks/plaudit" required {...form.getInputProps('url')} w={{ base: '100%', sm: 360 }} />
            <Button type="submit" loading={add.isPending}>
              Add webhook
            </Button>
          </Group>
        </form>
      )}
      <Modal opened={open !== null} onClose={() => setOpen(null)} title={`Deliveries to ${open?.url ?? ''}`} size="xl">
        {open && <Deliveries shopId={shopId} webhookId={open.id} canEdit={canEdit} />}
      </Modal>
    </Section>
  );
}

function Deliveries({ shopId, webhookId, canEdit }: { shopId: string; webhookId: string; canEdit: boolean }) {
  const deliveries = useDeliveries(shopId, webhookId);
  const redeliver = useRedeliver(shopId, webhookId);
  return (
    <Stack>
      <FormError error={deliveries.error ?? redeliver.error} />
      {redeliver.isSuccess && (
        <Text size="sm" c="green.9" role="status">
          Sent again as a new delivery
        </Text>
      )}
      <DataTable
        label="Deliveries"
        empty="No delivery yet."
        rows={deliveries.data}
        rowKey={(d) => d.id}
        columns={[
          { header: 'When', cell: (d) => (d.created_at ? formatDate(d.created_at) : '—') },
          { header: 'Topic', cell: (d) => d.topic },
          { header: 'Status', cell: (d) => <Badge color={d.status === 'delivered' ? 'green' : d.status === 'failed' ? 'red' : 'yellow'}>{d.status}</Badge> },
          { header: 'Attempts', cell: (d) => d.attempts?.length ?? 0 },
          {
            header: 'Actions',
            cell: (d) =>
              canEdit && (
                <Button size="xs" variant="default" onClick={() => redeliver.mutate(d.id)}>
                  Redeliver
                </Button>
              ),
          },
        ]}
      />
    </Stack>
  );
}
