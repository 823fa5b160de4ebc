// The date range every report takes: `from` and `to` as dates (whole local days, `to` included)
// or instants, in the report's time zone (default UTC). Without them: the last 30 days up to now.
import { DateTime, IANAZone } from 'luxon';
import { z } from 'zod';
import { badRequest } from '../../lib/errors.js';

const dateOrInstant = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);

export const rangeQuery = z.object({
  from: dateOrInstant
    .optional()
    .describe('a date (start of that day) or an instant; default: 30 days before `to`'),
  to: dateOrInstant
    .optional()
    .describe('a date (that whole day included) or an instant (excluded); default: now'),
  timeZone: z
    .string()
    .refine((zone) => IANAZone.isValidZone(zone), 'not an IANA time zone, e.g. Asia/Jakarta')
    .default('UTC')
    .describe('the zone in which dates and days are read'),
});
export type RangeQuery = z.infer<typeof rangeQuery>;

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
