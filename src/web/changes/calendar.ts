// The change calendar's month grid (pure): the weeks of a month (Monday first, UTC), and which
// changes and freezes fall on each day.
import type { calendarOut } from '../../shared/api/changes';
import type { Wire } from '../../shared/api/common';

export type Calendar = Wire<typeof calendarOut>;
export type CalendarChange = Calendar['changes'][number];
export type Freeze = Calendar['freezes'][number];

const dayMs = 86_400_000;

/** `YYYY-MM` of an instant, and the month's first and following month's first instants (UTC). */
export function monthRange(month: string): { from: Date; to: Date } {
  const [year, index] = month.split('-').map(Number) as [number, number];
  return { from: new Date(Date.UTC(year, index - 1, 1)), to: new Date(Date.UTC(year, index, 1)) };
}

export function parseMonth(value: string | null, now = new Date()): string {
  if (value && /^\d{4}-(0[1-9]|1[0-2])$/.test(value)) return value;
  return now.toISOString().slice(0, 7);
}

export function shiftMonth(month: string, by: number): string {
  const { from } = monthRange(month);
  return new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + by, 1)).toISOString().slice(0, 7);
}

export interface Day {
  date: Date;
  inMonth: boolean;
  changes: CalendarChange[];
  freezes: Freeze[];
}

const overlapsDay = (start: string, end: string, day: Date) =>
  Date.parse(start) < day.getTime() + dayMs && Date.parse(end) > day.getTime();

/** The weeks shown for `month`: whole weeks from the Monday before the 1st to the Sunday after the last day. */
export function monthGrid(month: string, calendar: Calendar | undefined): Day[][] {
  const { from, to } = monthRange(month);
  const first = new Date(from.getTime() - ((from.getUTCDay() + 6) % 7) * dayMs);
  const weeks: Day[][] = [];
  for (let cursor = first; cursor < to || weeks.at(-1)?.length !== 7; ) {
    if (!weeks.length || weeks.at(-1)!.length === 7) {
      if (cursor >= to) break;
      weeks.push([]);
    }
    weeks.at(-1)!.push({
      date: cursor,
      inMonth: cursor >= from && cursor < to,
      changes: (calendar?.changes ?? []).filter((change) =>
        overlapsDay(change.plannedStart, change.plannedEnd, cursor),
      ),
      freezes: (calendar?.freezes ?? []).filter((freeze) =>
        overlapsDay(freeze.startsAt, freeze.endsAt, cursor),
      ),
    });
    cursor = new Date(cursor.getTime() + dayMs);
  }
  return weeks;
}

/** The Monday (`YYYY-MM-DD`, UTC) of the week holding `date`. */
export function mondayOf(date: Date): string {
  const midnight = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
  return new Date(midnight - ((date.getUTCDay() + 6) % 7) * dayMs).toISOString().slice(0, 10);
}

/** `?week=` as the Monday of that week; any valid date is moved to its Monday, anything else is this week. */
export function parseWeek(value: string | null, now = new Date()): string {
  if (value && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`)))
    return mondayOf(new Date(`${value}T00:00:00Z`));
  return mondayOf(now);
}

export function weekRange(week: string): { from: Date; to: Date } {
  const from = new Date(`${week}T00:00:00Z`);
  return { from, to: new Date(from.getTime() + 7 * dayMs) };
}

export function shiftWeek(week: string, by: number): string {
  return new Date(weekRange(week).from.getTime() + by * 7 * dayMs).toISOString().slice(0, 10);
}

/** A change's part of one day: from/to as minutes after the day's midnight (UTC), for the week view's bars. */
export interface DaySlot {
  change: CalendarChange;
  startMinute: number;
  endMinute: number;
  /** The window began on an earlier day / goes on after this one. */
  continued: boolean;
  continues: boolean;
}

export interface WeekDay {
  date: Date;
  slots: DaySlot[];
  freezes: Freeze[];
}

/** The seven days of `week` (Monday first), each change clipped to the day, earliest first. */
export function weekGrid(week: string, calendar: Calendar | undefined): WeekDay[] {
  const { from } = weekRange(week);
  return Array.from({ length: 7 }, (_, index) => {
    const date = new Date(from.getTime() + index * dayMs);
    const dayStart = date.getTime();
    const slots = (calendar?.changes ?? [])
      .filter((change) => overlapsDay(change.plannedStart, change.plannedEnd, date))
      .map((change) => {
        const start = Date.parse(change.plannedStart);
        const end = Date.parse(change.plannedEnd);
        return {
          change,
          startMinute: Math.max(0, Math.round((start - dayStart) / 60_000)),
          endMinute: Math.min(24 * 60, Math.round((end - dayStart) / 60_000)),
          continued: start < dayStart,
          continues: end > dayStart + dayMs,
        };
      })
      .sort((a, b) => a.startMinute - b.startMinute || a.change.key.localeCompare(b.change.key));
    return {
      date,
      slots,
      freezes: (calendar?.freezes ?? []).filter((freeze) =>
        overlapsDay(freeze.startsAt, freeze.endsAt, date),
      ),
    };
  });
}

export const clock = (minute: number) =>
  `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
