// A service's availability over a period (kept in the URL: ?service=&from=&to=&calendar=&target=):
// the figures, a timeline of the outage intervals behind them (the chart), the intervals as a
// table, the CSV link, and the service's capacity plan (its CIs' headroom and forecasts).
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, withQuery } from '../lib/api';
import { dateTime, duration } from '../lib/format';

const fields = ['service', 'from', 'to', 'calendar', 'target'] as const;
type Field = (typeof fields)[number];

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <Card withBorder padding="sm">
      <Text size="xs" c="gray.7">
        {label}
      </Text>
      <Text fw={700} size="lg">
        {value}
      </Text>
    </Card>
  );
}

/** The period as a bar; each outage interval a mark on it (red: major, orange: partial). */
function Timeline({
  from,
  to,
  intervals,
}: {
  from: string;
  to: string;
  intervals: Array<{ start: string; end: string; worst: string; incidents: string[] }>;
}) {
  const start = Date.parse(from);
  const span = Math.max(1, Date.parse(to) - start);
  const x = (iso: string) => Math.min(100, Math.max(0, ((Date.parse(iso) - start) / span) * 100));
  return (
    <svg
      role="img"
      aria-label={`${intervals.length} outage intervals between ${dateTime(from)} and ${dateTime(to)}`}
      viewBox="0 0 100 12"
      preserveAspectRatio="none"
      style={{ width: '100%', height: 48, display: 'block' }}
    >
      <rect x={0} y={2} width={100} height={8} fill="var(--mantine-color-green-2)" />
      {intervals.map((interval) => (
        <rect
          key={`${interval.start}-${interval.incidents.join()}`}
          x={x(interval.start)}
          y={0}
          width={Math.max(0.3, x(interval.end) - x(interval.start))}
          height={12}
          fill={
            interval.worst === 'major_outage' ? 'var(--mantine-color-red-7)' : 'var(--mantine-color-orange-5)'
          }
        >
          <title>{`${dateTime(interval.start)} – ${dateTime(interval.end)}: ${interval.incidents.join(', ')}`}</title>
        </rect>
      ))}
    </svg>
  );
}

