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
