// Time to resolution (or another SLA metric) per request type against its target: the paper's
// Table 7, as bars.
import { Group, NativeSelect, Table } from '@mantine/core';
import type { Query } from '../lib/api';
import { duration } from '../lib/format';
import { BarChart, barChartHeight } from './charts/BarCharts';
import { ChartCard, chartColors, Legend } from './charts/ChartCard';
import { durationTicks, shortDuration } from './charts/scale';
import { defaultRows, plural, queryCardProps, ReportTable } from './panelParts';
import { csvHref, metricName, useReport, useSlaMetrics } from './reports';

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
  const report = useReport('resolution-time', fullQuery);
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