function CapacityPlan({ service }: { service: string }) {
  const plan = useQuery({
    queryKey: ['capacity', 'plan', service],
    queryFn: ({ signal }) =>
      api(`/api/v1/capacity/services/${encodeURIComponent(service)}/plan`, 'capacity.planOut', { signal }),
  });
  if (plan.isPending) return <Text size="sm">Loading the capacity plan…</Text>;
  if (plan.isError) return <Alert color="red">{(plan.error as Error).message}</Alert>;
  if (plan.data.rows.length === 0)
    return <Text size="sm">No capacity metrics for this service or what it depends on yet.</Text>;
  const days = (value: number | null | undefined) => (value == null ? '—' : `${value.toFixed(1)} d`);
  return (
    <Table striped withTableBorder fz="sm">
      <Table.Caption>Headroom per CI and metric, least first</Table.Caption>
      <Table.Thead>
        <Table.Tr>
          {['CI', 'Metric', 'Last', 'Threshold', 'Headroom', 'Reaches it in', '95 % interval', 'Problem'].map(
            (column) => (
              <Table.Th key={column}>{column}</Table.Th>
            ),
          )}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {plan.data.rows.map((row) => (
          <Table.Tr key={`${row.ci.id}-${row.metric}`}>
            <Table.Th scope="row">
              <Anchor component={Link} to={`/cmdb/${row.ci.id}`}>
                {row.ci.name}
              </Anchor>
            </Table.Th>
            <Table.Td>{row.metric}</Table.Td>
            <Table.Td>{row.last.value.toFixed(2)}</Table.Td>
            <Table.Td>{row.threshold ?? '—'}</Table.Td>
            <Table.Td>
              {row.headroomPercent == null ? (
                '—'
              ) : (
                <Badge
                  color={row.headroomPercent < 10 ? 'red' : row.headroomPercent < 25 ? 'orange' : 'green'}
                >
                  {row.headroomPercent.toFixed(1)} %
                </Badge>
              )}
            </Table.Td>
            <Table.Td>{row.crossing ? days(row.crossing.expectedDays) : '—'}</Table.Td>
            <Table.Td>
              {row.crossing ? `${days(row.crossing.earliestDays)} – ${days(row.crossing.latestDays)}` : '—'}
            </Table.Td>
            <Table.Td>
              {row.problem ? (
                <Anchor component={Link} to={`/tickets/${row.problem}`}>
                  {row.problem}
                </Anchor>
              ) : (
                '—'
              )}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

export default function AvailabilityPage() {
  const [params, setParams] = useSearchParams();
  const current = Object.fromEntries(fields.map((field) => [field, params.get(field) ?? ''])) as Record<
    Field,
    string
  >;
  const [draft, setDraft] = useState(current);
  const query = Object.fromEntries(
    fields.filter((field) => current[field]).map((field) => [field, current[field]]),
  );
  const report = useQuery({
    queryKey: ['reports', 'availability', query],
    queryFn: ({ signal }) =>
      api('/api/v1/reports/availability', 'availability.availabilityOut', { query, signal }),
    enabled: Boolean(current.service),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setParams(
      Object.fromEntries(fields.filter((field) => draft[field]).map((field) => [field, draft[field]])),
    );
  };
  const input = (field: Field, label: string, placeholder: string) => (
    <TextInput
      label={label}
      placeholder={placeholder}
      value={draft[field]}
      onChange={(event) => setDraft({ ...draft, [field]: event.currentTarget.value })}
    />
  );
  const data = report.data;

  return (
    <Stack gap="md">
      <Title order={1}>Availability</Title>
      <form onSubmit={submit} aria-label="Availability query">
        <Group align="flex-end" gap="sm">
          {input('service', 'Service', 'name or id')}
          {input('from', 'From', 'YYYY-MM-DD')}
          {input('to', 'To', 'YYYY-MM-DD')}
          {input('calendar', 'Service hours (calendar key)', 'all hours')}
          {input('target', 'Target %', 'e.g. 99.9')}
          <Button type="submit">Show</Button>
        </Group>
      </form>
      {!current.service ? <Text size="sm">Name a service to see its availability.</Text> : null}
      {report.isError ? <Alert color="red">{(report.error as Error).message}</Alert> : null}
      {data ? (
        <>
          <Group justify="space-between">
            <Title order={2} size="h3">
              {data.service.name}: {data.availabilityPercent.toFixed(3)} %
            </Title>
            <Anchor
              href={withQuery('/api/v1/reports/availability', { ...query, format: 'csv' })}
              download="availability.csv"
            >
              Download CSV
            </Anchor>
          </Group>
          <SimpleGrid cols={{ base: 2, md: 4 }} spacing="sm">
            <Figure label="Outages" value={String(data.outages)} />
            <Figure label="MTTR" value={data.mttrSeconds === null ? '—' : duration(data.mttrSeconds)} />
            <Figure label="MTBF" value={data.mtbfSeconds === null ? '—' : duration(data.mtbfSeconds)} />
            <Figure label="Down (weighted)" value={duration(data.weightedDownSeconds)} />
            <Figure label="Agreed time" value={duration(data.agreedSeconds)} />
            <Figure label="Maintenance left out" value={duration(data.maintenanceSeconds)} />
            <Figure
              label="Outside service hours"
              value={data.calendar ? duration(data.outsideHoursSeconds) : 'all hours count'}
            />
            <Figure
              label="Error budget left"
              value={
                data.errorBudget ? duration(Math.max(0, data.errorBudget.remainingSeconds)) : 'no target'
              }
            />
          </SimpleGrid>
          <Card withBorder padding="md" component="section" aria-label="Outage timeline">
            <Text size="sm" mb="xs">
              {dateTime(data.from)} – {dateTime(data.to)}: green up, red a major outage, orange a partial one
            </Text>
            <Timeline from={data.from} to={data.to} intervals={data.intervals} />
          </Card>
          <Table striped withTableBorder fz="sm">
            <Table.Caption>The intervals behind the number</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                {['Start', 'End', 'Worst', 'Down', 'Weighted', 'Incidents'].map((column) => (
                  <Table.Th key={column}>{column}</Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.intervals.map((interval) => (
                <Table.Tr key={`${interval.start}-${interval.incidents.join()}`}>
                  <Table.Td>{dateTime(interval.start)}</Table.Td>
                  <Table.Td>{interval.ongoing ? 'ongoing' : dateTime(interval.end)}</Table.Td>
                  <Table.Td>{interval.worst === 'major_outage' ? 'major' : 'partial'}</Table.Td>
                  <Table.Td>{duration(interval.downSeconds)}</Table.Td>
                  <Table.Td>{duration(interval.weightedDownSeconds)}</Table.Td>
                  <Table.Td>
                    {interval.incidents.map((key) => (
                      <Anchor key={key} component={Link} to={`/tickets/${key}`} mr="xs">
                        {key}
                      </Anchor>
                    ))}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Title order={2} size="h3">
            Capacity plan
          </Title>
          <CapacityPlan service={data.service.id} />
        </>
      ) : null}
    </Stack>
  );
}
