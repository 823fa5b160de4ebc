// An environment's state as a coloured badge.
import { Badge } from '@mantine/core';
import { stateColors } from './envForm';

export function StateBadge({ state }: { state: string }) {
  return (
    <Badge color={stateColors[state] ?? 'gray'} variant="light" radius="sm" data-state={state}>
      {state}
    </Badge>
  );
}
