// Signed action links: one-click approve/decline from an approval email, and unsubscribe. The
// token carries its own payload and an HMAC-SHA256 over it, so checking it needs no database;
// making it single-use does (the caller records the nonce once the action is done).
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

export const actionTokenActions = ['approve', 'decline', 'unsubscribe', 'acknowledge', 'confirm'] as const;
export type ActionTokenAction = (typeof actionTokenActions)[number];

export const actionTokenPayloadSchema = z.object({
  action: z.enum(actionTokenActions),
  /** What the action applies to: an approval's id, a subscription's id, a page's id. */
  subject: z.string().min(1).max(200),
  ticketKey: z.string().min(1).max(64).optional(),
  userId: z.string().min(1).max(200).optional(),
  /** Kept to the second. */
  expiresAt: z.date(),
  /** Random, unique per token: what a single-use check records. */
  nonce: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/),
});
export type ActionTokenPayload = z.infer<typeof actionTokenPayloadSchema>;

export type ActionTokenFailure = 'malformed' | 'forged' | 'expired';
export type ActionTokenVerification =
  | { ok: true; payload: ActionTokenPayload }
  | { ok: false; reason: ActionTokenFailure };

const wireSchema = z.object({
  v: z.literal(1),
  a: z.enum(actionTokenActions),
  s: z.string().min(1).max(200),
  t: z.string().min(1).max(64).optional(),
  u: z.string().min(1).max(200).optional(),
  e: z.number().int().nonnegative(),
  n: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/),
});

// Binds a signature to this use, so a MAC made with the same secret elsewhere is not a token.
const signingContext = 'opsdesk.action-token.v1.';
const minSecretBytes = 32;
const base64url = /^[A-Za-z0-9_-]+$/;

export type ActionSecret = string | Uint8Array;

function secretBytes(secret: ActionSecret): Buffer {
  const bytes = typeof secret === 'string' ? Buffer.from(secret, 'utf8') : Buffer.from(secret);
  if (bytes.length < minSecretBytes)
    throw new Error(`the action link secret must be at least ${minSecretBytes} bytes`);
  return bytes;
}

function mac(encodedPayload: string, secret: Buffer): Buffer {
  return createHmac('sha256', secret)
    .update(signingContext + encodedPayload)
    .digest();
}

/** A fresh nonce for a token: 144 random bits. */
export function newActionNonce(): string {
  return randomBytes(18).toString('base64url');
}

/** A URL-safe token (`payload.signature`, both base64url) to put in a link's path or query. */
export function signActionToken(payload: ActionTokenPayload, secret: ActionSecret): string {
  const valid = actionTokenPayloadSchema.parse(payload);
  const wire = {
    v: 1,
    a: valid.action,
    s: valid.subject,
    ...(valid.ticketKey !== undefined ? { t: valid.ticketKey } : {}),
    ...(valid.userId !== undefined ? { u: valid.userId } : {}),
    e: Math.floor(valid.expiresAt.getTime() / 1_000),
    n: valid.nonce,
  };
  const encoded = Buffer.from(JSON.stringify(wire), 'utf8').toString('base64url');
  return `${encoded}.${mac(encoded, secretBytes(secret)).toString('base64url')}`;
}

/** Checks the signature (in constant time), then the expiry. `now` is passed in so tests control time. */
export function verifyActionToken(token: string, secret: ActionSecret, now: Date): ActionTokenVerification {
  const key = secretBytes(secret);
  const parts = token.split('.');
  const [encoded, signature] = parts;
  if (
    parts.length !== 2 ||
    !encoded ||
    !signature ||
    !base64url.test(encoded) ||
    !base64url.test(signature)
  ) {
    return { ok: false, reason: 'malformed' };
  }
  const expected = mac(encoded, key);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, reason: 'forged' };
  let wire: z.infer<typeof wireSchema>;
  try {
    const parsed = wireSchema.safeParse(JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8')));
    if (!parsed.success) return { ok: false, reason: 'malformed' };
    wire = parsed.data;
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  const expiresAt = new Date(wire.e * 1_000);
  if (now.getTime() >= expiresAt.getTime()) return { ok: false, reason: 'expired' };
  return {
    ok: true,
    payload: {
      action: wire.a,
      subject: wire.s,
      ...(wire.t !== undefined ? { ticketKey: wire.t } : {}),
      ...(wire.u !== undefined ? { userId: wire.u } : {}),
      expiresAt,
      nonce: wire.n,
    },
  };
}
