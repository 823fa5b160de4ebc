import { describe, expect, it } from 'vitest';
import {
  addWorkingMillis,
  type Calendar,
  calendarSchema,
  calendarSpans,
  workingIntervals,
  workingMillisBetween,
} from './calendar.js';
import { berlinOffice, calendar, HOUR, MINUTE, newYorkOffice, seededRandom } from './sla.test-support.js';

const at = (iso: string) => new Date(iso);
const span = (from: string, to: string) => ({ from: at(from), to: at(to) });

const everyDay = (hours: string[]) => ({
  mon: hours,
  tue: hours,
  wed: hours,
  thu: hours,
  fri: hours,
  sat: hours,
  sun: hours,
});
const berlinEveryDay = calendar({
  name: 'Berlin, 09-17 every day',
  timeZone: 'Europe/Berlin',
  kind: 'business',
  week: everyDay(['09:00-17:00']),
});
const berlinNightShift = calendar({
  name: 'Berlin Sunday night shift',
  timeZone: 'Europe/Berlin',
  kind: 'business',
  week: { sun: ['00:00-06:00'] },
});
const berlin24x7 = calendar({ name: 'Berlin 24x7', timeZone: 'Europe/Berlin', kind: '24x7' });

describe('business hours', () => {
  it('count 2 hours from Friday 16:00 to Monday 10:00 on 09:00–17:00', () => {
    // Berlin summer time is UTC+2: Fri 7 June 2024 16:00 = 14:00Z, Mon 10 June 10:00 = 08:00Z.
    const friday = at('2024-06-07T14:00:00Z');
    const monday = at('2024-06-10T08:00:00Z');
    expect(workingMillisBetween(berlinOffice, friday, monday)).toBe(2 * HOUR);
    expect(addWorkingMillis(berlinOffice, friday, 2 * HOUR)).toEqual(monday);
    expect(calendarSpans(berlinOffice, friday, monday)).toEqual([
      { ...span('2024-06-07T14:00:00Z', '2024-06-07T15:00:00Z'), kind: 'working', holiday: null },
      {
        ...span('2024-06-07T15:00:00Z', '2024-06-10T07:00:00Z'),
        kind: 'outside_working_hours',
        holiday: null,
      },
      { ...span('2024-06-10T07:00:00Z', '2024-06-10T08:00:00Z'), kind: 'working', holiday: null },
    ]);
  });

  it('skip a holiday as a whole local day', () => {
    // Tue 31 Dec 2024 16:00 CET (15:00Z) → Thu 2 Jan 2025 10:00 CET (09:00Z): 1 h + 0 + 1 h.
    const from = at('2024-12-31T15:00:00Z');
    const to = at('2025-01-02T09:00:00Z');
    expect(workingMillisBetween(berlinOffice, from, to)).toBe(2 * HOUR);
    expect(addWorkingMillis(berlinOffice, from, 90 * MINUTE)).toEqual(at('2025-01-02T08:30:00Z'));
    expect(
      calendarSpans(berlinOffice, from, to).map((s) => [s.from.toISOString(), s.kind, s.holiday]),
    ).toEqual([
      ['2024-12-31T15:00:00.000Z', 'working', null],
      ['2024-12-31T16:00:00.000Z', 'outside_working_hours', null],
      ['2024-12-31T23:00:00.000Z', 'holiday', "New Year's Day"],
      ['2025-01-01T23:00:00.000Z', 'outside_working_hours', null],
      ['2025-01-02T08:00:00.000Z', 'working', null],
    ]);
  });

  it('end a goal at the end of a working day, not the next morning', () => {
    const mondayNine = at('2024-06-10T07:00:00Z');
    expect(addWorkingMillis(berlinOffice, mondayNine, 8 * HOUR)).toEqual(at('2024-06-10T15:00:00Z'));
    expect(addWorkingMillis(berlinOffice, mondayNine, 8 * HOUR + 1)).toEqual(at('2024-06-11T07:00:00.001Z'));
  });

  it('add nothing in zero time, even outside working hours', () => {
    const saturday = at('2024-06-08T10:00:00Z');
    expect(addWorkingMillis(berlinOffice, saturday, 0)).toEqual(saturday);
    expect(addWorkingMillis(berlinOffice, saturday, 1)).toEqual(at('2024-06-10T07:00:00.001Z'));
  });

  it('treat touching intervals as one working stretch', () => {
    const split = calendar({
      name: 'split day',
      timeZone: 'UTC',
      kind: 'business',
      week: { mon: ['12:00-17:00', '09:00-12:00'] },
    });
    const monday = span('2024-06-10T00:00:00Z', '2024-06-11T00:00:00Z');
    expect(workingIntervals(split, monday.from, monday.to)).toEqual([
      span('2024-06-10T09:00:00Z', '2024-06-10T17:00:00Z'),
    ]);
  });
});

