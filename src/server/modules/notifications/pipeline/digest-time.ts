// When a person's daily digest goes out: the next time their clock shows the chosen hour.
import { DateTime } from 'luxon';
import { isKnownTimeZone } from '../../../lib/time-zones.js';

export function nextDigestAt(now: Date, timeZone: string, hour: number): Date {
  const zone = isKnownTimeZone(timeZone) ? timeZone : 'UTC';
  const local = DateTime.fromJSDate(now, { zone });
  let at = local.set({ hour, minute: 0, second: 0, millisecond: 0 });
  if (at <= local) at = at.plus({ days: 1 }).set({ hour, minute: 0, second: 0, millisecond: 0 });
  return at.toJSDate();
}
