import { type Calendar, parseTimeRange, WEEKDAYS } from '../../../shared/api/sla.js';
import { type LocalDay, localDay, localDayContaining, wallClockInstant } from './local-days.js';

export { parseTimeRange, WEEKDAYS, type Weekday } from '../../../shared/api/sla.js';

// The calendar arithmetic on epoch milliseconds, shared by calendar.ts and the clock. A calendar
// is compiled once per computation so the clock does not re-parse it for every span of history.

export interface CalendarSegment {
  from: number;
  to: number;
  kind: 'working' | 'outside_working_hours' | 'holiday';
  holiday: string | null;
}

export interface CompiledCalendar {
  timeZone: string;
  allDay: boolean;
  /** Indexed by luxon's weekday (Monday = 1 … Sunday = 7): [startMinute, endMinute], sorted. */
  week: ReadonlyArray<ReadonlyArray<readonly [number, number]>>;
  holidays: ReadonlyMap<string, string>;
}

// Calendars come from the policy cache: the same object for every clock of every ticket until
// the policy is read again, so each is compiled once (issue 18: calendar compilation per event).
const compiled = new WeakMap<Calendar, CompiledCalendar>();

export function compileCalendar(calendar: Calendar): CompiledCalendar {
  let found = compiled.get(calendar);
  if (!found) {
    found = compileUncached(calendar);
    compiled.set(calendar, found);
  }
  return found;
}

function compileUncached(calendar: Calendar): CompiledCalendar {
  const week =
    calendar.kind === 'business' ? [[], ...WEEKDAYS.map((day) => toMinuteRanges(calendar.week[day]))] : [];
  return {
    timeZone: calendar.timeZone,
    allDay: calendar.kind === '24x7',
    week,
    holidays: new Map(calendar.holidays.map((holiday) => [holiday.date, holiday.name])),
  };
}

function toMinuteRanges(ranges: readonly string[]): Array<[number, number]> {
  return ranges
    .map(parseTimeRange)
    .filter((range) => range !== null)
    .sort((a, b) => a[0] - b[0]);
}

/** One local day's segments, unclipped. */
function daySegments(calendar: CompiledCalendar, day: LocalDay): CalendarSegment[] {
  if (calendar.holidays.size > 0) {
    const holiday = calendar.holidays.get(day.isoDate);
    if (holiday !== undefined) return [{ from: day.startMs, to: day.endMs, kind: 'holiday', holiday }];
  }
  if (calendar.allDay) return [{ from: day.startMs, to: day.endMs, kind: 'working', holiday: null }];

  const segments: CalendarSegment[] = [];
  let cursor = day.startMs;
  for (const [startMinute, endMinute] of calendar.week[day.weekday]!) {
    const from = Math.max(wallClockInstant(day, startMinute), cursor);
    const to = wallClockInstant(day, endMinute);
    if (to <= from) continue; // a window lost in the skipped hour of a spring-forward night
    if (from > cursor)
      segments.push({ from: cursor, to: from, kind: 'outside_working_hours', holiday: null });
    segments.push({ from, to, kind: 'working', holiday: null });
    cursor = to;
  }
  if (cursor < day.endMs)
    segments.push({ from: cursor, to: day.endMs, kind: 'outside_working_hours', holiday: null });
  return segments;
}

/** Consecutive segments covering [fromMs, toMs), neighbours of the same kind merged. */
export function segmentsBetween(calendar: CompiledCalendar, fromMs: number, toMs: number): CalendarSegment[] {
  if (toMs <= fromMs) return [];
  if (calendar.allDay && calendar.holidays.size === 0) {
    return [{ from: fromMs, to: toMs, kind: 'working', holiday: null }];
  }
  const segments: CalendarSegment[] = [];
  let day = localDayContaining(calendar.timeZone, fromMs);
  for (; day.startMs < toMs; day = localDay(calendar.timeZone, day.index + 1)) {
    for (const segment of daySegments(calendar, day)) {
      if (segment.to <= fromMs) continue;
      if (segment.from >= toMs) break;
      const to = Math.min(segment.to, toMs);
      const last = segments.at(-1);
      if (last && last.kind === segment.kind && last.holiday === segment.holiday) {
        last.to = to;
      } else {
        segments.push({
          from: Math.max(segment.from, fromMs),
          to,
          kind: segment.kind,
          holiday: segment.holiday,
        });
      }
    }
  }
  return segments;
}

export function workingMsBetween(calendar: CompiledCalendar, fromMs: number, toMs: number): number {
  let total = 0;
  for (const segment of segmentsBetween(calendar, fromMs, toMs)) {
    if (segment.kind === 'working') total += segment.to - segment.from;
  }
  return total;
}

/** The earliest instant at which `ms` of working time have elapsed since `fromMs`. */
export function addWorkingMs(calendar: CompiledCalendar, fromMs: number, ms: number): number {
  if (ms === 0) return fromMs;
  if (calendar.allDay && calendar.holidays.size === 0) return fromMs + ms;
  let remaining = ms;
  // Ends: a business week has working time (the schema insists) and holidays are finitely many.
  for (
    let day = localDayContaining(calendar.timeZone, fromMs);
    ;
    day = localDay(calendar.timeZone, day.index + 1)
  ) {
    for (const segment of daySegments(calendar, day)) {
      if (segment.kind !== 'working' || segment.to <= fromMs) continue;
      const from = Math.max(segment.from, fromMs);
      if (remaining <= segment.to - from) return from + remaining;
      remaining -= segment.to - from;
    }
  }
}
