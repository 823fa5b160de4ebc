// The webhook executor (the paper's Fig. 6: the ticket's webhook starts the team's own Lambda, CI
// or AWX, which reports back): one signed delivery per execution, logged; a receiver that accepts
// it hands the run off until its callback or the deadline. Retries are the caller's: a retryable
// failure throws TransientProviderError with the wait before the next attempt.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { TransientProviderError } from '../../types.js';
import type { ExternalExecutor, ExternalExecutorContext } from '../executor.js';
import type { ExecutorOutcome } from '../types.js';
import { backoffMs, deliverWebhook } from './deliver.js';
import type { WebhookDeliveryRecord } from './delivery-record.js';
import { webhookPayload } from './payload.js';

export const webhookExecutorConfigSchema = z.object({
  url: z.url({ protocol: /^https?$/ }),
  /** Shared with the receiver: signs deliveries and verifies its callbacks. */
  secret: z.string().min(16).max(500),
  /** Still accepted (and still signed with) while a rotation is under way. */
  previousSecrets: z.array(z.string().min(16).max(500)).max(3).default([]),
  timeoutMs: z.number().int().min(500).max(60_000).default(10_000),
  /** A run with no finishing callback within this time goes to `need_further_support`. */
  callbackTimeoutSeconds: z
    .number()
    .int()
    .min(30)
    .max(7 * 24 * 3_600)
    .default(3_600),
  maxDeliveryAttempts: z.number().int().min(1).max(20).default(8),
});
export type WebhookExecutorConfig = z.infer<typeof webhookExecutorConfigSchema>;

/** What the run keeps of its delivery, so that a re-execution neither sends twice nor forgets the deadline. */
const webhookStateSchema = z.object({
  webhook: z.object({ deliveryId: z.string(), callbackDeadline: z.iso.datetime().optional() }).optional(),
});

export function callbackSecrets(config: WebhookExecutorConfig): string[] {
  return [config.secret, ...config.previousSecrets];
}

export const webhookExecutor: ExternalExecutor<WebhookExecutorConfig> = {
  kind: 'webhook',
  title: 'Signed webhook (your Lambda, CI pipeline or AWX) that calls back with the result',
  configSchema: webhookExecutorConfigSchema,
  secretFields: ['secret', 'previousSecrets'],

  async start(ctx, input, config, state): Promise<ExecutorOutcome> {
    const saved = await state.get();
    const known = webhookStateSchema.parse(saved).webhook;
    if (known?.callbackDeadline) {
      ctx.log(`The webhook was already delivered (${known.deliveryId}); waiting for its callback.`);
      return { status: 'awaiting_callback', deadline: new Date(known.callbackDeadline) };
    }
    const deliveryId = known?.deliveryId ?? randomUUID();
    if (!known) await state.set({ ...saved, webhook: { deliveryId } });

    const startedAt = ctx.now();
    const body = JSON.stringify(
      webhookPayload(input, { id: ctx.runId, attempt: ctx.attempt }, { deliveryId, sentAt: startedAt }),
    );
    const record = await send(ctx, config, { deliveryId, attempt: ctx.attempt, body, startedAt });
    const { outcome } = record;
    const host = new URL(config.url).host;

    if (outcome.status === 'delivered') {
      const deadline = new Date(startedAt.getTime() + config.callbackTimeoutSeconds * 1_000);
      await state.set({ ...saved, webhook: { deliveryId, callbackDeadline: deadline.toISOString() } });
      ctx.log(`Delivered to ${host} (HTTP ${outcome.httpStatus}); waiting for its result.`);
      return { status: 'awaiting_callback', deadline };
    }
    if (outcome.status === 'permanent')
      return { status: 'failed', message: `The webhook to ${host} was refused: ${outcome.reason}.` };
    // A delivery cut short by a shutdown does not count against the receiver.
    if (ctx.attempt >= config.maxDeliveryAttempts && outcome.code !== 'aborted')
      return {
        status: 'failed',
        message: `The webhook to ${host} could not be delivered after ${ctx.attempt} attempts: ${outcome.reason}.`,
      };
    const waitMs = outcome.retryAfterMs ?? backoffMs(ctx.attempt);
    ctx.log(
      `Delivery to ${host} failed (${outcome.reason}); trying again in ${Math.ceil(waitMs / 1_000)} s.`,
    );
    throw new TransientProviderError(`webhook delivery to ${host} failed: ${outcome.reason}`, {
      retryAfterMs: waitMs,
    });
  },
};

async function send(
  ctx: Pick<ExternalExecutorContext, 'runId' | 'now' | 'allowPrivateNetworks' | 'signal' | 'recordDelivery'>,
  config: WebhookExecutorConfig,
  delivery: { deliveryId: string; attempt: number; body: string; startedAt: Date },
): Promise<WebhookDeliveryRecord> {
  const outcome = await deliverWebhook({
    url: config.url,
    secret: callbackSecrets(config),
    body: delivery.body,
    deliveryId: delivery.deliveryId,
    timeoutMs: config.timeoutMs,
    allowPrivateNetworks: ctx.allowPrivateNetworks,
    signal: ctx.signal,
    now: ctx.now,
  });
  const record: WebhookDeliveryRecord = {
    runId: ctx.runId,
    deliveryId: delivery.deliveryId,
    attempt: delivery.attempt,
    url: config.url,
    requestBody: delivery.body,
    startedAt: delivery.startedAt,
    durationMs: ctx.now().getTime() - delivery.startedAt.getTime(),
    outcome,
  };
  await ctx.recordDelivery(record);
  return record;
}

/**
 * An admin's replay of a logged delivery: the same content under a new delivery id and send
 * time, to the URL configured now (often the reason for the replay). Logged like any attempt;
 * the run itself does not change: the receiver's callback moves it.
 */
export async function replayDelivery(
  ctx: Pick<ExternalExecutorContext, 'now' | 'allowPrivateNetworks' | 'signal' | 'recordDelivery'>,
  original: WebhookDeliveryRecord,
  config: WebhookExecutorConfig,
): Promise<WebhookDeliveryRecord> {
  const deliveryId = randomUUID();
  const startedAt = ctx.now();
  const payload = z.record(z.string(), z.unknown()).parse(JSON.parse(original.requestBody));
  const body = JSON.stringify({
    ...payload,
    deliveryId,
    sentAt: startedAt.toISOString(),
  });
  return send({ ...ctx, runId: original.runId }, config, { deliveryId, attempt: 1, body, startedAt });
}
