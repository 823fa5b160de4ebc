// Words and colours for statuses and times, the same on every page.

export const statuses = [
  'waiting_for_verification',
  'waiting_for_approval',
  'in_progress',
  'waiting_for_customer',
  'need_further_support',
  'closed',
  'cancelled',
] as const;

export const statusLabels: Record<string, string> = {
  waiting_for_verification: 'Waiting for verification',
  waiting_for_approval: 'Waiting for approval',
  in_progress: 'In progress',
  waiting_for_customer: 'Waiting for customer',
  need_further_support: 'Need further support',
  closed: 'Closed',
  cancelled: 'Cancelled',
};

/** Mantine colours chosen for AA contrast of the badge text (light variant). */
export const statusColors: Record<string, string> = {
  waiting_for_verification: 'gray',
  waiting_for_approval: 'yellow',
  in_progress: 'blue',
  waiting_for_customer: 'teal',
  need_further_support: 'red',
  closed: 'dark',
  cancelled: 'gray',
};

/** How a ticket ended when its status alone does not say (see `outcome` in the ticket API). */
export const outcomeLabels: Record<string, string> = { declined: 'Declined' };
export const outcomeLabel = (outcome: string) => outcomeLabels[outcome] ?? statusLabel(outcome);

export const statusLabel = (status: string) =>
  statusLabels[status] ?? status.replaceAll('_', ' ').replace(/^./, (c) => c.toUpperCase());

const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
const units: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 31_536_000],
  ['month', 2_592_000],
  ['week', 604_800],
  ['day', 86_400],
  ['hour', 3_600],
  ['minute', 60],
  ['second', 1],
];

export function timeAgo(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return '—';
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size || unit === 'second')
      return relative.format(Math.round(seconds / size), unit);
  }
  return '';
}

export const dateTime = (iso: string | null | undefined) =>
  iso ? new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' }) : '—';

const durationUnits = [
  ['d', 86_400],
  ['h', 3_600],
  ['min', 60],
  ['s', 1],
] as const;

/** Whole seconds as counts of days, hours, minutes and seconds, largest first (zeros kept). */
function durationParts(seconds: number): { count: number; unit: string }[] {
  let rest = Math.abs(Math.round(seconds));
  return durationUnits.map(([unit, size]) => {
    const count = Math.floor(rest / size);
    rest -= count * size;
    return { count, unit };
  });
}

/**
 * 3725 → "1 h 2 min": the largest unit and the next one, for SLA clocks and report figures.
 * `exact` keeps every unit (93784 → "1 d 2 h 3 min 4 s"), for values a person edits.
 */
export function duration(seconds: number | null | undefined, options: { exact?: boolean } = {}): string {
  if (seconds === null || seconds === undefined || Number.isNaN(seconds)) return '—';
  const parts = durationParts(seconds);
  const first = parts.findIndex((part) => part.count > 0);
  if (first === -1) return '0 s';
  const shown = options.exact ? parts : parts.slice(first, first + 2);
  const text = shown
    .filter((part) => part.count > 0)
    .map((part) => `${part.count} ${part.unit}`)
    .join(' ');
  return (seconds < 0 ? '−' : '') + text;
}
