// The callback an external executor sends to `POST /api/v1/fulfilment/runs/{id}/callback`:
// signed like Opsdesk's deliveries, with the same shared secret. The signature and its timestamp
// window are checked here; refusing a replay inside the window needs the database, so the caller
// records `replayKey` and refuses one it has seen.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { inputProblem } from '../../../lib/storable-input.js';
import type { ExecutorOutcome } from '../types.js';
import {
  type Body,
  defaultToleranceSeconds,
  deliveryHeader,
  type SignatureFailure,
  type SignedTarget,
  signatureHeader,
  targetOf,
  timestampHeader,
  verifySignature,
} from './signing.js';

/** Where the external system reports on a run; its path is what a callback's v2 signature covers. */
export function callbackUrlOf(publicUrl: string, runId: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/api/v1/fulfilment/runs/${runId}/callback`;
}

/** The method and path a run's callback must be signed for. */
export function callbackTargetOf(publicUrl: string, runId: string): SignedTarget {
  return targetOf('POST', callbackUrlOf(publicUrl, runId));
}

const outputValue = z.union([
  z.string().max(10_000),
  z.number(),
  z.boolean(),
  z.null(),
  z.array(z.string().max(10_000)).max(1_000),
]);

export const callbackSchema = z.strictObject({
  /** `progress` adds output lines; `succeeded` and `failed` finish the run. */
  status: z.enum(['progress', 'succeeded', 'failed']),
  message: z.string().max(5_000).optional(),
  lines: z.array(z.string().max(10_000)).max(1_000).optional(),
  outputs: z.record(z.string().min(1).max(100), outputValue).optional(),
  summary: z.string().max(2_000).optional(),
});
export type ExecutorCallback = z.infer<typeof callbackSchema>;

export type CallbackHeaders = Record<string, string | string[] | undefined>;

export type ParsedCallback =
  | {
      ok: true;
      callback: ExecutorCallback;
      /** The sender's id for this callback, for the log. Not signed: do not deduplicate on it. */
      deliveryId: string;
      /**
       * Digest of the signed content (timestamp and body). A replay must repeat both, so the
       * caller refuses a callback whose key it has already seen; keys older than the timestamp
       * window can be forgotten.
       */
      replayKey: string;
      /** Which of the secrets matched: 0 is the current one; higher means an old one is still in use. */
      secretIndex: number;
    }
  | { ok: false; status: 401; reason: SignatureFailure; message: string }
  | {
      ok: false;
      status: 400;
      reason: 'missing_delivery_id' | 'invalid_body';
      message: string;
      /** The signature was valid: remember it, so these bytes are not accepted later. */
      replayKey: string;
    };

function headerValue(headers: CallbackHeaders, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === wanted) return Array.isArray(value) ? value.join(',') : value;
  }
  return undefined;
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`)
    .join('; ');
}

/** Authenticates first: an unsigned sender learns nothing about the body it should have sent. */
export function parseCallback(
  headers: CallbackHeaders,
  rawBody: Body,
  secrets: readonly string[],
  now: Date,
  target: SignedTarget,
  toleranceSeconds = defaultToleranceSeconds,
): ParsedCallback {
  const timestamp = headerValue(headers, timestampHeader);
  const check = verifySignature({
    secrets,
    timestamp,
    body: rawBody,
    signatureHeader: headerValue(headers, signatureHeader),
    now,
    toleranceSeconds,
    target,
  });
  if (!check.ok) return { ok: false, status: 401, reason: check.reason, message: check.message };
  // Digest of everything signed: a replay must repeat all of it.
  const replayKey = createHash('sha256')
    .update(`${check.timestamp}.${target.method} ${target.path}.`)
    .update(rawBody)
    .digest('hex');
  const deliveryId = headerValue(headers, deliveryHeader)?.trim();
  if (!deliveryId || deliveryId.length > 200)
    return {
      ok: false,
      status: 400,
      reason: 'missing_delivery_id',
      message: `the ${deliveryHeader} header must hold the sender's id for this callback`,
      replayKey,
    };
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(rawBody).toString('utf8'));
  } catch {
    return { ok: false, status: 400, reason: 'invalid_body', message: 'the body is not JSON', replayKey };
  }
  // The raw body skipped the edge's check of strings PostgreSQL cannot store.
  const unstorable = inputProblem(json, 'body');
  if (unstorable)
    return {
      ok: false,
      status: 400,
      reason: 'invalid_body',
      message: `${unstorable.field}: ${unstorable.message}`,
      replayKey,
    };
  const parsed = callbackSchema.safeParse(json);
  if (!parsed.success)
    return {
      ok: false,
      status: 400,
      reason: 'invalid_body',
      message: describeIssues(parsed.error),
      replayKey,
    };
  return { ok: true, callback: parsed.data, deliveryId, replayKey, secretIndex: check.secretIndex };
}

/** How a callback moves the run: `null` for progress (lines only), an outcome when it finishes. */
export function callbackOutcome(callback: ExecutorCallback): ExecutorOutcome | null {
  if (callback.status === 'progress') return null;
  if (callback.status === 'failed')
    return { status: 'failed', message: callback.message ?? 'The external executor reported a failure.' };
  return {
    status: 'succeeded',
    summary: callback.summary ?? callback.message ?? 'The external executor finished the request.',
    outputs: callback.outputs ?? {},
  };
}

/** The outcome of a run whose deadline passed without a finishing callback. */
export function noCallbackOutcome(waitedSeconds: number): ExecutorOutcome {
  const waited =
    waitedSeconds < 120 ? `${waitedSeconds} seconds` : `${Math.round(waitedSeconds / 60)} minutes`;
  return {
    status: 'failed',
    message: `The external executor did not report a result within ${waited}; an agent needs to check it.`,
  };
}
