// SLA met and breached per request type and metric, with open clocks breached or at risk now.
import { Table } from '@mantine/core';
import type { Query } from '../lib/api';
import { duration } from '../lib/format';
import { barChartHeight, StackedBarChart } from './charts/BarCharts';
import { ChartCard, chartColors, Legend } from './charts/ChartCard';
import { formatPercent } from './charts/Donut';
import { countTicks } from './charts/scale';
import { defaultRows, queryCardProps, ReportTable } from './panelParts';
import { csvHref, metricName, useReport } from './reports';

export function SlaPanel({ query }: { query: Query }) {
  const report = useReport('sla', query);
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
