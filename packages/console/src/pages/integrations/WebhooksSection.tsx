import { Badge, Button, Group, Modal, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { FormError } from '../../components/FormError';
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
    <Stack gap="sm" component="section" aria-labelledby="webhooks-heading">
      <Title order={2} size="h3" id="webhooks-heading">
        Webhooks
      </Title>
      <FormError error={webhooks.error ?? add.error ?? remove.error} />
      {webhooks.data && webhooks.data.items.length === 0 && <Text>No webhook subscription.</Text>}
      {webhooks.data && webhooks.data.items.length > 0 && (
        <Table.ScrollContainer minWidth={560} type="native" tabIndex={0}>
          <Table aria-label="Webhook subscriptions">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Topic</Table.Th>
                <Table.Th>Address</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Actions</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {webhooks.data.items.map((w) => (
                <Table.Tr key={w.id}>
                  <Table.Td>{w.topic}</Table.Td>
                  <Table.Td style={{ overflowWrap: 'anywhere' }}>{w.url}</Table.Td>
                  <Table.Td>
                    {w.status}
                    {w.disabled_reason ? `: ${w.disabled_reason}` : ''}
                  </Table.Td>
                  <Table.Td>
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
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
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
    </Stack>
  );
}

function Deliveries({ shopId, webhookId, canEdit }: { shopId: string; webhookId: string; canEdit: boolean }) {
  const deliveries = useDeliveries(shopId, webhookId);
  const redeliver = useRedeliver(shopId, webhookId);
  const rows = deliveries.data ?? [];
  return (
    <Stack>
      <FormError error={deliveries.error ?? redeliver.error} />
      {rows.length === 0 && !deliveries.isPending && <Text>No delivery yet.</Text>}
      {redeliver.isSuccess && (
        <Text size="sm" c="green.9" role="status">
          Sent again as a new delivery
        </Text>
      )}
      {rows.length > 0 && (
        <Table aria-label="Deliveries">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>When</Table.Th>
              <Table.Th>Topic</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Attempts</Table.Th>
              <Table.Th>Actions</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((d) => (
              <Table.Tr key={d.id}>
                <Table.Td>{d.created_at ? formatDate(d.created_at) : '—'}</Table.Td>
                <Table.Td>{d.topic}</Table.Td>
                <Table.Td>
                  <Badge color={d.status === 'delivered' ? 'green' : d.status === 'failed' ? 'red' : 'yellow'}>{d.status}</Badge>
                </Table.Td>
                <Table.Td>{d.attempts?.length ?? 0}</Table.Td>
                <Table.Td>
                  {canEdit && (
                    <Button size="xs" variant="default" onClick={() => redeliver.mutate(d.id)}>
                      Redeliver
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
