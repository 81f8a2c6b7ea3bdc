import { Badge } from '@mantine/core';
import { STATUS_COLORS, STATUS_LABELS } from './review-labels';

export function StatusBadge({ status }: { status: string }) {
  return (
    <Badge color={STATUS_COLORS[status] ?? 'gray'} variant="filled" autoContrast>
      {STATUS_LABELS[status] ?? status}
    </Badge>
  );
}
