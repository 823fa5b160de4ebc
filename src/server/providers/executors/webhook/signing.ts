// One signing scheme both ways: Opsdesk signs its deliveries, the external system signs its
// callbacks with the same shared secret. The signature covers "<timestamp>.<body>", so a captured
// request cannot be replayed later (timestamp window) nor altered (HMAC).
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';

export const deliveryHeader = 'Opsdesk-Delivery';
export const timestampHeader = 'Opsdesk-Timestamp';
export const signatureHeader = 'Opsdesk-Signature';

export const defaultToleranceSeconds = 300;

export type Body = string | Uint8Array;

// A type, not an interface, so that it passes as a plain header record.
export type SignedHeaders = {
  'Opsdesk-Delivery': string;
  'Opsdesk-Timestamp': string;
  'Opsdesk-Signature': string;
};

function hmac(secret: string, timestamp: number, body: Body): Buffer {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest();
}

/**
 * The three headers of a signed request. Several secrets (the new one first) during a secret
 * rotation give several `v1=` values, so a receiver holding either secret accepts the request.
 */
export function signDelivery(input: {
  secret: string | readonly string[];
  /** Unix seconds. */
  timestamp: number;
  body: Body;
  deliveryId?: string;
}): SignedHeaders {
  const secrets = typeof input.secret === 'string' ? [input.secret] : input.secret;
  if (secrets.length === 0) throw new Error('signDelivery needs at least one secret');
  return {
    'Opsdesk-Delivery': input.deliveryId ?? randomUUID(),
    'Opsdesk-Timestamp': String(input.timestamp),
    'Opsdesk-Signature': secrets
      .map((secret) => `v1=${hmac(secret, input.timestamp, input.body).toString('hex')}`)
      .join(','),
  };
}

export type SignatureFailure =
  | 'missing_timestamp'
  | 'missing_signature'
  | 'malformed_timestamp'
  | 'malformed_signature'
  | 'stale_timestamp'
  | 'future_timestamp'
  | 'signature_mismatch';

export type SignatureCheck =
  | { ok: true; timestamp: number; secretIndex: number }
  | { ok: false; reason: SignatureFailure; message: string };

const v1Value = /^v1=([0-9a-f]{64})$/;

/** The `v1=` signatures of the header; other schemes are ignored (a later `v2` may sit beside them). */
function signaturesOf(header: string): Buffer[] {
  return header
    .split(',')
    .map((part) => v1Value.exec(part.trim().toLowerCase())?.[1])
    .filter((hex): hex is string => hex !== undefined)
    .map((hex) => Buffer.from(hex, 'hex'));
}

function failure(reason: SignatureFailure, message: string): SignatureCheck {
  return { ok: false, reason, message };
}

export function verifySignature(input: {
  secrets: readonly string[];
  timestamp: string | undefined;
  body: Body;
  signatureHeader: string | undefined;
  now: Date;
  toleranceSeconds?: number;
}): SignatureCheck {
  const tolerance = input.toleranceSeconds ?? defaultToleranceSeconds;
  if (!input.timestamp) return failure('missing_timestamp', `the ${timestampHeader} header is missing`);
  if (!input.signatureHeader) return failure('missing_signature', `the ${signatureHeader} header is missing`);
  if (!/^\d{1,12}$/.test(input.timestamp.trim()))
    return failure('malformed_timestamp', `${timestampHeader} must be a Unix time in seconds`);
  const timestamp = Number(input.timestamp.trim());
  const provided = signaturesOf(input.signatureHeader);
  if (provided.length === 0)
    return failure('malformed_signature', `${signatureHeader} holds no v1=<hex HMAC-SHA256> value`);
  const age = Math.floor(input.now.getTime() / 1_000) - timestamp;
  if (age > tolerance)
    return failure('stale_timestamp', `the timestamp is ${age} s old; at most ${tolerance} s is accepted`);
  if (age < -tolerance)
    return failure('future_timestamp', `the timestamp is ${-age} s in the future; check the sender's clock`);
  // Every candidate is compared in constant time; which one matched tells the caller whether an
  // old secret is still in use during a rotation.
  let secretIndex = -1;
  input.secrets.forEach((secret, index) => {
    const expected = hmac(secret, timestamp, input.body);
    for (const signature of provided) {
      if (timingSafeEqual(signature, expected) && secretIndex === -1) secretIndex = index;
    }
  });
  if (secretIndex === -1)
    return failure('signature_mismatch', 'the signature does not match the body and the shared secret');
  return { ok: true, timestamp, secretIndex };
}
