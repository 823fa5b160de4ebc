// A destructive action in a table row ("Delete", "End now"): small, red, and named with what it
// acts on, so a screen reader hears "Delete: binding rule x", not ten bare "Delete"s.
import { Button } from '@mantine/core';

export function RowAction({ label, what, onClick }: { label: string; what: string; onClick: () => void }) {
  return (
    <Button size="xs" variant="light" color="red" aria-label={`${label}: ${what}`} onClick={onClick}>
      {label}
    </Button>
  );
}