describe('daylight saving time', () => {
  it('Berlin spring forward: a 09–17 day is still 8 hours, a 24x7 day is 23', () => {
    // Sun 31 Mar 2024, 02:00 CET → 03:00 CEST. Saturday is UTC+1, Sunday and Monday UTC+2.
    const from = at('2024-03-30T08:00:00Z'); // Sat 09:00 CET
    const to = at('2024-04-01T15:00:00Z'); // Mon 17:00 CEST
    expect(workingIntervals(berlinEveryDay, from, to)).toEqual([
      span('2024-03-30T08:00:00Z', '2024-03-30T16:00:00Z'),
      span('2024-03-31T07:00:00Z', '2024-03-31T15:00:00Z'),
      span('2024-04-01T07:00:00Z', '2024-04-01T15:00:00Z'),
    ]);
    expect(workingMillisBetween(berlinEveryDay, from, to)).toBe(24 * HOUR);
    // The same range on 24x7 is 55 real hours, though the wall clocks read 56 hours apart.
    expect(workingMillisBetween(berlin24x7, from, to)).toBe(55 * HOUR);
    // Sat 16:00 CET + 2 working hours = Sun 10:00 CEST = 08:00Z.
    expect(addWorkingMillis(berlinEveryDay, at('2024-03-30T15:00:00Z'), 2 * HOUR)).toEqual(
      at('2024-03-31T08:00:00Z'),
    );
    // The local day of 31 March runs from 23:00Z to 22:00Z: 23 hours.
    expect(workingMillisBetween(berlin24x7, at('2024-03-30T23:00:00Z'), at('2024-03-31T22:00:00Z'))).toBe(
      23 * HOUR,
    );
    // A 00:00–06:00 night shift that night really lasts 5 hours.
    expect(
      workingIntervals(berlinNightShift, at('2024-03-30T00:00:00Z'), at('2024-04-01T00:00:00Z')),
    ).toEqual([span('2024-03-30T23:00:00Z', '2024-03-31T04:00:00Z')]);
  });

  it('Berlin fall back: a 09–17 day is still 8 hours, a 24x7 day is 25', () => {
    // Sun 27 Oct 2024, 03:00 CEST → 02:00 CET.
    expect(workingIntervals(berlinEveryDay, at('2024-10-27T00:00:00Z'), at('2024-10-28T00:00:00Z'))).toEqual([
      span('2024-10-27T08:00:00Z', '2024-10-27T16:00:00Z'),
    ]);
    expect(workingMillisBetween(berlin24x7, at('2024-10-26T22:00:00Z'), at('2024-10-27T23:00:00Z'))).toBe(
      25 * HOUR,
    );
    expect(
      workingIntervals(berlinNightShift, at('2024-10-26T00:00:00Z'), at('2024-10-28T00:00:00Z')),
    ).toEqual([span('2024-10-26T22:00:00Z', '2024-10-27T05:00:00Z')]);
    // Sat 26 Oct 16:00 CEST (14:00Z) + 3 working hours = Sun 11:00 CET = 10:00Z.
    expect(addWorkingMillis(berlinEveryDay, at('2024-10-26T14:00:00Z'), 3 * HOUR)).toEqual(
      at('2024-10-27T10:00:00Z'),
    );
  });

  it('New York spring forward and fall back over a weekend', () => {
    // Sun 10 Mar 2024 EST (UTC−5) → EDT (UTC−4). Fri 16:00 EST = 21:00Z; Mon 10:00 EDT = 14:00Z.
    expect(workingMillisBetween(newYorkOffice, at('2024-03-08T21:00:00Z'), at('2024-03-11T14:00:00Z'))).toBe(
      2 * HOUR,
    );
    expect(addWorkingMillis(newYorkOffice, at('2024-03-08T21:00:00Z'), 2 * HOUR)).toEqual(
      at('2024-03-11T14:00:00Z'),
    );
    // Sun 3 Nov 2024 EDT → EST. Fri 1 Nov 16:00 EDT = 20:00Z; Mon 4 Nov 10:00 EST = 15:00Z.
    expect(addWorkingMillis(newYorkOffice, at('2024-11-01T20:00:00Z'), 2 * HOUR)).toEqual(
      at('2024-11-04T15:00:00Z'),
    );
  });

  it('a business calendar open 00:00–24:00 every day agrees with 24x7 at random ranges', () => {
    const random = seededRandom(7);
    for (const timeZone of ['Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe']) {
      const open = calendar({ name: 'open', timeZone, kind: 'business', week: everyDay(['00:00-24:00']) });
      const allDay = calendar({ name: 'all day', timeZone, kind: '24x7' });
      for (let i = 0; i < 100; i++) {
        const from = Date.UTC(2024, 0, 1) + Math.floor(random() * 366 * 24 * HOUR);
        const to = from + Math.floor(random() * 10 * 24 * HOUR);
        expect(workingMillisBetween(open, new Date(from), new Date(to))).toBe(to - from);
        expect(workingMillisBetween(allDay, new Date(from), new Date(to))).toBe(to - from);
      }
    }
  });
});

