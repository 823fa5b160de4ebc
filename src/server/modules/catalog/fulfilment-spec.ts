// How a request type is fulfilled: which executor, which action, which fields feed its parameters,
// and the template of the comment that reports the result.
import { z } from 'zod';
import { actionNames } from '../../providers/types.js';

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
