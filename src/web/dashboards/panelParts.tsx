// What the dashboard's report panels share: the chart card's state from the report's query, the
// data table under each chart (for screen readers and exact figures).
import { Table } from '@mantine/core';
import type { ReactNode } from 'react';
import type { ChartState } from './charts/ChartCard';

export const defaultRows = 4;

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
export function ReportTable({
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
export function queryCardProps(query: QueryLike & { data?: unknown }, empty: boolean) {
  return {
    state: stateOf(query, Boolean(query.data), empty),
    error: query.error,
    onRetry: () => void query.refetch(),
    refreshing: query.isPlaceholderData && query.isFetching,
  };
}

export const plural = (count: number, one: string, many = `${one}s`) =>
  `${count} ${count === 1 ? one : many}`;
