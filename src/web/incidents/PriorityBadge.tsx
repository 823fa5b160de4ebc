import { Badge } from '@mantine/core';
import { priorityColors, serviceStatusColors, serviceStatusWords } from './incidents';

export function PriorityBadge({ priority }: { priority: string }) {
  return (
    <Badge color={priorityColors[priority] ?? 'gray'} variant="light" radius="sm" data-priority={priority}>
      {priority}
    </Badge>
  );
}

export function ServiceStatusBadge({ status }: { status: string }) {
  return (
    <Badge color={serviceStatusColors[status] ?? 'gray'} variant="light" radius="sm">
      {serviceStatusWords[status] ?? status}
    </Badge>
  );
}
