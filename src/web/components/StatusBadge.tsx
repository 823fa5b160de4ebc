import { Badge } from '@mantine/core';
import { statusColors, statusLabel } from '../lib/format';

export function StatusBadge({ status }: { status: string }) {
  return (
    <Badge color={statusColors[status] ?? 'gray'} variant="light" data-status={status} radius="sm">
      {statusLabel(status)}
    </Badge>
  );
}
