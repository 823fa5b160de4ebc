// The pieces every part of the HTTP API contract uses. The files in src/shared/api/ are the API's
// one description: the server validates, serialises and documents (OpenAPI) with them, the web
// app derives its types from them and checks responses against them in development. They run in
// the browser too, so they import nothing from src/server.
import { z } from 'zod';

/** The one error envelope, as it appears in the OpenAPI document. */
export const errorEnvelope = z.object({
  error: z.object({
    code: z.string().meta({ description: 'Stable, machine-readable code, e.g. validation_failed' }),
    message: z.string().meta({ description: 'What went wrong, in words a person can act on' }),
    details: z.unknown().optional(),
  }),
});
export type ErrorEnvelope = z.infer<typeof errorEnvelope>;

export const errorResponses = {
  400: errorEnvelope,
  401: errorEnvelope,
  403: errorEnvelope,
  404: errorEnvelope,
  409: errorEnvelope,
} as const;

/** A 204 answer: no body. */
export const noContent = z.null();

/**
 * An instant. The server hands out `Date`s, which travel as ISO 8601 strings ("…Z"); the browser
 * keeps the string. A codec, so that one schema serves both sides: the server encodes, the web
 * app (in development) checks the string.
 */
export const dateTime = z.codec(z.iso.datetime({ offset: true }), z.date(), {
  decode: (text) => new Date(text),
  encode: (date) => date.toISOString(),
});

/** A value as JSON carries it: dates become their ISO strings, the rest stays as it is. */
export type Json<T> = T extends Date
  ? string
  : T extends readonly (infer Item)[]
    ? Json<Item>[]
    : T extends object
      ? { [K in keyof T]: Json<T[K]> }
      : T;

/** What the browser receives for a response schema: the server's output, as JSON. */
export type Wire<S extends z.ZodType> = Json<z.output<S>>;

/** A calendar date (YYYY-MM-DD) or an instant with its offset. */
export const dateOrDateTime = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);

/** Whether the runtime knows `zone` as an IANA time zone (what luxon's IANAZone.isValidZone checks). */
export function isTimeZone(zone: string): boolean {
  if (!zone) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone }).format();
    return true;
  } catch {
    return false;
  }
}

/** Whether YYYY-MM-DD names a day that exists (no 31 April, 29 February only in leap years). */
export function isRealDate(date: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const instant = new Date(0);
  instant.setUTCFullYear(year, month - 1, day);
  return (
    instant.getUTCFullYear() === year && instant.getUTCMonth() === month - 1 && instant.getUTCDate() === day
  );
}

/** `{key}` of the ticket routes: a ticket key such as REQ-12. */
export const ticketKeyParams = z.object({
  key: z.string().regex(/^[A-Za-z]+-\d+$/, 'must be a ticket key such as REQ-12'),
});

/** `{id}` of the routes that address a row by its uuid. */
export const idParams = z.object({ id: z.uuid() });

/** Lowercase letters, digits and dashes, at most 63: the keys of teams, categories, request types. */
export const slugPattern = /^[a-z0-9][a-z0-9-]{0,62}$/;
