// Idempotency tokens derived from the run id, so that every attempt of one run sends the same one.
import { createHash } from 'node:crypto';

/** EC2 ClientToken: at most 64 ASCII characters. Readable when the run id allows it. */
export function ec2ClientToken(runId: string): string {
  const readable = `opsdesk-${runId}`;
  return /^[\w-]{1,64}$/.test(readable) ? readable : `opsdesk-${sha256(runId).slice(0, 56)}`;
}

/**
 * ACM IdempotencyToken: 1–32 word characters. The certificate's names are part of it: within
 * one run they are fixed, and a different set of names must never return an old certificate.
 */
export function acmIdempotencyToken(runId: string, names: readonly string[]): string {
  return sha256(`${runId}\n${[...names].sort().join(',')}`).slice(0, 32);
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
