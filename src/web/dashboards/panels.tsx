// The dashboard's charts, one per report. Each reads the same range and exports it as CSV.
import { Group, NativeSelect, Stack, Table, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import type { Query } from '../lib/api';
import { duration } from '../lib/format';
import { BarChart, barChartHeight, StackedBarChart } from './charts/BarCharts';
import { type BucketUnit, bucketLabel, bucketTitle, toBuckets } from './charts/buckets';
import { ChartCard, type ChartState, chartColors, Legend } from './charts/ChartCard';
import { ColumnChart } from './charts/ColumnChart';
import { Donut, formatPercent } from './charts/Donut';
import { countTicks, durationTicks, percentTicks, shortDuration } from './charts/scale';
import {
  type CreatedResolvedReport,
  csvHref,
  metricName,
  type NeedFurtherSupportReport,
  type ResolutionTimeReport,
  type SlaReport,
  useReport,
  useSlaMetrics,
} from './reports';

const defaultRows = 4;

interface QueryLike {
  isPending: boolean;
  isError: boolean;
  isPlaceholderData: boolean;
  isFetching: boolean;
  error: unknown;
  refetch: () => unknown;
}

function stateOf(query: QueryLike, hasData: boolean, empty: boolean): ChartState {
  if (query.isPending) return 'loading';
  if (query.isError && !hasData) return 'error';
  if (query.isError) return 'error';
  return empty ? 'empty' : 'ready';
}

/** A report's figures as a table: the caption, one header a column, then the body rows. */
function ReportTable({
  caption,
  columns,
  children,
}: {
  caption: ReactNode;
  columns: string[];
  children: ReactNode;
}) {
  return (
    <Table striped withTableBorder fz="sm">
      <Table.Caption>{caption}</Table.Caption>
      <Table.Thead>
        <Table.Tr>
          {columns.map((column) => (
            <Table.Th key={column} scope="col">
              {column}
            </Table.Th>
          ))}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>{children}</Table.Tbody>
    </Table>
  );
}

/** The ChartCard props that follow from the report's query: its state, error, retry and refresh. */
function queryCardProps(query: QueryLike & { data?: unknown }, empty: boolean) {
  return {
    state: stateOf(query, Boolean(query.data), empty),
    error: query.error,
    onRetry: () => void query.refetch(),
    refreshing: query.isPlaceholderData && query.isFetching,
  };
}

const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

export function ResolutionTimePanel({
  query,
  metric,
  onMetric,
}: {
  query: Query;
  metric: string;
  onMetric: (value: string) => void;
}) {
  const metrics = useSlaMetrics();
  const fullQuery = { ...query, metric };
  const report = useReport<ResolutionTimeReport>('resolution-time', fullQuery);
  const rows = report.data?.requestTypes ?? [];
  const empty = rows.every((row) => row.count === 0);
  const max = Math.max(0, ...rows.flatMap((row) => [row.averageSeconds ?? 0, row.targetSeconds ?? 0]));
  const metricOptions = metrics.data?.length ? metrics.data : [{ value: metric, label: metricName(metric) }];
  const targetMetric = rows.find((row) => row.targetMetric)?.targetMetric;
  const title = `${metricOptions.find((option) => option.value === metric)?.label ?? metricName(metric)} per request type`;

  return (
    <ChartCard
      title={title}
      description="Average per request type against its SLA target (the dark line). Without a goal for this measure, the type's first SLA goal is the target."
      csvHref={csvHref('resolution-time', fullQuery)}
      csvFileName="resolution-time.csv"
      {...queryCardProps(report, empty)}
      emptyText="No ticket finished this clock in the range. Pick a longer range."
      height={(width) => barChartHeight(report.data ? rows.length : defaultRows, width)}
      summary={
        <Group justify="space-between" align="flex-end" gap="xs">
          <Legend
            items={[
              { label: 'Average within target', color: chartColors.primary },
              { label: 'Average over target', color: chartColors.breached },
              { label: 'Target', color: chartColors.target, marker: 'line' },
            ]}
          />
          <NativeSelect
            size="xs"
            label="Measure"
            value={metric}
            onChange={(event) => onMetric(event.currentTarget.value)}
            data={metricOptions}
            w={200}
          />
        </Group>
      }
      table={
        <ReportTable
          caption={title}
          columns={[
            'Request type',
            'Tickets',
            'Average',
            'Median',
            '90th percentile',
            `Target${targetMetric && targetMetric !== metric ? ` (${metricName(targetMetric).toLowerCase()})` : ''}`,
            'Met',
            'Breached',
          ]}
        >
          {rows.map((row) => (
            <Table.Tr key={row.requestType}>
              <Table.Th scope="row">{row.name}</Table.Th>
              <Table.Td>{row.count}</Table.Td>
              <Table.Td>{duration(row.averageSeconds)}</Table.Td>
              <Table.Td>{duration(row.p50Seconds)}</Table.Td>
              <Table.Td>{duration(row.p90Seconds)}</Table.Td>
              <Table.Td>{duration(row.targetSeconds)}</Table.Td>
              <Table.Td>{row.metCount}</Table.Td>
              <Table.Td>{row.breachedCount}</Table.Td>
            </Table.Tr>
          ))}
        </ReportTable>
      }
    >
      {(width) => (
        <BarChart
          title={title}
          width={width}
          axis={{ ticks: durationTicks(max, width < 500 ? 3 : 5), format: shortDuration }}
          rows={rows.map((row) => ({
            key: row.requestType,
            label: row.name,
            value: row.averageSeconds,
            valueText:
              row.averageSeconds === null
                ? 'No tickets'
                : row.averageSeconds < 1
                  ? 'under 1 s avg'
                  : `${duration(row.averageSeconds)} avg`,
            target: row.targetSeconds,
            color: row.averageWithinTarget === false ? chartColors.breached : chartColors.primary,
            note: [
              row.targetSeconds !== null ? `Target ${duration(row.targetSeconds)}` : 'No target',
              `${row.metCount} met`,
              `${row.breachedCount} breached`,
              plural(row.count, 'ticket'),
            ],
          }))}
        />
      )}
    </ChartCard>
  );
}

export function NeedFurtherSupportPanel({ query }: { query: Query }) {
  const report = useReport<NeedFurtherSupportReport>('need-further-support', query);
  const data = report.data;
  const rows = data?.requestTypes ?? [];
  const empty = !data || data.total === 0;
  const max = Math.max(0, ...rows.map((row) => row.percentage));
  const title = 'Need further support';

  return (
    <ChartCard
      title={title}
      description="Share of the tickets created in the range that ever went back to need further support."
      csvHref={csvHref('need-further-support', query)}
      csvFileName="need-further-support.csv"
      {...queryCardProps(report, empty)}
      emptyText="No ticket was created in the range."
      height={(width) => 128 + 16 + barChartHeight(data ? rows.length : defaultRows, width, false)}
      table={
        <ReportTable caption={title} columns={['Request type', 'Tickets', 'Needed further support', 'Share']}>
          {rows.map((row) => (
            <Table.Tr key={row.requestType}>
              <Table.Th scope="row">{row.name}</Table.Th>
              <Table.Td>{row.total}</Table.Td>
              <Table.Td>{row.withNeedFurtherSupport}</Table.Td>
              <Table.Td>{formatPercent(row.percentage)}</Table.Td>
            </Table.Tr>
          ))}
          {data ? (
            <Table.Tr>
              <Table.Th scope="row">All request types</Table.Th>
              <Table.Td>{data.total}</Table.Td>
              <Table.Td>{data.withNeedFurtherSupport}</Table.Td>
              <Table.Td>{formatPercent(data.percentage)}</Table.Td>
            </Table.Tr>
          ) : null}
        </ReportTable>
      }
    >
      {(width) =>
        data ? (
          <Stack gap="md">
            <Group gap="lg" wrap="nowrap" h={128}>
              <Donut
                percentage={data.percentage}
                label={`${formatPercent(data.percentage)} of tickets needed further support`}
              />
              <Stack gap={0}>
                <Text fz={36} fw={700} lh={1.1}>
                  {formatPercent(data.percentage)}
                </Text>
                <Text size="sm" c="gray.7">
                  {data.withNeedFurtherSupport} of {plural(data.total, 'ticket')} needed further support
                </Text>
              </Stack>
            </Group>
            <BarChart
              title={`${title} per request type`}
              width={width}
              color={chartColors.breached}
              axis={{ ticks: percentTicks(max, width < 500 ? 3 : 4), format: (value) => `${value} %` }}
              rows={rows.map((row) => ({
                key: row.requestType,
                label: row.name,
                value: row.total ? row.percentage : null,
                valueText: row.total
                  ? `${formatPercent(row.percentage)} (${row.withNeedFurtherSupport} of ${row.total})`
                  : 'No tickets',
              }))}
            />
          </Stack>
        ) : null
      }
    </ChartCard>
  );
}

export function SlaPanel({ query }: { query: Query }) {
  const report = useReport<SlaReport>('sla', query);
  const rows = report.data?.rows ?? [];
  const empty = rows.every((row) => row.completed === 0 && row.open === 0);
  const metrics = new Set(rows.map((row) => row.metric));
  const title = 'SLA met and breached';
  const max = Math.max(0, ...rows.map((row) => row.met + row.breached));

  return (
    <ChartCard
      title={title}
      description="Clocks that stopped in the range, per request type; open clocks breached or at risk now."
      csvHref={csvHref('sla', query)}
      csvFileName="sla.csv"
      {...queryCardProps(report, empty)}
      emptyText="No SLA clock stopped in the range and none is running."
      height={(width) => barChartHeight(report.data ? rows.length : defaultRows, width)}
      summary={
        <Legend
          items={[
            { label: 'Met', color: chartColors.met },
            { label: 'Breached', color: chartColors.breached },
          ]}
        />
      }
      table={
        <ReportTable
          caption={title}
          columns={[
            'Request type',
            'Measure',
            'Goal',
            'Met',
            'Breached',
            'Met share',
            'Open',
            'Open, breached',
            'Open, at risk',
          ]}
        >
          {rows.map((row) => (
            <Table.Tr key={`${row.requestType}-${row.metric}`}>
              <Table.Th scope="row">{row.name}</Table.Th>
              <Table.Td>{metricName(row.metric)}</Table.Td>
              <Table.Td>{duration(row.goalSeconds)}</Table.Td>
              <Table.Td>{row.met}</Table.Td>
              <Table.Td>{row.breached}</Table.Td>
              <Table.Td>{formatPercent(row.metPercentage)}</Table.Td>
              <Table.Td>{row.open}</Table.Td>
              <Table.Td>{row.openBreached}</Table.Td>
              <Table.Td>{row.openAtRisk}</Table.Td>
            </Table.Tr>
          ))}
        </ReportTable>
      }
    >
      {(width) => (
        <StackedBarChart
          title={title}
          width={width}
          axis={{ ticks: countTicks(max, width < 500 ? 3 : 5), format: String }}
          rows={rows.map((row) => ({
            key: `${row.requestType}-${row.metric}`,
            label: metrics.size > 1 ? `${row.name} · ${metricName(row.metric).toLowerCase()}` : row.name,
            totalText: row.completed === 0 ? 'None stopped' : `${formatPercent(row.metPercentage)} met`,
            segments: [
              { key: 'met', label: 'Met', value: row.met, color: chartColors.met },
              { key: 'breached', label: 'Breached', value: row.breached, color: chartColors.breached },
            ],
            note: [
              `${row.met} met`,
              `${row.breached} breached`,
              `goal ${duration(row.goalSeconds)}`,
              row.open
                ? `${row.open} open (${row.openBreached} breached, ${row.openAtRisk} at risk)`
                : 'none open',
            ],
          }))}
        />
      )}
    </ChartCard>
  );
}

export function CreatedResolvedPanel({ query, allTime }: { query: Query; allTime: boolean }) {
  const report = useReport<CreatedResolvedReport>('created-resolved', query);
  const unit: BucketUnit = report.data?.bucket ?? (query.bucket as BucketUnit | undefined) ?? 'day';
  // "All time" starts in 2000: leave out the empty buckets before the first ticket.
  const all = report.data?.days ?? [];
  const first = allTime ? all.findIndex((row) => row.created > 0 || row.resolved > 0) : 0;
  const days = first > 0 ? all.slice(first) : all;
  const buckets = toBuckets(days, unit);
  const totals = days.reduce(
    (sum, day) => ({ created: sum.created + day.created, resolved: sum.resolved + day.resolved }),
    { created: 0, resolved: 0 },
  );
  const empty = totals.created === 0 && totals.resolved === 0;
  const per = unit === 'day' ? 'day' : unit === 'week' ? 'week (from Monday)' : 'month';
  const title = 'Created and resolved';

  return (
    <ChartCard
      title={title}
      description={<>Tickets created and resolved per {per}.</>}
      csvHref={csvHref('created-resolved', query)}
      csvFileName="created-resolved.csv"
      {...queryCardProps(report, empty)}
      emptyText="No ticket was created or resolved in the range."
      height={260}
      summary={
        <Stack gap={4}>
          <Legend
            items={[
              { label: 'Created', color: chartColors.primary },
              { label: 'Resolved', color: chartColors.secondary },
            ]}
          />
          <Text size="sm" fw={500}>
            {report.data ? `${totals.created} created · ${totals.resolved} resolved` : '\u00a0'}
          </Text>
        </Stack>
      }
      table={
        <ReportTable
          caption={
            <>
              {title} per {per}
            </>
          }
          columns={[unit === 'day' ? 'Day' : unit === 'week' ? 'Week' : 'Month', 'Created', 'Resolved']}
        >
          {buckets.map((bucket) => (
            <Table.Tr key={bucket.start}>
              <Table.Th scope="row">{bucketTitle(bucket, unit)}</Table.Th>
              <Table.Td>{bucket.created}</Table.Td>
              <Table.Td>{bucket.resolved}</Table.Td>
            </Table.Tr>
          ))}
        </ReportTable>
      }
    >
      {(width) => (
        <ColumnChart
          title={`${title} per ${per}`}
          width={width}
          height={260}
          labels={buckets.map((bucket) => bucketLabel(bucket, unit))}
          series={[
            {
              key: 'created',
              label: 'Created',
              color: chartColors.primary,
              data: buckets.map((b) => b.created),
            },
            {
              key: 'resolved',
              label: 'Resolved',
              color: chartColors.secondary,
              data: buckets.map((b) => b.resolved),
            },
          ]}
        />
      )}
    </ChartCard>
  );
}
