// What the server log must never hold: SQL parameters (a failed query's error lists them —
// password hashes, tokens, personal data) and the credentials some URLs carry (the one-click
// approve/decline and unsubscribe links, /a/<token> and /u/<token>). One set of pino
// serializers, used by every logger Opsdesk creates (main.ts createLogger).
import pino from 'pino';

const redacted = '[redacted]';

/** Paths whose last part is a credential, and query parameters that are. */
const tokenPath = /^(\/(?:a|u)\/)[^?#]*/;
const tokenQuery = /([?&](?:token|signature|sig|code|key)=)[^&#]*/gi;

export function redactUrl(url: string): string {
  return url.replace(tokenPath, `$1${redacted}`).replace(tokenQuery, `$1${redacted}`);
}

// drizzle's DrizzleQueryError says "Failed query: <sql>\nparams: <values>" in its message, and
// so in its stack; node-postgres errors may carry the values as properties.
const paramsText = /\nparams: [\s\S]*?(?=\n\s+at |\ncaused by: |$)/g;
const parameterKeys = new Set(['params', 'parameters', 'values', 'password', 'passwordHash']);

export function redactError(error: unknown): Record<string, unknown> {
  const serialized = pino.stdSerializers.err(error as Error) as unknown as Record<string, unknown>;
  if (typeof serialized !== 'object' || serialized === null) return serialized;
  const clean: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(serialized)) {
    if (parameterKeys.has(key)) clean[key] = redacted;
    else if (typeof value === 'string') clean[key] = value.replace(paramsText, `\nparams: ${redacted}`);
    else clean[key] = value;
  }
  return clean;
}

interface LoggedRequest {
  method?: string;
  url?: string;
  ip?: string;
  host?: string;
  headers?: Record<string, unknown>;
  socket?: { remotePort?: number };
}

export const logSerializers = {
  err: redactError,
  req: (request: LoggedRequest) => ({
    method: request.method,
    url: typeof request.url === 'string' ? redactUrl(request.url) : request.url,
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  }),
};
