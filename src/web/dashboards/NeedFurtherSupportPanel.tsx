// The share of tickets that needed further support: the paper's Table 8, as a donut and bars.
import { Group, Stack, Table, Text } from '@mantine/core';
import type { Query } from '../lib/api';
import { BarChart, barChartHeight } from './charts/BarCharts';
import { ChartCard, chartColors } from './charts/ChartCard';
import { Donut, formatPercent } from './charts/Donut';
import { percentTicks } from './charts/scale';
import { defaultRows, plural, queryCardProps, ReportTable } from './panelParts';
import { csvHref, useReport } from './reports';

export function NeedFurtherSupportPanel({ query }: { query: Query }) {
  const report = useReport('need-further-support', query);
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
