// Pure: what every sender's payload becomes before it is stored — one shape for an alert as it
// arrived — and the refusal of a malformed payload, naming the field.
import { createHash } from 'node:crypto';
import type { z } from 'zod';
import type { Severity } from '../events.schema.js';

export interface IncomingAlert {
  fingerprint: string;
  status: 'firing' | 'resolved' | 'acknowledged';
  severity: Severity;
  summary: string;
  description: string;
  labels: Record<string, string>;
  /** When the sender says it happened. */
  at: Date;
  /** The same key twice is a retry or an HA duplicate (null: every delivery counts). */
  occurrenceKey: string | null;
  /** The alert as the sender wrote it (kept in its occurrence history). */
  raw: unknown;
}

/** A backup job's result, from a `backup` integration. */
export interface IncomingBackupRun {
  sessionId: string;
  job: string;
  ci: string | null;
  result: 'success' | 'warning' | 'failed';
  startedAt: Date | null;
  endedAt: Date;
  sizeBytes: number | null;
  raw: unknown;
}

/** A payload the sender got wrong: a 400 naming the field, and the body kept as a dead letter. */
export class PayloadError extends Error {
  override readonly name = 'PayloadError';
  constructor(
    readonly field: string,
    readonly problem: string,
  ) {
    super(`${field}: ${problem}`);
  }
}

/** Parses with a zod schema; the first problem becomes a PayloadError naming its path. */
export function parsePayload<S extends z.ZodType>(schema: S, payload: unknown, root = 'body'): z.infer<S> {
  const result = schema.safeParse(payload);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const path = [root, ...issue.path.map(String)].join('.');
  throw new PayloadError(path, issue.message);
}

/** A stable fingerprint of labels (sorted), for senders that give none. */
export function labelsFingerprint(labels: Record<string, string>, extra = ''): string {
  const text = Object.keys(labels)
    .sort()
    .map((key) => `${key}=${labels[key]}`)
    .join('\u0000');
  return createHash('sha256').update(`${text}\u0001${extra}`).digest('hex').slice(0, 16);
}

/** Label values as strings: numbers and booleans written out, everything else dropped. */
export function stringLabels(source: Record<string, unknown> | undefined | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(source ?? {})) {
    if (typeof value === 'string') out[key] = value.slice(0, 1000);
    else if (typeof value === 'number' || typeof value === 'boolean') out[key] = String(value);
  }
  return out;
}

export function dateOr(value: unknown, fallback: Date): Date {
  if (typeof value !== 'string' && typeof value !== 'number') return fallback;
  const parsed = new Date(value);
  return Number.isNaN(parsed.getTime()) || parsed.getUTCFullYear() < 1970 ? fallback : parsed;
}
