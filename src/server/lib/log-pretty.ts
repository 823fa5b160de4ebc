// Readable log lines for a person at a terminal: pino writes its JSON lines to this stream, which
// prints "06:14:36 INFO  message  key=value" instead (errors with their stack below). JSON stays
// the format for machines (stdout not a terminal, or OPSDESK_LOG_FORMAT=json).
import type { DestinationStream } from 'pino';

const levelNames: Record<number, string> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO',
  40: 'WARN',
  50: 'ERROR',
  60: 'FATAL',
};
const colours: Record<number, string> = { 40: '\x1b[33m', 50: '\x1b[31m', 60: '\x1b[41m\x1b[37m' };
const reset = '\x1b[0m';
const dim = '\x1b[2m';
/** Fields every line has, or shown in their own place. */
const hidden = new Set(['level', 'time', 'pid', 'hostname', 'msg', 'err', 'error', 'req', 'res', 'reqId']);

function value(raw: unknown): string {
  if (typeof raw === 'string') return /[\s"=]/.test(raw) ? JSON.stringify(raw) : raw;
  return JSON.stringify(raw) ?? String(raw);
}

function clock(time: unknown): string {
  const date = typeof time === 'number' ? new Date(time) : new Date();
  return date.toTimeString().slice(0, 8);
}

/** One JSON log line as a readable line (the input unchanged when it is not JSON). */
export function prettyLine(line: string, options: { colour: boolean }): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line.endsWith('\n') ? line : `${line}\n`;
  }
  const level = typeof entry.level === 'number' ? entry.level : 30;
  const name = (levelNames[level] ?? String(level)).padEnd(5);
  const paint = (text: string, code: string | undefined) =>
    options.colour && code ? `${code}${text}${reset}` : text;
  const parts = [paint(clock(entry.time), dim), paint(name, colours[level])];
  const req = entry.req as { method?: string; url?: string } | undefined;
  const res = entry.res as { statusCode?: number } | undefined;
  if (req?.method) parts.push(`${req.method} ${req.url ?? ''}`);
  if (res?.statusCode) parts.push(String(res.statusCode));
  if (typeof entry.msg === 'string' && entry.msg) parts.push(entry.msg);
  const fields = Object.entries(entry)
    .filter(([key, field]) => !hidden.has(key) && field !== undefined)
    .map(([key, field]) => `${key}=${value(key === 'responseTime' ? Math.round(Number(field)) : field)}`);
  if (fields.length > 0) parts.push(paint(fields.join(' '), dim));
  let text = parts.join('  ');
  const error = (entry.err ?? entry.error) as { stack?: string; message?: string } | undefined;
  if (error && typeof error === 'object') {
    const detail = error.stack ?? error.message;
    if (detail) text += `\n    ${detail.split('\n').join('\n    ')}`;
  }
  return `${text}\n`;
}

/** A pino destination writing readable lines to `out` (stdout by default). */
export function prettyDestination(
  out: { write(text: string): unknown } = process.stdout,
  options: { colour?: boolean } = {},
): DestinationStream {
  const colour = options.colour ?? Boolean(process.stdout.isTTY && !process.env.NO_COLOR);
  return { write: (line: string) => void out.write(prettyLine(line, { colour })) };
}
