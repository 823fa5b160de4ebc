// What one delivery attempt ends in, and the row the delivery log keeps of it.

export type WebhookDeliveryFailure =
  | 'target_refused'
  | 'connection_failed'
  | 'timeout'
  | 'aborted'
  | 'rate_limited'
  | 'http_server_error'
  | 'http_client_error'
  | 'redirect_refused';

export type WebhookDeliveryOutcome =
  | { status: 'delivered'; httpStatus: number; responseBody: string }
  | {
      status: 'retryable';
      code: WebhookDeliveryFailure;
      reason: string;
      httpStatus?: number;
      /** What the receiver asked for (Retry-After); the caller waits at least this long. */
      retryAfterMs?: number;
    }
  | { status: 'permanent'; code: WebhookDeliveryFailure; reason: string; httpStatus?: number };

/** One row of the delivery log, which admins read and replay. */
export interface WebhookDeliveryRecord {
  runId: string;
  deliveryId: string;
  /** 1 for the first attempt of this delivery. */
  attempt: number;
  url: string;
  /** The exact JSON that was signed and sent; a replay sends it again under a new delivery id. */
  requestBody: string;
  startedAt: Date;
  durationMs: number;
  outcome: WebhookDeliveryOutcome;
}
