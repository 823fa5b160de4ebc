// Created vs resolved: the API's rows (days, weeks from Monday or months; see
// createdResolvedApiRange) as chart buckets, with their labels.
import type { Wire } from '../../../shared/api/common';
import type { createdResolvedOut, Bucket as ReportBucket } from '../../../shared/api/reports';

/** A row of GET /api/v1/reports/created-resolved. */
export type DayCount = Wire<typeof createdResolvedOut>['days'][number];

export type BucketUnit = ReportBucket;

export interface Bucket {
  /** first day in the bucket (YYYY-MM-DD) */
  start: string;
  /** last day in the bucket that the data covers */
  end: string;
  created: number;
  resolved: number;
}

function weekStart(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  const offset = (date.getUTCDay() + 6) % 7; // Monday = 0
  date.setUTCDate(date.getUTCDate() - offset);
  return date.toISOString().slice(0, 10);
}

export function bucketKey(day: string, unit: BucketUnit): string {
  if (unit === 'day') return day;
  if (unit === 'week') return weekStart(day);
  return `${day.slice(0, 7)}-01`;
}

export function toBuckets(days: DayCount[], unit: BucketUnit): Bucket[] {
  const buckets: Bucket[] = [];
  let current: Bucket | undefined;
  let currentKey = '';
  for (const entry of days) {
    const key = bucketKey(entry.day, unit);
    if (!current || key !== currentKey) {
      current = { start: entry.day, end: entry.day, created: 0, resolved: 0 };
      currentKey = key;
      buckets.push(current);
    }
    current.end = entry.day;
    current.created += entry.created;
    current.resolved += entry.resolved;
  }
  return buckets;
}

const short = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });
const monthYear = new Intl.DateTimeFormat('en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' });
const full = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});

const asDate = (day: string) => new Date(`${day}T00:00:00Z`);

/** Axis label: "3 Nov" for a day or week, "Nov 2026" for a month. */
export function bucketLabel(bucket: Bucket, unit: BucketUnit): string {
  return unit === 'month' ? monthYear.format(asDate(bucket.start)) : short.format(asDate(bucket.start));
}

/** Table/screen-reader label: "3 Nov 2026", "Week of 3 Nov 2026", "Nov 2026". */
export function bucketTitle(bucket: Bucket, unit: BucketUnit): string {
  if (unit === 'day') return full.format(asDate(bucket.start));
  if (unit === 'week') return `Week of ${full.format(asDate(bucket.start))}`;
  return monthYear.format(asDate(bucket.start));
}
