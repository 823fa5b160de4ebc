// SLA events: a clock reaching its warning share or its goal. Each is raised once per ticket,
// metric, kind and cycle (a unique index makes a job that runs twice harmless), and handed, in the
// transaction that records it, to the listeners the composition root configures — notifications
// and escalations enqueue their own jobs there, like the ticket lifecycle's listeners.
import { asc, eq } from 'drizzle-orm';
import type { Queryable, Tx } from '../../db/client.js';
import type { SlaJobKind } from './sla.jobs.js';
import { slaEvents } from './sla.schema.js';

export interface SlaEvent {
  id: number;
  /** warning: the warning share of the goal is used up; breach: the goal is. */
  kind: SlaJobKind;
  ticketId: string;
  ticketKey: string;
  requestTypeId: string | null;
  teamId: string | null;
  policyKey: string;
  policyName: string;
  metricKey: string;
  metricName: string;
  cycle: number;
  goalSeconds: number;
  /** Working time counted when the event was raised. */
  elapsedSeconds: number;
  /** The instant the share or the goal was reached (what the job was scheduled for). */
  dueAt: Date;
  /**
   * When the goal is used up: for a breach its dueAt; for a warning the projected instant while
   * the clock runs, null while it is paused (no instant can be promised).
   */
  breachAt: Date | null;
  raisedAt: Date;
}

export type SlaEventListener = (tx: Tx, event: SlaEvent) => Promise<void>;

let listeners: readonly SlaEventListener[] = [];

/** Set once by the composition root (modules/index.ts). */
export function configureSlaEvents(configured: { listeners: readonly SlaEventListener[] }): void {
  listeners = configured.listeners;
}

/** Records the event unless it was raised before; calls the listeners only when it is new. */
export async function raiseSlaEvent(tx: Tx, event: Omit<SlaEvent, 'id'>): Promise<SlaEvent | null> {
  const [row] = await tx
    .insert(slaEvents)
    .values({
      ticketId: event.ticketId,
      policyKey: event.policyKey,
      metricKey: event.metricKey,
      metricName: event.metricName,
      kind: event.kind,
      cycle: event.cycle,
      goalSeconds: event.goalSeconds,
      elapsedSeconds: event.elapsedSeconds,
      dueAt: event.dueAt,
      raisedAt: event.raisedAt,
    })
    .onConflictDoNothing()
    .returning({ id: slaEvents.id });
  if (!row) return null;
  const raised = { ...event, id: row.id };
  for (const listener of listeners) await listener(tx, raised);
  return raised;
}

export type SlaEventRow = typeof slaEvents.$inferSelect;

export async function slaEventsOfTicket(q: Queryable, ticketId: string): Promise<SlaEventRow[]> {
  return q.select().from(slaEvents).where(eq(slaEvents.ticketId, ticketId)).orderBy(asc(slaEvents.id));
}

/** "metric:kind:cycle" of the events already raised for a ticket. */
export async function raisedKeys(tx: Tx, ticketId: string): Promise<Set<string>> {
  const rows = await tx
    .select({ metricKey: slaEvents.metricKey, kind: slaEvents.kind, cycle: slaEvents.cycle })
    .from(slaEvents)
    .where(eq(slaEvents.ticketId, ticketId));
  return new Set(rows.map((row) => raisedKey(row.metricKey, row.kind, row.cycle)));
}

export const raisedKey = (metricKey: string, kind: string, cycle: number) => `${metricKey}:${kind}:${cycle}`;
