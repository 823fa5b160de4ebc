// Pure: senders' severities in the five Opsdesk words, and when an alert is flapping.
import type { Severity } from './events.schema.js';

const words: Record<string, Severity> = {
  critical: 'critical',
  crit: 'critical',
  fatal: 'critical',
  emergency: 'critical',
  emerg: 'critical',
  alert: 'critical',
  disaster: 'critical',
  p1: 'critical',
  sev1: 'critical',
  major: 'major',
  high: 'major',
  error: 'major',
  err: 'major',
  page: 'major',
  p2: 'major',
  sev2: 'major',
  minor: 'minor',
  medium: 'minor',
  average: 'minor',
  p3: 'minor',
  sev3: 'minor',
  warning: 'warning',
  warn: 'warning',
  low: 'warning',
  p4: 'warning',
  sev4: 'warning',
  info: 'info',
  informational: 'info',
  information: 'info',
  notice: 'info',
  debug: 'info',
  none: 'info',
  ok: 'info',
  p5: 'info',
};

/** The Opsdesk severity of a sender's word (case and spaces ignored); unknown or absent: `fallback`. */
export function normaliseSeverity(value: unknown, fallback: Severity = 'warning'): Severity {
  if (typeof value === 'number') {
    // Numeric levels: 1 is the worst (PagerDuty priorities, Zabbix-like 1..5).
    const levels: Severity[] = ['critical', 'major', 'minor', 'warning', 'info'];
    return levels[Math.min(Math.max(Math.round(value), 1), 5) - 1]!;
  }
  if (typeof value !== 'string') return fallback;
  return words[value.trim().toLowerCase().replace(/\s+/g, '')] ?? fallback;
}

export const severityRank: Readonly<Record<Severity, number>> = {
  critical: 5,
  major: 4,
  minor: 3,
  warning: 2,
  info: 1,
};

/**
 * The state changes kept after one more at `now` (the last 50), and whether the alert is flapping:
 * more than `count` changes within the last `windowMinutes`.
 */
export function flapState(
  previous: readonly string[],
  now: Date,
  options: { count: number; windowMinutes: number },
): { changes: string[]; flapping: boolean } {
  const changes = [...previous, now.toISOString()].slice(-50);
  const since = now.getTime() - options.windowMinutes * 60_000;
  const recent = changes.filter((at) => Date.parse(at) >= since).length;
  return { changes, flapping: recent > options.count };
}
