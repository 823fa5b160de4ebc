// Tickets created and resolved per day, week or month.
import { Stack, Table, Text } from '@mantine/core';
import type { Query } from '../lib/api';
import { type BucketUnit, bucketLabel, bucketTitle, toBuckets } from './charts/buckets';
import { ChartCard, chartColors, Legend } from './charts/ChartCard';
import { ColumnChart } from './charts/ColumnChart';
import { queryCardProps, ReportTable } from './panelParts';
import { csvHref, useReport } from './reports';

export function CreatedResolvedPanel({ query, allTime }: { query: Query; allTime: boolean }) {
  const report = useReport('created-resolved', query);
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
