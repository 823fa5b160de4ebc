// One signing scheme both ways: Opsdesk signs its deliveries, the external system signs its
// callbacks with the same shared secret. `v1` covers "<timestamp>.<body>"; `v2` also covers the
// request's method and path — "<timestamp>.<METHOD> <path>.<body>" — so a captured request
// cannot be replayed later (timestamp window), altered (HMAC), nor sent to another URL: a
// callback signed for one run's URL does not verify at another run's. Deliveries carry both
// (receivers written for v1 keep working); callbacks must carry v2.
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

/** What a v2 signature binds the request to: `POST` and the path of the URL (with its query). */
export interface SignedTarget {
  method: string;
  path: string;
}

function hmac(secret: string, timestamp: number, body: Body, target?: SignedTarget): Buffer {
  const scope = target ? `${target.method.toUpperCase()} ${target.path}.` : '';
  return createHmac('sha256', secret).update(`${timestamp}.${scope}`).update(body).digest();
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
  /** Adds `v2=` values bound to the method and path (callbacks need them). */
  target?: SignedTarget;
  /** Leave out the `v1=` values (a callback's v1 would verify at any URL). */
  v2Only?: boolean;
}): SignedHeaders {
  const secrets = typeof input.secret === 'string' ? [input.secret] : input.secret;
  if (secrets.length === 0) throw new Error('signDelivery needs at least one secret');
  const values = [
    ...(input.v2Only && input.target
      ? []
      : secrets.map((secret) => `v1=${hmac(secret, input.timestamp, input.body).toString('hex')}`)),
    ...(input.target
      ? secrets.map(
          (secret) => `v2=${hmac(secret, input.timestamp, input.body, input.target).toString('hex')}`,
        )
      : []),
  ];
  return {
    'Opsdesk-Delivery': input.deliveryId ?? randomUUID(),
    'Opsdesk-Timestamp': String(input.timestamp),
    'Opsdesk-Signature': values.join(','),
  };
}

/** The method and path a URL is signed for. */
export function targetOf(method: string, url: string | URL): SignedTarget {
  const parsed = typeof url === 'string' ? new URL(url) : url;
  return { method, path: `${parsed.pathname}${parsed.search}` };
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

const signatureValue = { v1: /^v1=([0-9a-f]{64})$/, v2: /^v2=([0-9a-f]{64})$/ };

/** The signatures of one scheme in the header; other schemes are ignored. */
function signaturesOf(header: string, scheme: 'v1' | 'v2'): Buffer[] {
  return header
    .split(',')
    .map((part) => signatureValue[scheme].exec(part.trim().toLowerCase())?.[1])
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
  /** Require a `v2=` signature bound to this method and path (v1 values are then ignored). */
  target?: SignedTarget;
}): SignatureCheck {
  const scheme = input.target ? 'v2' : 'v1';
  const tolerance = input.toleranceSeconds ?? defaultToleranceSeconds;
  if (!input.timestamp) return failure('missing_timestamp', `the ${timestampHeader} header is missing`);
  if (!input.signatureHeader) return failure('missing_signature', `the ${signatureHeader} header is missing`);
  if (!/^\d{1,12}$/.test(input.timestamp.trim()))
    return failure('malformed_timestamp', `${timestampHeader} must be a Unix time in seconds`);
  const timestamp = Number(input.timestamp.trim());
  const provided = signaturesOf(input.signatureHeader, scheme);
  if (provided.length === 0)
    return failure(
      'malformed_signature',
      `${signatureHeader} holds no ${scheme}=<hex HMAC-SHA256> value${scheme === 'v2' ? ' (v2 signs "<timestamp>.<METHOD> <path>.<body>")' : ''}`,
    );
  const age = Math.floor(input.now.getTime() / 1_000) - timestamp;
  if (age > tolerance)
    return failure('stale_timestamp', `the timestamp is ${age} s old; at most ${tolerance} s is accepted`);
  if (age < -tolerance)
    return failure('future_timestamp', `the timestamp is ${-age} s in the future; check the sender's clock`);
  // Every candidate is compared in constant time; which one matched tells the caller whether an
  // old secret is still in use during a rotation.
  let secretIndex = -1;
  input.secrets.forEach((secret, index) => {
    const expected = hmac(secret, timestamp, input.body, input.target);
    for (const signature of provided) {
      if (timingSafeEqual(signature, expected) && secretIndex === -1) secretIndex = index;
    }
  });
  if (secretIndex === -1)
    return failure('signature_mismatch', 'the signature does not match the body and the shared secret');
  return { ok: true, timestamp, secretIndex };
}
