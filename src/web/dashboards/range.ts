// The dashboard's date range: presets and a custom from/to, read from and written to the URL
// (?from=YYYY-MM-DD&to=YYYY-MM-DD, or ?range=all). Days are calendar days in the viewer's zone;
// `to` is inclusive (the API reads a date `to` as "that whole day included").

export type PresetKey = '7d' | '30d' | '90d' | 'year' | 'all';

export const presets: { key: PresetKey; label: string }[] = [
  { key: '7d', label: 'Last 7 days' },
  { key: '30d', label: 'Last 30 days' },
  { key: '90d', label: 'Last 90 days' },
  { key: 'year', label: 'This year' },
  { key: 'all', label: 'All time' },
];

export interface DateRange {
  preset: PresetKey | 'custom';
  /** YYYY-MM-DD, undefined for all time */
  from?: string;
  /** YYYY-MM-DD inclusive, undefined for all time */
  to?: string;
}

/** The API's earliest useful date for "all time" (its own default is 30 days). */
export const allTimeFrom = '2000-01-01';
/** The created/resolved report covers at most this many days. */

const dayPattern = /^\d{4}-\d{2}-\d{2}$/;

export function isDay(value: string | null | undefined): value is string {
  if (!value || !dayPattern.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** Today's date (YYYY-MM-DD) in a time zone. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  try {
    return new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    }).format(now);
  } catch {
    return now.toISOString().slice(0, 10);
  }
}

export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** Whole days from `from` to `to`, both included. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}

export function presetRange(preset: PresetKey, today: string): DateRange {
  switch (preset) {
    case '7d':
      return { preset, from: addDays(today, -6), to: today };
    case '30d':
      return { preset, from: addDays(today, -29), to: today };
    case '90d':
      return { preset, from: addDays(today, -89), to: today };
    case 'year':
      return { preset, from: `${today.slice(0, 4)}-01-01`, to: today };
    case 'all':
      return { preset };
  }
}

/** The range a URL asks for; anything missing or malformed falls back to the last 30 days. */
export function readRange(params: URLSearchParams, today: string): DateRange {
  if (params.get('range') === 'all') return { preset: 'all' };
  const from = params.get('from');
  const to = params.get('to');
  if (isDay(from) && isDay(to) && from <= to) {
    for (const { key } of presets) {
      const candidate = presetRange(key, today);
      if (candidate.from === from && candidate.to === to) return candidate;
    }
    return { preset: 'custom', from, to };
  }
  if (isDay(from) && !to) return { preset: 'custom', from, to: today < from ? from : today };
  return presetRange('30d', today);
}

/** The URL query for a range (other parameters are kept by the caller). */
export function rangeParams(range: DateRange): Record<string, string> {
  if (range.preset === 'all' || !range.from || !range.to) return { range: 'all' };
  return { from: range.from, to: range.to };
}

/** from/to for the report endpoints. */
export function apiRange(range: DateRange, today: string): { from: string; to: string } {
  return { from: range.from ?? allTimeFrom, to: range.to ?? today };
}

/**
 * from/to and the bucket for the created/resolved report: per day up to ~3 months, per week up to
 * ~2 years, per month beyond (the API counts each bucket; at most 1,100 rows).
 */
export function createdResolvedApiRange(
  range: DateRange,
  today: string,
): { from: string; to: string; bucket: 'day' | 'week' | 'month' } {
  const { from, to } = apiRange(range, today);
  const days = daysBetween(from, to);
  return { from, to, bucket: days <= 92 ? 'day' : days <= 731 ? 'week' : 'month' };
}

/** Problems with a custom from/to pair typed by hand, per input. */
export function checkCustom(from: string, to: string): { from?: string; to?: string } {
  const problems: { from?: string; to?: string } = {};
  if (!isDay(from)) problems.from = 'Enter a date.';
  if (!isDay(to)) problems.to = 'Enter a date.';
  if (!problems.from && !problems.to && from > to) problems.to = 'Must be on or after the start date.';
  return problems;
}

const dayFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});

export function describeRange(range: DateRange): string {
  if (range.preset === 'all' || !range.from || !range.to) return 'All time';
  const from = dayFormat.format(new Date(`${range.from}T00:00:00Z`));
  const to = dayFormat.format(new Date(`${range.to}T00:00:00Z`));
  return from === to ? from : `${from} – ${to}`;
}
