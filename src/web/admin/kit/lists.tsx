// How every admin page lists its records: a header (title, what the page is for, the "New …"
// action), the loading / error / empty states of the list's query, record cards with an Edit
// button, and a scrollable table.
import { Button, Card, Group, ScrollArea, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { ErrorState, LoadingBlock } from '../../components/States';

/** A page's title, what it is for, and its main action. */
export function AdminPageHeader({
  title,
  description,
  action,
}: {
  title: ReactNode;
  description: ReactNode;
  action?: ReactNode;
}) {
  return (
    <Group justify="space-between" align="flex-end">
      <div>
        <Title order={1}>{title}</Title>
        <Text size="sm" c="gray.7">
          {description}
        </Text>
      </div>
      {action}
    </Group>
  );
}

/** The head of a list inside a tab: what it holds and its "New …" action. */
export function ListHeader({ description, action }: { description: ReactNode; action: ReactNode }) {
  return (
    <Group justify="space-between">
      <Text size="sm" c="gray.7">
        {description}
      </Text>
      {action}
    </Group>
  );
}

interface QueryLike<T> {
  isPending: boolean;
  isError: boolean;
  error: unknown;
  data: T | undefined;
  refetch: () => unknown;
}

/**
 * A query's loading (skeleton rows of the content's height), error (with Try again) and empty
 * states, or its content.
 */
export function QueryBlock<T>({
  query,
  rows = 4,
  height = 36,
  isEmpty,
  empty,
  children,
}: {
  query: QueryLike<T>;
  rows?: number;
  height?: number;
  isEmpty?: (data: T) => boolean;
  /** What an empty list says (an EmptyState). */
  empty?: ReactNode | ((data: T) => ReactNode);
  children: (data: T) => ReactNode;
}) {
  if (query.isPending) return <LoadingBlock rows={rows} height={height} />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  const data = query.data as T;
  if (isEmpty?.(data)) return <>{typeof empty === 'function' ? empty(data) : empty}</>;
  return <>{children(data)}</>;
}

/** Cards side by side on a wide screen, one column on a phone. */
export function RecordGrid({ children }: { children: ReactNode }) {
  return <SimpleGrid cols={{ base: 1, md: 2 }}>{children}</SimpleGrid>;
}

/** A record as a card: its name (a heading), its key, an Edit button, then what it says. */
export function RecordCard({
  name,
  recordKey,
  onEdit,
  gap = 'xs',
  children,
}: {
  name: string;
  /** The record's key line under its name (monospace). */
  recordKey: ReactNode;
  onEdit: () => void;
  gap?: 'xs' | number;
  children: ReactNode;
}) {
  return (
    <Card withBorder>
      <Stack gap={gap}>
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <div style={{ minWidth: 0 }}>
            <Title order={2} size="h4">
              {name}
            </Title>
            <Text size="xs" c="gray.7" ff="monospace">
              {recordKey}
            </Text>
          </div>
          <Button size="xs" variant="light" onClick={onEdit} aria-label={`Edit ${name}`}>
            Edit
          </Button>
        </Group>
        {children}
      </Stack>
    </Card>
  );
}

/** A table that scrolls sideways on a narrow screen, with its column headings. */
export function RecordTable({
  columns,
  minWidth,
  busy,
  children,
}: {
  /** A column given as { label, phone: false } is left out on a phone (its cells use `desktopOnly`). */
  columns: (string | { label: string; phone: false })[];
  minWidth: number;
  busy?: boolean;
  children: ReactNode;
}) {
  const phoneColumns = columns.some((column) => typeof column !== 'string');
  return (
    <ScrollArea type="auto">
      <Table
        striped
        highlightOnHover
        miw={phoneColumns ? { base: 0, sm: minWidth } : minWidth}
        verticalSpacing="xs"
        aria-busy={busy}
      >
        <Table.Thead>
          <Table.Tr>
            {columns.map((column) =>
              typeof column === 'string' ? (
                <Table.Th key={column}>{column}</Table.Th>
              ) : (
                <Table.Th key={column.label} {...desktopOnly}>
                  {column.label}
                </Table.Th>
              ),
            )}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>{children}</Table.Tbody>
      </Table>
    </ScrollArea>
  );
}

/** Props of a cell of a column left out on a phone (see RecordTable). */
export const desktopOnly = { visibleFrom: 'sm' } as const;
