import type { Calendar } from '../../../shared/api/sla.js';
import {
  addWorkingMs,
  type CalendarSegment,
  compileCalendar,
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

// The calendar's schema is part of the API contract (src/shared/api/sla.ts).
export { type Calendar, type CalendarInput, calendarSchema } from '../../../shared/api/sla.js';
export { WEEKDAYS, type Weekday };

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
