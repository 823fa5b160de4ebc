// A schedule's calendar as a timeline: one row per day (in the viewer's time zone), each shift a
// bar as wide as its share of the day, coloured per person, with a table for screen readers.
import { Badge, Box, Group, Stack, Text, Tooltip, VisuallyHidden } from '@mantine/core';

export interface TimelineShift {
  start: string;
  end: string;
  users: { id: string; name: string }[];
}

const palette = ['blue', 'teal', 'grape', 'orange', 'cyan', 'pink', 'lime', 'indigo', 'red', 'yellow'];
const dayMs = 86_400_000;

export function colourOf(ids: string[], id: string): string {
  return palette[Math.max(0, ids.indexOf(id)) % palette.length]!;
}

export function ShiftTimeline({ shifts, from, days }: { shifts: TimelineShift[]; from: Date; days: number }) {
  const people = [...new Map(shifts.flatMap((shift) => shift.users.map((user) => [user.id, user]))).values()];
  const ids = people.map((person) => person.id);
  const rows = Array.from({ length: days }, (_, index) => {
    const start = from.getTime() + index * dayMs;
    const end = start + dayMs;
    const parts = shifts.flatMap((shift) => {
      const s = Math.max(start, Date.parse(shift.start));
      const e = Math.min(end, Date.parse(shift.end));
      return e > s ? [{ shift, left: (s - start) / dayMs, width: (e - s) / dayMs }] : [];
    });
    return { start, parts };
  });
  const time = (iso: string) =>
    new Date(iso).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' });
  return (
    <Stack gap={6}>
      <Group gap="xs">
        {people.map((person) => (
          <Badge key={person.id} color={colourOf(ids, person.id)} variant="light">
            {person.name}
          </Badge>
        ))}
      </Group>
      {rows.map((row) => (
        <Group key={row.start} gap="xs" wrap="nowrap" aria-hidden>
          <Text size="xs" w={90} c="gray.7">
            {new Date(row.start).toLocaleDateString(undefined, {
              weekday: 'short',
              day: 'numeric',
              month: 'short',
            })}
          </Text>
          <Box pos="relative" h={22} style={{ flex: 1, background: 'var(--mantine-color-gray-1)' }}>
            {row.parts.map((part) => (
              <Tooltip
                key={`${part.shift.start}-${row.start}`}
                label={`${part.shift.users.map((user) => user.name).join(', ')}: ${time(part.shift.start)} – ${time(part.shift.end)}`}
              >
                <Box
                  pos="absolute"
                  top={0}
                  h={22}
                  style={{
                    left: `${part.left * 100}%`,
                    width: `${part.width * 100}%`,
                    background: `var(--mantine-color-${colourOf(ids, part.shift.users[0]?.id ?? '')}-3)`,
                    borderRight: '1px solid white',
                  }}
                />
              </Tooltip>
            ))}
          </Box>
        </Group>
      ))}
      <VisuallyHidden>
        <table>
          <caption>Shifts</caption>
          <tbody>
            {shifts.map((shift) => (
              <tr key={shift.start}>
                <td>{time(shift.start)}</td>
                <td>{time(shift.end)}</td>
                <td>{shift.users.map((user) => user.name).join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </VisuallyHidden>
    </Stack>
  );
}
