// What a delivery attempt ended in, for every channel: the delivery pipeline retries
// `retryable` ones with backoff (honouring `retryAfterMs`), and records `permanent` ones as failed.

export type DeliveryFailureCode =
  | 'connection_failed'
  | 'timeout'
  | 'tls_failed'
  | 'auth_failed'
  | 'smtp_transient'
  | 'smtp_rejected'
  | 'recipient_rejected'
  | 'invalid_message'
  | 'rate_limited'
  | 'http_server_error'
  | 'http_client_error'
  | 'redirect_refused'
  | 'target_refused'
  | 'unknown';

export type DeliveryOutcome =
  | {
      status: 'sent';
      /** SMTP: the Message-ID sent; chat: null. */
      messageId: string | null;
      /** The server's answer, for the delivery log: an SMTP reply, an HTTP status line. */
      response: string;
    }
  | {
      status: 'retryable';
      code: DeliveryFailureCode;
      reason: string;
      /** When the server said how long to wait (HTTP 429 Retry-After). */
      retryAfterMs: number | null;
    }
  | { status: 'permanent'; code: DeliveryFailureCode; reason: string };

export function retryable(
  code: DeliveryFailureCode,
  reason: string,
  retryAfterMs: number | null = null,
): DeliveryOutcome {
  return { status: 'retryable', code, reason, retryAfterMs };
}

export function permanent(code: DeliveryFailureCode, reason: string): DeliveryOutcome {
  return { status: 'permanent', code, reason };
}
