import { DateTime, IANAZone } from 'luxon';
import { z } from 'zod';
import {
  addWorkingMs,
  type CalendarSegment,
  compileCalendar,
  parseTimeRange,
  segmentsBetween,
  WEEKDAYS,
  type Weekday,
  workingMsBetween,
} from './calendar-segments.js';

// A calendar says which instants count as working time. Business hours are written in local wall
// time and turned into instants day by day in the calendar's zone, so a 09:00–17:00 day is
// 8 hours on a daylight-saving day too. Within those bounds, and for 24×7, what counts is the time
// that really elapses: a local day is 23 or 25 hours long on a DST day, and a window that spans
// the shift itself (a 00:00–06:00 night shift) counts 5 or 7 hours. A wall time the shift skips
// moves forward (02:30 → 03:30); one it repeats is its first occurrence. Holidays are whole local
// days off, on both kinds of calendar.

export { WEEKDAYS, type Weekday };

const timeRangeSchema = z
  .string()
  .refine((range) => parseTimeRange(range) !== null, 'expected HH:MM-HH:MM, e.g. 09:00-17:00')
  .refine((range) => {
    const parsed = parseTimeRange(range);
    return parsed === null || parsed[1] > parsed[0];
  }, 'the end of a working interval must be after its start');

const dayScheduleSchema = z
  .array(timeRangeSchema)
  .default([])
  .superRefine((ranges, ctx) => {
    const parsed = ranges.map(parseTimeRange).filter((range) => range !== null);
    parsed.sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < parsed.length; i++) {
      if (parsed[i]![0] < parsed[i - 1]![1]) {
        ctx.addIssue({ code: 'custom', message: `working intervals overlap: ${ranges.join(', ')}` });
        return;
      }
    }
  });

const weekSchema = z
  .strictObject(
    Object.fromEntries(WEEKDAYS.map((day) => [day, dayScheduleSchema])) as Record<
      Weekday,
      typeof dayScheduleSchema
    >,
  )
  .refine(
    (week) => WEEKDAYS.some((day) => week[day].length > 0),
    'a business calendar needs at least one working interval in its week',
  );

const isoDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD')
  .refine((date) => DateTime.fromISO(date, { zone: 'UTC' }).isValid, 'not a real date');

const holidaySchema = z.strictObject({ date: isoDateSchema, name: z.string().min(1) });

const commonFields = {
  name: z.string().min(1),
  timeZone: z
    .string()
    .refine((zone) => IANAZone.isValidZone(zone), 'not an IANA time zone, e.g. Europe/Berlin'),
  holidays: z
    .array(holidaySchema)
    .default([])
    .refine(
      (holidays) => new Set(holidays.map((holiday) => holiday.date)).size === holidays.length,
      'a date is listed as a holiday twice',
    ),
};

export const calendarSchema = z.discriminatedUnion('kind', [
  z.strictObject({ ...commonFields, kind: z.literal('24x7') }),
  z.strictObject({ ...commonFields, kind: z.literal('business'), week: weekSchema }),
]);

export type Calendar = z.infer<typeof calendarSchema>;
export type CalendarInput = z.input<typeof calendarSchema>;

export type CalendarSpanKind = CalendarSegment['kind'];

/** A stretch of time that is all working, all outside working hours, or one holiday. */
export interface CalendarSpan {
  from: Date;
  to: Date;
  kind: CalendarSpanKind;
  /** The holiday's name when kind is 'holiday'. */
  holiday: string | null;
}

function checkRange(from: Date, to: Date): void {
  if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) throw new RangeError('invalid date');
  if (to.getTime() < from.getTime()) throw new RangeError('the range ends before it starts');
}

/** Consecutive spans covering [from, to): the calendar's explanation of that range. */
export function calendarSpans(calendar: Calendar, from: Date, to: Date): CalendarSpan[] {
  checkRange(from, to);
  const spans: CalendarSpan[] = [];
  for (const segment of segmentsBetween(compileCalendar(calendar), from.getTime(), to.getTime())) {
    spans.push({
      from: new Date(segment.from),
      to: new Date(segment.to),
      kind: segment.kind,
      holiday: segment.holiday,
    });
  }
  return spans;
}

/** The working intervals within [from, to), clipped to it. */
export function workingIntervals(calendar: Calendar, from: Date, to: Date): Array<{ from: Date; to: Date }> {
  return calendarSpans(calendar, from, to)
    .filter((span) => span.kind === 'working')
    .map((span) => ({ from: span.from, to: span.to }));
}

/** Milliseconds of working time in [from, to). */
export function workingMillisBetween(calendar: Calendar, from: Date, to: Date): number {
  checkRange(from, to);
  return workingMsBetween(compileCalendar(calendar), from.getTime(), to.getTime());
}

/**
 * The earliest instant at which `ms` of working time have elapsed since `from`: `from` itself for
 * 0, and a working day's end (not the next morning) when the time runs out exactly then.
 */
export function addWorkingMillis(calendar: Calendar, from: Date, ms: number): Date {
  if (Number.isNaN(from.getTime())) throw new RangeError('invalid date');
  if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`not a duration in milliseconds: ${ms}`);
  return new Date(addWorkingMs(compileCalendar(calendar), from.getTime(), ms));
}
