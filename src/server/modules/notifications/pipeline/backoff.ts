// How long a delivery waits before its next attempt: doubling from the configured base, capped,
// and never shorter than what the server asked for (Retry-After).

export const maxRetryDelayMs = 60 * 60_000;

export function retryDelayMs(baseMs: number, attempt: number, retryAfterMs: number | null): number {
  const backoff = Math.min(baseMs * 2 ** Math.max(0, attempt - 1), maxRetryDelayMs);
  return Math.max(backoff, retryAfterMs ?? 0);
}
