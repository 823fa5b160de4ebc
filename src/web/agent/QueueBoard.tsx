// The queue as a kanban board: a column per status, a card per ticket.
import { Anchor, Group, Paper, ScrollArea, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { SlaCell } from '../components/SlaCell';
import { dateTime, statusLabel, timeAgo } from '../lib/format';
import type { QueueRow } from './filters';
import { selectedStyle } from './QueueTable';

export function QueueBoard({
  columns,
  rows,
  now,
  typeName,
  selectedKey,
}: {
  columns: string[];
  rows: QueueRow[];
  now: number;
  typeName: (key: string | null) => string;
  selectedKey: string | undefined;
}) {
  return (
    <ScrollArea type="auto" offsetScrollbars>
      <Group align="flex-start" wrap="nowrap" gap="sm" pb="xs">
        {columns.map((status) => {
          const cards = rows.filter((row) => row.status === status);
          return (
            <Paper
              key={status}
              withBorder
              p="xs"
              w={260}
              miw={260}
              bg="gray.0"
              component="section"
              aria-label={`${statusLabel(status)}: ${cards.length}`}
            >
              <Group justify="space-between" mb="xs" wrap="nowrap">
                <Title order={2} fz="sm">
                  {statusLabel(status)}
                </Title>
                <Text fz="xs" fw={700} c="gray.7">
                  {cards.length}
                </Text>
              </Group>
              <Stack gap={6}>
                {cards.length === 0 ? (
                  <Text fz="xs" c="gray.7" py="xs" ta="center">
                    Nothing here
                  </Text>
                ) : null}
                {cards.map((row) => (
                  <BoardCard
                    key={row.key}
                    row={row}
                    now={now}
                    typeName={typeName}
                    selected={row.key === selectedKey}
                  />
                ))}
              </Stack>
            </Paper>
          );
        })}
      </Group>
    </ScrollArea>
  );
}

function BoardCard({
  row,
  now,
  typeName,
  selected,
}: {
  row: QueueRow;
  now: number;
  typeName: (key: string | null) => string;
  selected: boolean;
}): ReactNode {
  return (
    <Paper
      id={`queue-item-${row.key}`}
      withBorder
      p="xs"
      data-selected={selected || undefined}
      style={selected ? selectedStyle : undefined}
    >
      <Stack gap={4}>
        <Group justify="space-between" wrap="nowrap" gap={4}>
          <Anchor component={Link} to={`/tickets/${row.key}`} fw={600} fz="sm">
            {row.key}
          </Anchor>
          <Text fz="xs" c="gray.7" title={dateTime(row.updatedAt)}>
            {timeAgo(row.updatedAt)}
          </Text>
        </Group>
        <Text fz="sm" lineClamp={2}>
          {typeName(row.requestType)}
        </Text>
        <Text fz="xs" c="gray.7" lineClamp={1}>
          {row.title}
        </Text>
        <Text fz="xs" c="gray.7">
          {row.requester.displayName}
          {row.team ? ` · ${row.team.name}` : ''}
        </Text>
        <SlaCell sla={row.sla} now={now} />
      </Stack>
    </Paper>
  );
}
