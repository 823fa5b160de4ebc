// Shared by the SLA unit tests: calendars written the way an admin would, and a seeded random
// source so the property-style loops are reproducible.
import { type Calendar, type CalendarInput, calendarSchema } from './calendar.js';

export function calendar(input: CalendarInput): Calendar {
  return calendarSchema.parse(input);
}

const weekdays = ['09:00-17:00'];

export const berlinOffice = calendar({
  name: 'Berlin office',
  timeZone: 'Europe/Berlin',
  kind: 'business',
  week: { mon: weekdays, tue: weekdays, wed: weekdays, thu: weekdays, fri: weekdays },
  holidays: [{ date: '2025-01-01', name: "New Year's Day" }],
});

export const newYorkOffice = calendar({
  name: 'New York office',
  timeZone: 'America/New_York',
  kind: 'business',
  week: { mon: weekdays, tue: weekdays, wed: weekdays, thu: weekdays, fri: weekdays },
});

export const utc24x7 = calendar({ name: '24x7', timeZone: 'UTC', kind: '24x7' });

/** Mulberry32: a tiny deterministic generator, enough for test inputs. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const HOUR = 3_600_000;
export const MINUTE = 60_000;
