// Filters Opsdesk adds to Liquid: dates in the reader's time zone, durations in words, and
// multi-line text that stays readable in HTML without opening a hole for markup.
import type { Context } from 'liquidjs';
import { DateTime } from 'luxon';
import { isKnownTimeZone } from './time-zones.js';

/** The default `datetime` format: `2026-03-29 10:15 CEST`. */
export const defaultDateTimeFormat = 'yyyy-MM-dd HH:mm ZZZZ';
const fallbackTimeZone = 'UTC';
const fallbackLocale = 'en-GB';

/** What Liquid binds `this` to inside a filter; only the render context is needed here. */
interface FilterThis {
  context: Context;
}

/** The recipient's time zone and locale, read from the render context when a template has one. */
function readerPreferences(filter: FilterThis): { timeZone: string; locale: string } {
  const scope: unknown = filter.context.environments;
  const recipient = isRecord(scope) ? scope.recipient : undefined;
  const timeZone = isRecord(recipient) && typeof recipient.timeZone === 'string' ? recipient.timeZone : null;
  const locale = isRecord(recipient) && typeof recipient.locale === 'string' ? recipient.locale : null;
  return {
    timeZone: timeZone && isKnownTimeZone(timeZone) ? timeZone : fallbackTimeZone,
    locale: locale ?? fallbackLocale,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function toDateTime(value: unknown): DateTime {
  if (value instanceof Date) return DateTime.fromJSDate(value);
  if (typeof value === 'string') {
    const parsed = DateTime.fromISO(value, { setZone: true });
    if (parsed.isValid) return parsed;
  }
  throw new Error(`datetime: ${JSON.stringify(value)} is not an ISO 8601 date`);
}

// Luxon builds Intl formatters on every call (about a millisecond each for a zone name). One
// notification to a thousand stakeholders formats the same few dates in the same few zones,
// so results are remembered.
const formattedDatesLimit = 10_000;
const formattedDates = new Map<string, string>();

/**
 * `{{ ticket.createdAt | datetime: "yyyy-MM-dd HH:mm", recipient.timeZone }}`. Without a zone,
 * the recipient's own; without a format, `defaultDateTimeFormat`. Luxon format tokens.
 * An empty value (an incident not yet ended) renders as nothing.
 */
export function datetimeFilter(this: FilterThis, value: unknown, format?: unknown, zone?: unknown): string {
  if (value === null || value === undefined || value === '') return '';
  const reader = readerPreferences(this);
  const timeZone = zone === undefined || zone === null ? reader.timeZone : String(zone);
  if (!isKnownTimeZone(timeZone)) throw new Error(`datetime: "${timeZone}" is not a known time zone`);
  const pattern = format === undefined || format === null ? defaultDateTimeFormat : String(format);
  const cacheKey = `${String(value instanceof Date ? value.toISOString() : value)}\u0000${pattern}\u0000${timeZone}\u0000${reader.locale}`;
  const cached = formattedDates.get(cacheKey);
  if (cached !== undefined) return cached;
  const formatted = toDateTime(value).setZone(timeZone).setLocale(reader.locale).toFormat(pattern);
  if (formattedDates.size >= formattedDatesLimit) {
    const oldest = formattedDates.keys().next().value;
    if (oldest !== undefined) formattedDates.delete(oldest);
  }
  formattedDates.set(cacheKey, formatted);
  return formatted;
}

const durationUnits = [
  ['day', 86_400],
  ['hour', 3_600],
  ['minute', 60],
  ['second', 1],
] as const;

/** Seconds in words: 525 → "8 minutes 45 seconds", 144036 → "1 day 16 hours 36 seconds". */
export function formatDuration(totalSeconds: number): string {
  let remaining = Math.floor(Math.abs(totalSeconds));
  const parts: string[] = [];
  for (const [unit, size] of durationUnits) {
    const count = Math.floor(remaining / size);
    remaining -= count * size;
    if (count > 0) parts.push(`${count} ${unit}${count === 1 ? '' : 's'}`);
  }
  return parts.length > 0 ? parts.join(' ') : '0 seconds';
}

export function durationFilter(value: unknown): string {
  if (value === null || value === undefined || value === '') return '';
  const seconds = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(seconds))
    throw new Error(`duration: ${JSON.stringify(value)} is not a number of seconds`);
  return formatDuration(seconds);
}

const htmlEntities: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => htmlEntities[character] ?? character);
}

/** HTML: escapes the text itself, then keeps its line breaks as `<br>`. */
export function multilineHtmlFilter(value: unknown): string {
  if (value === null || value === undefined) return '';
  return escapeHtml(String(value)).replace(/\r?\n/g, '<br>\n');
}

/** Plain text has nothing to escape and keeps its line breaks as they are. */
export function multilineTextFilter(value: unknown): string {
  return value === null || value === undefined ? '' : String(value);
}
