// The date range every report takes (its query: rangeQuery in src/shared/api/reports.ts), read as
// instants: dates are whole local days of the report's time zone; without them, the last 30 days.
import { DateTime } from 'luxon';
import type { RangeQuery } from '../../../shared/api/reports.js';
import { badRequest } from '../../lib/errors.js';

export { type RangeQuery, rangeQuery } from '../../../shared/api/reports.js';

export interface ReportRange {
  from: Date;
  /** Exclusive. */
  to: Date;
  timeZone: string;
}

const isDate = (value: string) => value.length === 10;

export function reportRange(query: RangeQuery, now: Date): ReportRange {
  const zone = query.timeZone;
  const to = query.to
    ? isDate(query.to)
      ? DateTime.fromISO(query.to, { zone }).plus({ days: 1 }).toJSDate()
      : new Date(query.to)
    : now;
  const from = query.from
    ? isDate(query.from)
      ? DateTime.fromISO(query.from, { zone }).toJSDate()
      : new Date(query.from)
    : DateTime.fromJSDate(to, { zone }).minus({ days: 30 }).toJSDate();
  if (from.getTime() >= to.getTime()) throw badRequest('invalid_range', 'from: must be before to.');
  return { from, to, timeZone: zone };
}
