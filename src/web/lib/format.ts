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

/** 3725 → "1 h 2 min"; for SLA clocks and report figures. */
export function duration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || Number.isNaN(seconds)) return '—';
  const sign = seconds < 0 ? '−' : '';
  let rest = Math.abs(Math.round(seconds));
  const days = Math.floor(rest / 86_400);
  rest -= days * 86_400;
  const hours = Math.floor(rest / 3_600);
  rest -= hours * 3_600;
  const minutes = Math.floor(rest / 60);
  const secs = rest - minutes * 60;
  const parts: string[] = [];
  if (days) parts.push(`${days} d`);
  if (hours) parts.push(`${hours} h`);
  if (minutes && !days) parts.push(`${minutes} min`);
  if (!days && !hours && (secs || !minutes)) parts.push(`${secs} s`);
  return sign + parts.join(' ');
}
