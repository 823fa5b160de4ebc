// The JSON body an external executor receives (documented for integrators in ../README.md).
// `run.id` is the idempotency key: every attempt and every replay of a run carries the same one.
// `deliveryId` identifies one delivery (kept across automatic retries, new on a replay) and is
// covered by the signature, so a receiver may deduplicate on it.
import type { ExecutorInput } from '../types.js';

export interface WebhookPayload {
  deliveryId: string;
  run: { id: string; attempt: number; callbackUrl: string };
  ticket: { key: string; requester: { email: string; displayName: string } };
  requestType: string;
  fields: Record<string, unknown>;
  params: Record<string, unknown>;
  sentAt: string;
}

export function webhookPayload(
  input: ExecutorInput,
  run: { id: string; attempt: number },
  delivery: { deliveryId: string; sentAt: Date },
): WebhookPayload {
  return {
    deliveryId: delivery.deliveryId,
    run: { id: run.id, attempt: run.attempt, callbackUrl: input.callbackUrl },
    ticket: {
      key: input.ticket.key,
      requester: { email: input.ticket.requester.email, displayName: input.ticket.requester.displayName },
    },
    requestType: input.ticket.requestType,
    fields: input.fields,
    params: input.params,
    sentAt: delivery.sentAt.toISOString(),
  };
}
