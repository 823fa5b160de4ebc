// The entry point for SLA clocks (built elsewhere): "an SLA warning or breach happened for ticket
// X, metric Y". It records the occurrence and its dispatch job in the caller's transaction; the
// team and its lead hear about it by the `sla.warning` / `sla.breached` rules.
import { z } from 'zod';
import type { AppContext } from '../../../context.js';
import { systemActor, type Tx, withTransaction } from '../../../db/client.js';
import { recordOccurrence } from './occurrences.js';

export const slaEventSchema = z.object({
  kind: z.enum(['warning', 'breached']),
  ticketId: z.uuid(),
  /** The SLA policy's name, e.g. "Start Request Only Multistaging". */
  policyName: z.string().min(1),
  metric: z.object({
    key: z.string().regex(/^[a-z][a-z0-9_]*$/),
    /** How people call it: "Time to resolution". */
    name: z.string().min(1),
  }),
  goalSeconds: z.number().nonnegative(),
  elapsedSeconds: z.number().nonnegative(),
  /** When the goal is (or was) reached. */
  dueAt: z.date(),
  /** For a breach: when it happened (defaults to dueAt). */
  breachedAt: z.date().optional(),
  /** When the clock noticed. */
  at: z.date(),
});
export type SlaEvent = z.infer<typeof slaEventSchema>;

/** What the occurrence stores (JSON). */
export const slaFactsSchema = z.object({
  kind: z.enum(['warning', 'breached']),
  policyName: z.string(),
  metricKey: z.string(),
  metricName: z.string(),
  goalSeconds: z.number(),
  elapsedSeconds: z.number(),
  dueAt: z.iso.datetime({ offset: true }),
  breachedAt: z.iso.datetime({ offset: true }).nullable(),
});
export type SlaFacts = z.infer<typeof slaFactsSchema>;

/**
 * Call in the transaction that records the SLA state change. Reporting the same warning or
 * breach again (same ticket, metric and due time) is ignored, so a clock job may run twice.
 * Returns whether this was news.
 */
export async function notifySlaEvent(tx: Tx, input: SlaEvent): Promise<boolean> {
  const event = slaEventSchema.parse(input);
  const name = event.kind === 'warning' ? 'sla.warning' : 'sla.breached';
  const facts: SlaFacts = {
    kind: event.kind,
    policyName: event.policyName,
    metricKey: event.metric.key,
    metricName: event.metric.name,
    goalSeconds: event.goalSeconds,
    elapsedSeconds: event.elapsedSeconds,
    dueAt: event.dueAt.toISOString(),
    breachedAt: event.kind === 'breached' ? (event.breachedAt ?? event.dueAt).toISOString() : null,
  };
  const id = await recordOccurrence(tx, {
    event: name,
    dedupeKey: `${name}:${event.ticketId}:${event.metric.key}:${facts.dueAt}`,
    occurredAt: event.at,
    ticketId: event.ticketId,
    facts,
  });
  return id !== null;
}

/** The same, in a transaction of its own (for a caller that has none open). */
export function reportSlaEvent(context: AppContext, input: SlaEvent): Promise<boolean> {
  return withTransaction(context.db, systemActor('sla'), (tx) => notifySlaEvent(tx, input));
}
