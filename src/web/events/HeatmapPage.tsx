// The heat map (seed 004): where alerts are raised, by site, service or CI class × service, CI
// class or severity over the last day, week or month; colour scaled to the busiest cell; a cell
// opens the console filtered to it; the same table as CSV.
import { Anchor, Group, SegmentedControl, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { api, href } from '../lib/api';
import { useAlertStream } from './live';

const periods: Record<string, number> = { day: 1, week: 7, month: 30 };

export default function HeatmapPage() {
  useAlertStream();
  const [params, setParams] = useSearchParams();
  const period = params.get('period') ?? 'week';
  const rows = (params.get('rows') ?? 'site') as 'site' | 'service' | 'ci_class';
  const columns = (params.get('columns') ?? 'service') as 'service' | 'ci_class' | 'severity';
  const days = periods[period] ?? 7;
  // Whole hours, so that the query key stays the same while the page is open.
  const to = new Date(Math.ceil(Date.now() / 3_600_000) * 3_600_000);
  const query = {
    from: new Date(to.getTime() - days * 86_400_000).toISOString(),
    to: to.toISOString(),
    rows,
    columns,
  };
  const map = useQuery({
    queryKey: ['alerts', 'heatmap', query],
    queryFn: ({ signal }) => api('/api/v1/alerts/heatmap', 'events.heatmapOut', { query, signal }),
  });
  const set = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    next.set(key, value);
    setParams(next);
  };
  const filterOf = (axis: string, entry: { id: string | null; name: string }) =>
    entry.id === null || axis === 'ci_class'
      ? null
      : axis === 'severity'
        ? `severity=${entry.id}`
        : `${axis}=${entry.id}`;

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <Title order={1}>Alert heat map</Title>
        <Anchor href={href('/api/v1/alerts/heatmap', { ...query, format: 'csv' })}>Download CSV</Anchor>
      </Group>
      <Group gap="md">
        <SegmentedControl
          value={period}
          onChange={(value) => set('period', value)}
          data={['day', 'week', 'month']}
        />
        <SegmentedControl
          value={rows}
          onChange={(value) => set('rows', value)}
          data={[
            { value: 'site', label: 'Sites' },
            { value: 'service', label: 'Services' },
            { value: 'ci_class', label: 'CI classes' },
          ]}
        />
        <Text size="sm">×</Text>
        <SegmentedControl
          value={columns}
          onChange={(value) => set('columns', value)}
          data={[
            { value: 'service', label: 'Services' },
            { value: 'ci_class', label: 'CI classes' },
            { value: 'severity', label: 'Severity' },
          ]}
        />
      </Group>
      {map.error ? <Text c="red.8">{(map.error as Error).message}</Text> : null}
      {map.data ? (
        <Table withTableBorder withColumnBorders aria-label="Alerts by row and column">
          <Table.Thead>
            <Table.Tr>
              <Table.Th />
              {map.data.columns.map((column) => (
                <Table.Th key={String(column.id)}>{column.name}</Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {map.data.rows.map((row, r) => (
              <Table.Tr key={String(row.id)}>
                <Table.Th>{row.name}</Table.Th>
                {map.data.columns.map((column, c) => {
                  const count =
                    map.data.cells.find((cell) => cell.row === r && cell.column === c)?.count ?? 0;
                  const share = map.data.max > 0 ? count / map.data.max : 0;
                  const filters = [filterOf(rows, row), filterOf(columns, column)].filter(Boolean).join('&');
                  return (
                    <Table.Td
                      key={String(column.id)}
                      style={{
                        background: count > 0 ? `rgba(224, 49, 49, ${0.12 + 0.78 * share})` : undefined,
                        color: share > 0.55 ? 'white' : undefined,
                        textAlign: 'right',
                      }}
                    >
                      {count > 0 ? (
                        <Anchor
                          component={Link}
                          to={`/events?status=firing&${filters}`}
                          c="inherit"
                          aria-label={`${count} alerts: ${row.name}, ${column.name}`}
                        >
                          {count}
                        </Anchor>
                      ) : (
                        ''
                      )}
                    </Table.Td>
                  );
                })}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : null}
      {map.data?.rows.length === 0 ? <Text c="gray.7">No alerts in this period.</Text> : null}
    </Stack>
  );
}
