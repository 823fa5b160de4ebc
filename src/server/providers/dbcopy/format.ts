// Numbers and durations as they appear in progress lines and summaries.

export function formatCount(count: number): string {
  return count.toLocaleString('en-US');
}

export function formatSeconds(ms: number): string {
  return (ms / 1000).toFixed(1) + ' s';
}

export function formatRows(rows: number): string {
  return `${formatCount(rows)} ${rows === 1 ? 'row' : 'rows'}`;
}

/** "orders: 120,000 rows copied (4.2 s)" */
export function copiedLine(table: string, rows: number, elapsedMs: number): string {
  return `${table}: ${formatRows(rows)} copied (${formatSeconds(elapsedMs)})`;
}

/**
 * A reporter for one long table that logs "orders: 1.2 GB so far (61.0 s)" at most once per
 * interval, so that a copy of several hours shows it is alive without flooding the run's log.
 */
export function progressReporter(
  log: (line: string) => void,
  table: string,
  intervalMs = 15_000,
  now: () => number = () => performance.now(),
): (amount: () => string) => void {
  const startedAt = now();
  let lastAt = startedAt;
  return (amount) => {
    const at = now();
    if (at - lastAt < intervalMs) return;
    lastAt = at;
    log(`${table}: ${amount()} so far (${formatSeconds(at - startedAt)})`);
  };
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}
