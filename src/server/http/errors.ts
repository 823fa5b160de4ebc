// The one place where domain errors become HTTP: each kind of `DomainError` (lib/errors.ts) has
// its status here, and every error leaves in the envelope {"error": {"code", "message", "details"?}}.
import type { DomainError, ErrorKind } from '../lib/errors.js';

const statusOfKind: Record<ErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
  too_large: 413,
  unsupported_type: 415,
  unavailable: 503,
  internal: 500,
};

export function httpStatusOf(error: DomainError): number {
  return statusOfKind[error.kind];
}

export function httpHeadersOf(error: DomainError): Record<string, string> | undefined {
  return error.retryAfterSeconds !== undefined
    ? { 'retry-after': String(error.retryAfterSeconds) }
    : undefined;
}
