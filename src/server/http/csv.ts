// CSV export of any report: `?format=csv` or `Accept: text/csv`. RFC 4180 quoting; a leading
// =, +, - or @ in text is prefixed with ' so that spreadsheets do not run it as a formula.
import type { FastifyReply, FastifyRequest } from 'fastify';

export type CsvValue = string | number | boolean | null | undefined;

export interface CsvColumn<Row> {
  header: string;
  value: (row: Row) => CsvValue;
}

function cell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'string') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function toCsv<Row>(columns: readonly CsvColumn<Row>[], rows: readonly Row[]): string {
  const lines = [columns.map((column) => cell(column.header)).join(',')];
  for (const row of rows) lines.push(columns.map((column) => cell(column.value(row))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

export function wantsCsv(request: FastifyRequest, format: string | undefined): boolean {
  if (format) return format === 'csv';
  return /\btext\/csv\b/.test(request.headers.accept ?? '');
}

/** Sends the rows as CSV and returns true when the caller asked for CSV; false: answer with JSON. */
export function sendCsv<Row>(
  request: FastifyRequest,
  reply: FastifyReply,
  formatParam: string | undefined,
  name: string,
  columns: CsvColumn<Row>[],
  rows: Row[],
): boolean {
  if (!wantsCsv(request, formatParam)) return false;
  void reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${name}.csv"`)
    .send(toCsv(columns, rows));
  return true;
}