describe('24x7', () => {
  it('counts absolute time and leaves out holidays', () => {
    const withHoliday = calendar({
      name: '24x7 but New Year',
      timeZone: 'Europe/Berlin',
      kind: '24x7',
      holidays: [{ date: '2025-01-01', name: "New Year's Day" }],
    });
    // Dec 31 12:00 CET → Jan 2 12:00 CET is 48 h, of which the local 1 January is 24 h.
    expect(workingMillisBetween(withHoliday, at('2024-12-31T11:00:00Z'), at('2025-01-02T11:00:00Z'))).toBe(
      24 * HOUR,
    );
    // 12 h take the 31st to its local midnight; the 13th hour comes after the holiday.
    expect(addWorkingMillis(withHoliday, at('2024-12-31T11:00:00Z'), 12 * HOUR)).toEqual(
      at('2024-12-31T23:00:00Z'),
    );
    expect(addWorkingMillis(withHoliday, at('2024-12-31T11:00:00Z'), 13 * HOUR)).toEqual(
      at('2025-01-02T00:00:00Z'),
    );
  });
});

describe('round trip: addWorkingMillis(c, t, workingMillisBetween(c, t, u)) = u for u inside working time', () => {
  const calendars: Calendar[] = [berlinOffice, newYorkOffice, berlinEveryDay, berlinNightShift];
  for (const cal of calendars) {
    it(cal.name, () => {
      const random = seededRandom(cal.name.length * 31);
      // Late 2024 to early 2025: both DST changes of both zones and the New Year holiday.
      const start = Date.UTC(2024, 2, 1);
      for (let i = 0; i < 200; i++) {
        const t = new Date(start + Math.floor(random() * 300 * 24 * HOUR));
        const horizon = new Date(t.getTime() + 30 * 24 * HOUR);
        const intervals = workingIntervals(cal, t, horizon);
        const interval = intervals[Math.floor(random() * intervals.length)]!;
        const length = interval.to.getTime() - interval.from.getTime();
        // Strictly after the interval's start: at the start itself the earliest answer is the
        // end of the previous working stretch.
        const u = new Date(interval.from.getTime() + 1 + Math.floor(random() * length));
        const worked = workingMillisBetween(cal, t, u);
        expect(addWorkingMillis(cal, t, worked)).toEqual(u);
      }
    });
  }
});

describe('validation', () => {
  const base = { name: 'x', timeZone: 'Europe/Berlin', kind: 'business' as const };
  const problems = (input: unknown) =>
    calendarSchema.safeParse(input).error?.issues.map((issue) => issue.message) ?? [];

  it('accepts a well-formed calendar', () => {
    expect(problems({ ...base, week: { mon: ['09:00-12:00', '13:00-24:00'] } })).toEqual([]);
  });

  it('rejects an unknown time zone', () => {
    expect(problems({ ...base, timeZone: 'Europe/Atlantis', week: { mon: ['09:00-17:00'] } })).toEqual([
      'not an IANA time zone, e.g. Europe/Berlin',
    ]);
  });

  it('rejects malformed, backwards and overlapping intervals', () => {
    expect(problems({ ...base, week: { mon: ['9:00-17:00'] } })).toEqual([
      'expected HH:MM-HH:MM, e.g. 09:00-17:00',
    ]);
    expect(problems({ ...base, week: { mon: ['24:00-24:00'] } })).toContain(
      'expected HH:MM-HH:MM, e.g. 09:00-17:00',
    );
    expect(problems({ ...base, week: { mon: ['17:00-09:00'] } })).toEqual([
      'the end of a working interval must be after its start',
    ]);
    expect(problems({ ...base, week: { mon: ['09:00-09:00'] } })).toEqual([
      'the end of a working interval must be after its start',
    ]);
    expect(problems({ ...base, week: { tue: ['09:00-12:00', '11:30-17:00'] } })).toEqual([
      'working intervals overlap: 09:00-12:00, 11:30-17:00',
    ]);
  });

  it('rejects a business week without working time, unknown days, and a week on 24x7', () => {
    expect(problems({ ...base, week: {} })).toEqual([
      'a business calendar needs at least one working interval in its week',
    ]);
    expect(problems({ ...base, week: { monday: ['09:00-17:00'] } }).length).toBeGreaterThan(0);
    expect(problems({ ...base, kind: '24x7', week: { mon: ['09:00-17:00'] } }).length).toBeGreaterThan(0);
  });

  it('rejects impossible and repeated holidays', () => {
    const week = { mon: ['09:00-17:00'] };
    expect(problems({ ...base, week, holidays: [{ date: '2025-02-30', name: 'nope' }] })).toEqual([
      'not a real date',
    ]);
    expect(
      problems({
        ...base,
        week,
        holidays: [
          { date: '2025-12-25', name: 'Christmas' },
          { date: '2025-12-25', name: 'Christmas again' },
        ],
      }),
    ).toEqual(['a date is listed as a holiday twice']);
  });

  it('refuses ranges that end before they start and negative durations', () => {
    expect(() =>
      workingMillisBetween(berlinOffice, at('2024-06-10T10:00:00Z'), at('2024-06-10T09:00:00Z')),
    ).toThrow(RangeError);
    expect(() => addWorkingMillis(berlinOffice, at('2024-06-10T10:00:00Z'), -1)).toThrow(RangeError);
  });
});
