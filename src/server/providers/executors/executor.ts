// What every external executor kind offers the fulfilment service: a config schema (with its
// secret keys), and `start`, which runs the work or hands it off. Builds on `types.ts`.
import type { z } from 'zod';
import type { ExecutorContext, ExecutorInput, ExecutorOutcome } from './types.js';
import type { WebhookDeliveryRecord } from './webhook/delivery-record.js';

/**
 * Facts an executor keeps across executions of one run (persisted by the fulfilment service on
 * the run), so that a run re-executed after a crash resumes instead of acting twice: the AWX job
 * it launched, the webhook delivery it made.
 */
export interface RunState {
  get(): Promise<Record<string, unknown>>;
  set(value: Record<string, unknown>): Promise<void>;
}

/** The context of `types.ts` plus what the installation decides. */
export interface ExternalExecutorContext extends ExecutorContext {
  now(): Date;
  /** Installation setting: webhook targets on loopback/private networks are allowed. Off by default. */
  allowPrivateNetworks: boolean;
  /** Appends one attempt to the delivery log (webhook executors), which admins read and replay. */
  recordDelivery(record: WebhookDeliveryRecord): Promise<void>;
}

export interface ExternalExecutor<C> {
  kind: string;
  title: string;
  configSchema: z.ZodType<C>;
  /** Keys of the configuration that are secret: encrypted at rest, never logged or returned. */
  secretFields: readonly string[];
  /**
   * Runs the work (or hands it off to a webhook receiver). Throws `TransientProviderError`
   * (retry later, honouring `retryAfterMs`) or `PermanentProviderError` (a person must look).
   */
  start(
    ctx: ExternalExecutorContext,
    input: ExecutorInput,
    config: C,
    state: RunState,
  ): Promise<ExecutorOutcome>;
}
