// Timestamps as chat exporters write them. Newer DiscordChatExporter CSVs carry an ISO 8601
// offset; older ones (`04/20/2023 12:00 AM`, `20-Apr-23 12:00 AM`) carry none, so the channel's
// time zone has to be supplied for them.
import { DateTime } from 'luxon';

export interface DateParseOptions {
  /** IANA zone used for timestamps without an offset, e.g. `Asia/Jakarta`. */
  timeZone?: string;
  /** A luxon format (`dd/MM/yyyy HH:mm`) when the exporter uses an unusual layout. */
  dateFormat?: string;
  /** Read `05/04/2023` as 5 April instead of the US reading, 4 May. */
  dayFirst?: boolean;
}

export type DateParseResult =
  | { ok: true; at: Date }
  | { ok: false; reason: 'needs_time_zone' | 'unreadable' };

const isoWithOffset = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}(:?\d{2})?)$/i;
const isoWithoutOffset = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?$/;
const slashed = /^(\d{1,2})\/(\d{1,2})\/(\d{4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([ap]\.?m\.?)?$/i;
const monthName = /^(\d{1,2})-([a-z]{3})-(\d{2}|\d{4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([ap]\.?m\.?)?$/i;
const epoch = /^\d{10}(\d{3})?$/;
const months = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

export function isValidTimeZone(zone: string): boolean {
  return DateTime.local().setZone(zone).isValid;
}

export function parseChatDate(raw: string, options: DateParseOptions): DateParseResult {
  const text = raw.trim();
  if (options.dateFormat) {
    if (!options.timeZone && !/[Zz]/.test(options.dateFormat))
      return { ok: false, reason: 'needs_time_zone' };
    const parsed = DateTime.fromFormat(text, options.dateFormat, {
      zone: options.timeZone ?? 'UTC',
      setZone: true,
    });
    return parsed.isValid ? { ok: true, at: parsed.toJSDate() } : { ok: false, reason: 'unreadable' };
  }
  if (isoWithOffset.test(text)) return fromLuxon(DateTime.fromISO(text.replace(' ', 'T')));
  if (epoch.test(text)) {
    const value = Number(text);
    return { ok: true, at: new Date(text.length === 10 ? value * 1000 : value) };
  }
  const wallClock = readWallClock(text, options.dayFirst ?? false);
  if (!wallClock) return { ok: false, reason: 'unreadable' };
  if (!options.timeZone) return { ok: false, reason: 'needs_time_zone' };
  return fromLuxon(DateTime.fromObject(wallClock, { zone: options.timeZone }));
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond?: number;
}

function readWallClock(text: string, dayFirst: boolean): WallClock | null {
  if (isoWithoutOffset.test(text)) {
    const parsed = DateTime.fromISO(text.replace(' ', 'T'), { zone: 'UTC' });
    return parsed.isValid ? parsed.toObject() : null;
  }
  const slash = slashed.exec(text);
  if (slash) {
    const [first, second] = [Number(slash[1]), Number(slash[2])];
    const [month, day] = dayFirst ? [second, first] : [first, second];
    return withClock(Number(slash[3]), month, day, slash[4]!, slash[5]!, slash[6], slash[7]);
  }
  const named = monthName.exec(text);
  if (named) {
    const month = months.indexOf(named[2]!.toLowerCase()) + 1;
    if (month === 0) return null;
    const year = named[3]!.length === 2 ? 2000 + Number(named[3]) : Number(named[3]);
    return withClock(year, month, Number(named[1]), named[4]!, named[5]!, named[6], named[7]);
  }
  return null;
}

function withClock(
  year: number,
  month: number,
  day: number,
  hourText: string,
  minuteText: string,
  secondText: string | undefined,
  meridiem: string | undefined,
): WallClock | null {
  let hour = Number(hourText);
  if (meridiem) {
    if (hour < 1 || hour > 12) return null;
    const pm = meridiem.toLowerCase().startsWith('p');
    hour = (hour % 12) + (pm ? 12 : 0);
  }
  return { year, month, day, hour, minute: Number(minuteText), second: Number(secondText ?? 0) };
}

function fromLuxon(value: DateTime): DateParseResult {
  return value.isValid ? { ok: true, at: value.toJSDate() } : { ok: false, reason: 'unreadable' };
}
