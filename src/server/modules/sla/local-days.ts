import { DateTime } from 'luxon';

// Local days of a time zone as instants. Asking luxon for a zone offset costs microseconds (it
// goes through Intl), and the clock walks day by day through every span of a ticket's history,
// so each (zone, local date) is worked out once and remembered. The memo holds facts of the time
// zone database only, never anything of a calendar, so it cannot go stale when a policy changes.

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
const MINUTES_PER_DAY = 24 * 60;
/** Per zone; about 270 years of days. Past that the memo starts over rather than grow. */
const MAX_REMEMBERED_DAYS = 100_000;

export interface LocalDay {
  readonly timeZone: string;
  /** Days since 1970-01-01 in the zone's calendar. */
  readonly index: number;
  /** The instant of local midnight (or the first instant of the day where midnight is skipped). */
  readonly startMs: number;
  /** The start of the next local day: 23 or 25 hours later across a DST change. */
  readonly endMs: number;
  /** Monday = 1 … Sunday = 7. */
  readonly weekday: number;
  /** YYYY-MM-DD. */
  readonly isoDate: string;
}

interface ZoneMemo {
  days: Map<number, LocalDay>;
  /** The offset last seen in this zone: a first guess for which local day an instant is in. */
  offsetGuessMs: number;
}

const memos = new Map<string, ZoneMemo>();

function memoFor(timeZone: string): ZoneMemo {
  let memo = memos.get(timeZone);
  if (!memo) {
    memo = { days: new Map(), offsetGuessMs: 0 };
    memos.set(timeZone, memo);
  }
  return memo;
}

function wallTime(timeZone: string, index: number, minute: number): number {
  const date = new Date(index * DAY_MS);
  return DateTime.fromObject(
    {
      year: date.getUTCFullYear(),
      month: date.getUTCMonth() + 1,
      day: date.getUTCDate(),
      hour: Math.floor(minute / 60),
      minute: minute % 60,
    },
    { zone: timeZone },
  ).toMillis();
}

export function localDay(timeZone: string, index: number): LocalDay {
  const memo = memoFor(timeZone);
  let day = memo.days.get(index);
  if (!day) {
    if (memo.days.size >= MAX_REMEMBERED_DAYS) memo.days.clear();
    day = {
      timeZone,
      index,
      // A day starts where the one before it ends: walking day by day, one luxon call per day.
      startMs: memo.days.get(index - 1)?.endMs ?? wallTime(timeZone, index, 0),
      endMs: memo.days.get(index + 1)?.startMs ?? wallTime(timeZone, index + 1, 0),
      // 1970-01-01 was a Thursday.
      weekday: ((((index + 3) % 7) + 7) % 7) + 1,
      isoDate: new Date(index * DAY_MS).toISOString().slice(0, 10),
    };
    memo.days.set(index, day);
  }
  return day;
}

export function localDayContaining(timeZone: string, ms: number): LocalDay {
  const memo = memoFor(timeZone);
  let day = localDay(timeZone, Math.floor((ms + memo.offsetGuessMs) / DAY_MS));
  while (ms < day.startMs) day = localDay(timeZone, day.index - 1);
  while (ms >= day.endMs) day = localDay(timeZone, day.index + 1);
  memo.offsetGuessMs = day.index * DAY_MS - day.startMs;
  return day;
}

/**
 * The instant a wall-clock time (minutes after midnight, 1440 = the end of the day) happens on a
 * local day. A time skipped by a spring-forward moves forward; a repeated one is its first.
 */
export function wallClockInstant(day: LocalDay, minute: number): number {
  if (minute === MINUTES_PER_DAY) return day.endMs;
  // On a day without a DST change, wall minutes map to instants by plain addition.
  if (day.endMs - day.startMs === DAY_MS) return day.startMs + minute * MINUTE_MS;
  return wallTime(day.timeZone, day.index, minute);
}
