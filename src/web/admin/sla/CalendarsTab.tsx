// Working-time calendars: 24×7 or business hours per weekday in a time zone, with holidays.
// List of cards; the editor is a drawer at ?tab=calendars&edit=<key>|new (CalendarEditor.tsx).
import { Badge, Button, Group, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { EmptyState } from '../../components/States';
import { dateTime } from '../../lib/format';
import { ListHeader, QueryBlock, RecordCard, RecordGrid, Saved, useUrlParam } from '../kit';
import { CalendarEditor } from './CalendarEditor';
import { useCalendars } from './slaData';
import { summariseWeek } from './slaForm';

export function CalendarsTab() {
  const calendars = useCalendars();
  const [edit, setEdit] = useUrlParam('edit');
  const [saved, setSaved] = useState<string | null>(null);

  return (
    <Stack>
      <ListHeader
        description="Policy metrics count time in one of these calendars."
        action={<Button onClick={() => setEdit('new')}>New calendar</Button>}
      />
      {saved ? <Saved>{saved}</Saved> : null}
      <QueryBlock
        query={calendars}
        rows={2}
        height={110}
        isEmpty={(data) => data.length === 0}
        empty={
          <EmptyState title="No calendars">Metrics without a calendar count around the clock.</EmptyState>
        }
      >
        {(data) => (
          <RecordGrid>
            {data.map((entry) => (
              <RecordCard
                key={entry.key}
                name={entry.calendar.name}
                recordKey={entry.key}
                onEdit={() => setEdit(entry.key)}
                gap={6}
              >
                <Group gap="xs">
                  <Badge variant="light" radius="sm" color={entry.calendar.kind === '24x7' ? 'teal' : 'blue'}>
                    {entry.calendar.kind === '24x7' ? '24×7' : 'Business hours'}
                  </Badge>
                  <Text size="sm">{entry.calendar.timeZone}</Text>
                </Group>
                {entry.calendar.kind === 'business' ? (
                  <Text size="sm">{summariseWeek(entry.calendar.week)}</Text>
                ) : null}
                <Text size="sm" c="gray.7">
                  {entry.calendar.holidays.length} holiday{entry.calendar.holidays.length === 1 ? '' : 's'} ·
                  used by {entry.usedBy.length} polic{entry.usedBy.length === 1 ? 'y' : 'ies'} · updated{' '}
                  {dateTime(entry.updatedAt)}
                </Text>
              </RecordCard>
            ))}
          </RecordGrid>
        )}
      </QueryBlock>
      {edit ? (
        <CalendarEditor
          key={edit}
          calendarKey={edit === 'new' ? null : edit}
          calendars={calendars.data}
          onClose={() => setEdit(null)}
          onSaved={(message) => {
            setSaved(message);
            setEdit(null);
          }}
        />
      ) : null}
    </Stack>
  );
}
