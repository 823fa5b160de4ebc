// The change calendar (UTC): a month grid (?month=YYYY-MM) or a week (?view=week&week=YYYY-MM-DD,
// its Monday) of changes and freeze windows; a change with conflicts is marked, and the list below
// explains each conflict with links to both changes.
import {
  Alert,
  Anchor,
  Badge,
  Box,
  Button,
  Group,
  Paper,
  SegmentedControl,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { ErrorState, LoadingBlock } from '../components/States';
import { api } from '../lib/api';
import { dateTime } from '../lib/format';
import { ChangesNav } from './ChangesNav';
import {
  type Calendar,
  clock,
  mondayOf,
  monthGrid,
  monthRange,
  parseMonth,
  parseWeek,
  shiftMonth,
  shiftWeek,
  weekGrid,
  weekRange,
} from './calendar';

const weekdays = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

const dayLabel = (date: Date) =>
  date.toLocaleDateString('en-GB', { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' });

export default function CalendarPage() {
  const [params, setParams] = useSearchParams();
  const view = params.get('view') === 'week' ? 'week' : 'month';
  const month = parseMonth(params.get('month'));
  const week = parseWeek(params.get('week') ?? (params.get('month') ? `${month}-01` : null));
  const { from, to } = view === 'week' ? weekRange(week) : monthRange(month);
  const calendar = useQuery({
    queryKey: ['changes', 'calendar', view, view === 'week' ? week : month],
    queryFn: () =>
      api('/api/v1/changes/calendar', 'changes.calendarOut', {
        query: { from: from.toISOString(), to: to.toISOString() },
      }),
  });
  const conflicted = (calendar.data?.changes ?? []).filter((change) => change.conflicts.length > 0);
  const title =
    view === 'week'
      ? `week of ${dayLabel(from)} ${from.getUTCFullYear()}`
      : from.toLocaleDateString('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
  const period = view === 'week' ? 'week' : 'month';
  const shift = (by: number) =>
    setParams(view === 'week' ? { view, week: shiftWeek(week, by) } : { month: shiftMonth(month, by) });

  return (
    <Stack gap="md">
      <ChangesNav />
      <Group justify="space-between">
        <Title order={1} fz="h2">
          Change calendar · {title}
        </Title>
        <Group gap="xs">
          <SegmentedControl
            aria-label="Calendar view"
            value={view}
            data={[
              { value: 'month', label: 'Month' },
              { value: 'week', label: 'Week' },
            ]}
            onChange={(next) =>
              setParams(
                next === 'week'
                  ? { view: 'week', week: mondayOf(view === 'month' ? monthRange(month).from : from) }
                  : { month: week.slice(0, 7) },
              )
            }
          />
          <Button variant="default" onClick={() => shift(-1)}>
            Previous {period}
          </Button>
          <Button variant="default" onClick={() => shift(1)}>
            Next {period}
          </Button>
        </Group>
      </Group>
      {calendar.isError ? <ErrorState error={calendar.error} onRetry={() => calendar.refetch()} /> : null}
      {calendar.isPending ? <LoadingBlock rows={6} height={80} /> : null}
      {calendar.data && view === 'week' ? <WeekView week={week} calendar={calendar.data} /> : null}
      {calendar.data && view === 'month' ? (
        <MonthView month={month} title={title} calendar={calendar.data} />
      ) : null}
      {calendar.data ? (
        <Paper withBorder p="md" component="section" aria-labelledby="conflicts-heading">
          <Title order={2} fz="lg" id="conflicts-heading" mb="sm">
            Conflicts this {period}
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

function MonthView({ month, title, calendar }: { month: string; title: string; calendar: Calendar }) {
  const weeks = monthGrid(month, calendar);
  return (
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
  );
}

/** Seven day columns; each change shows its hours that day (⇤/⇥ where it runs over midnight). */
function WeekView({ week, calendar }: { week: string; calendar: Calendar }) {
  const days = weekGrid(week, calendar);
  return (
    <Table
      withTableBorder
      withColumnBorders
      layout="fixed"
      aria-label={`Changes in the week of ${week} (UTC)`}
    >
      <Table.Thead>
        <Table.Tr>
          {days.map((day) => (
            <Table.Th key={day.date.toISOString()}>{dayLabel(day.date)}</Table.Th>
          ))}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        <Table.Tr>
          {days.map((day) => (
            <Table.Td
              key={day.date.toISOString()}
              valign="top"
              bg={day.freezes.length ? 'red.0' : undefined}
              style={{ height: 240 }}
            >
              <Stack gap={4}>
                {day.freezes.map((freeze) => (
                  <Badge key={freeze.id} color="red" size="xs" variant="light" title={freeze.reason}>
                    Freeze: {freeze.name}
                  </Badge>
                ))}
                {day.slots.length === 0 && day.freezes.length === 0 ? (
                  <Text fz="xs" c="gray.6">
                    Nothing planned
                  </Text>
                ) : null}
                {day.slots.map((slot) => {
                  const conflicts = slot.change.conflicts.length;
                  return (
                    <Paper
                      key={slot.change.key}
                      withBorder
                      p={4}
                      bg={conflicts ? 'red.0' : 'blue.0'}
                      style={{ borderColor: conflicts ? 'var(--mantine-color-red-6)' : undefined }}
                    >
                      <Text fz="xs" c="gray.7">
                        {slot.continued ? '⇤ ' : ''}
                        {clock(slot.startMinute)}–{clock(slot.endMinute)}
                        {slot.continues ? ' ⇥' : ''}
                      </Text>
                      <Anchor
                        component={Link}
                        to={`/tickets/${slot.change.key}`}
                        fz="xs"
                        fw={600}
                        c={conflicts ? 'red.8' : undefined}
                        title={`${slot.change.title} (${slot.change.status})`}
                      >
                        {conflicts ? '⚠ ' : ''}
                        {slot.change.key}
                      </Anchor>
                      <Text fz="xs" lineClamp={2}>
                        {slot.change.title}
                      </Text>
                      <Group gap={2}>
                        <Badge size="xs" variant="outline">
                          {slot.change.status}
                        </Badge>
                        <Badge
                          size="xs"
                          variant="light"
                          color={slot.change.riskLevel === 'high' ? 'red' : 'gray'}
                        >
                          {slot.change.riskLevel} risk
                        </Badge>
                      </Group>
                    </Paper>
                  );
                })}
              </Stack>
            </Table.Td>
          ))}
        </Table.Tr>
      </Table.Tbody>
    </Table>
  );
}
