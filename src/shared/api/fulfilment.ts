// The fulfilment API: how a request type is fulfilled (data on the type), the webhook delivery log
// and the signed callback of external automation.
import { z } from 'zod';
import { dateTime } from './common.js';
import { actionNames } from './inventory.js';

// How a request type is fulfilled: which executor, which action, which fields feed its parameters,
// and the template of the comment that reports the result.
const fieldRef = z.string().regex(/^[a-z][A-Za-z0-9]{0,62}$/);

/** An action parameter comes from a form field, or is a constant. */
export const paramSourceSchema = z.union([
  z.object({ field: fieldRef }).strict(),
  z.object({ value: z.union([z.string(), z.number(), z.boolean()]) }).strict(),
]);

const common = {
  params: z.record(z.string(), paramSourceSchema).default({}),
  /** Liquid template of the comment posted on success; sees `fields`, `outputs`, `summary`, `environment`. */
  resultTemplate: z.string().min(1).max(5000),
  /** Executions of a run (the first plus retries of transient errors) before it fails for good. */
  maxAttempts: z.number().int().min(1).max(20).default(5),
  timeoutSeconds: z
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 3600)
    .default(3600),
};

export const fulfilmentSpecSchema = z.discriminatedUnion('executor', [
  /** A built-in action, run by the provider of the environment the request names. */
  z
    .object({
      executor: z.literal('provider'),
      action: z.enum(actionNames),
      /** The form field naming the environment the action is about (its provider runs the action). */
      environmentField: fieldRef,
      ...common,
    })
    .strict(),
  /** Automation the team already has: a connection of kind webhook, ansible or awx. */
  z
    .object({
      executor: z.literal('external'),
      connection: z.string().min(1).max(100),
      /** Optional: runs naming the same environment are serialised. */
      environmentField: fieldRef.optional(),
      ...common,
    })
    .strict(),
]);
export type FulfilmentSpec = z.infer<typeof fulfilmentSpecSchema>;

export const runCallbackParams = z.object({ id: z.uuid() });
export const runCallbackOut = z.object({ accepted: z.enum(['progress', 'succeeded', 'failed']) });

export const deliveryOut = z.object({
  id: z.number(),
  runId: z.uuid(),
  deliveryId: z.string(),
  attempt: z.number(),
  url: z.string(),
  requestBody: z.string(),
  startedAt: dateTime,
  durationMs: z.number(),
  outcome: z.record(z.string(), z.unknown()),
});
export const deliveryListOut = z.array(deliveryOut);
export const deliveryListQuery = z
  .object({ runId: z.uuid().optional(), limit: z.coerce.number().int().min(1).max(500).default(100) })
  .strict();
export const deliveryParams = z.object({ id: z.coerce.number().int().positive() });
