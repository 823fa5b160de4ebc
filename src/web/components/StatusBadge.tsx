import { Badge } from '@mantine/core';
import { outcomeLabel, statusColors, statusLabel } from '../lib/format';

/**
 * A ticket's status; when the ticket carries an outcome (a request its approver declined is
 * `cancelled` with outcome `declined`), the outcome's word instead, with the reason as its title.
 */
export function StatusBadge({
  status,
  outcome,
}: {
  status: string;
  outcome?: string | { key: string; reason?: string | null } | null | undefined;
}) {
  const key = typeof outcome === 'string' ? outcome : outcome?.key;
  const reason = typeof outcome === 'object' ? outcome?.reason : null;
  return (
    <Badge
      color={statusColors[status] ?? 'gray'}
      variant="light"
      data-status={status}
      data-outcome={key || undefined}
      radius="sm"
      title={key && reason ? `${outcomeLabel(key)}: ${reason}` : undefined}
    >
      {key ? outcomeLabel(key) : statusLabel(status)}
    </Badge>
  );
}
