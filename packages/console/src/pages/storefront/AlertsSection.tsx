import { Group, Select, Stack, Switch, Text, Title } from '@mantine/core';
import { FormError } from '../../components/FormError';
import { useAlerts, useSaveAlerts } from './storefront.queries';

/** Owners get an email for each new review at or below the chosen rating. */
export function AlertsSection({ shopId, canEdit }: { shopId: string; canEdit: boolean }) {
  const alerts = useAlerts(shopId);
  const save = useSaveAlerts(shopId);
  const current = alerts.data;
  return (
    <Stack gap="sm" component="section" aria-labelledby="alerts-heading">
      <Title order={2} size="h3" id="alerts-heading">
        Low-rating alerts
      </Title>
      <FormError error={alerts.error ?? save.error} />
      {current && (
        <Group align="end" wrap="wrap">
          <Switch label="Email the owners about each new low rating" checked={current.enabled} disabled={!canEdit} onChange={(e) => save.mutate({ ...current, enabled: e.currentTarget.checked })} />
          <Select
            label="At or below"
            data={['1', '2', '3', '4', '5'].map((n) => ({ value: n, label: `${n} star${n === '1' ? '' : 's'}` }))}
            value={String(current.max_rating)}
            allowDeselect={false}
            disabled={!canEdit}
            onChange={(v) => v && save.mutate({ ...current, max_rating: Number(v) })}
            w={140}
          />
        </Group>
      )}
      {save.isSuccess && (
        <Text size="sm" c="green.9" role="status">
          Alerts saved
        </Text>
      )}
    </Stack>
  );
}
