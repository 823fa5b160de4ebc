// The change calendar (?month=YYYY-MM, UTC): a month grid of changes and freeze windows; a change
// with conflicts is marked, and the list below explains each conflict with links to both changes.
import { Alert, Anchor, Badge, Box, Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { ErrorState, LoadingBlock } from '../components/States';
import { api } from '../lib/api';
import { dateTime } from '../lib/format';
import { ChangesNav } from './ChangesNav';
import { monthGrid, monthRange, parseMonth, shiftMonth } from './calendar';

const weekdays = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

export default function CalendarPage() {
  const [params, setParams] = useSearchParams();
  const month = parseMonth(params.get('month'));
  const { from, to } = monthRange(month);
  const calendar = useQuery({
    queryKey: ['changes', 'calendar', month],
    queryFn: () =>
      api('/api/v1/changes/calendar', 'changes.calendarOut', {
        query: { from: from.toISOString(), to: to.toISOString() },
      }),
  });
  const weeks = monthGrid(month, calendar.data);
  const conflicted = (calendar.data?.changes ?? []).filter((change) => change.conflicts.length > 0);
  const title = from.toLocaleDateString('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });

  return (
    <Stack gap="md">
      <ChangesNav />
      <Group justify="space-between">
        <Title order={1} fz="h2">
          Change calendar · {title}
        </Title>
        <Group gap="xs">
          <Button variant="default" onClick={() => setParams({ month: shiftMonth(month, -1) })}>
            Previous month
          </Button>
          <Button variant="default" onClick={() => setParams({ month: shiftMonth(month, 1) })}>
            Next month
          </Button>
        </Group>
      </Group>
      {calendar.isError ? <ErrorState error={calendar.error} onRetry={() => calendar.refetch()} /> : null}
      {calendar.isPending ? <LoadingBlock rows={6} height={80} /> : null}
      {calendar.data ? (
        <Table withTableBorder withColumnBorders layout="fixed" aria-label={`Changes in ${title} (UTC)`}>
          <Table.Thead>
            <Table.Tr>
              {weekdays.map((day) => (
                <Table.Th key={day}>{day}</Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {weeks.map((week) => (
              <Table.Tr key={week[0]!.date.toISOString()}>
                {week.map((day) => (
                  <Table.Td
                    key={day.date.toISOString()}
                    valign="top"
                    bg={day.freezes.length ? 'red.0' : undefined}
                    style={{ height: 96, opacity: day.inMonth ? 1 : 0.55 }}
                  >
                    <Text fz="xs" fw={700}>
                      {day.date.getUTCDate()}
                    </Text>
                    {day.freezes.map((freeze) => (
                      <Badge key={freeze.id} color="red" size="xs" variant="light" title={freeze.reason}>
                        Freeze: {freeze.name}
                      </Badge>
                    ))}
                    <Stack gap={2}>
                      {day.changes.map((change) => (
                        <Anchor
                          key={change.key}
                          component={Link}
                          to={`/tickets/${change.key}`}
                          fz="xs"
                          c={change.conflicts.length ? 'red.8' : undefined}
                          title={`${change.title} (${change.status})`}
                        >
                          {change.conflicts.length ? '⚠ ' : ''}
                          {change.key}
                        </Anchor>
                      ))}
                    </Stack>
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : null}
      {calendar.data ? (
        <Paper withBorder p="md" component="section" aria-labelledby="conflicts-heading">
          <Title order={2} fz="lg" id="conflicts-heading" mb="sm">
            Conflicts this month
          </Title>
          {conflicted.length === 0 ? (
            <Text c="gray.7">No conflicts.</Text>
          ) : (
            <Stack gap="sm">
              {conflicted.map((change) => (
                <Box key={change.key}>
                  <Text fw={600}>
                    <Anchor component={Link} to={`/tickets/${change.key}`}>
                      {change.key}
                    </Anchor>{' '}
                    {change.title} · {dateTime(change.plannedStart)}
                  </Text>
                  {change.conflicts.map((conflict) => (
                    <Alert key={conflict.message} color="red" variant="light" p="xs" mt={4}>
                      {conflict.message}{' '}
                      {conflict.change ? (
                        <Anchor component={Link} to={`/tickets/${conflict.change}`}>
                          Open {conflict.change}
                        </Anchor>
                      ) : null}
                    </Alert>
                  ))}
                </Box>
              ))}
            </Stack>
          )}
        </Paper>
      ) : null}
    </Stack>
  );
}
