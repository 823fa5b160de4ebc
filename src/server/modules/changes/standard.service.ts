// Standard changes from the catalog: a request type marked `standardChange` is a pre-approved
// template. Filing one skips approval; the change it raises (type standard, on the environment CIs
// its form names, its request linked) is scheduled and, when the request's action runs, implemented
// — unless it conflicts (a freeze, another change on the same or a related CI), in which case the
// request waits for a person like any failed automation. The action's result closes the change:
// successful, or failed (then it waits in review for its post-implementation review). The
// request's fulfilment runs are the change's evidence. flows/request-fulfilment.ts wires this in.
import { and, desc, eq, inArray } from 'drizzle-orm';
import { type Queryable, systemActor, type Tx } from '../../db/client.js';
import { prebuilt } from '../../db/prebuilt.js';
import { DomainError } from '../../lib/errors.js';
import { type CiRow, resolveCi } from '../cmdb/index.js';
import {
  fireTransition,
  insertLink,
  lockTicket,
  systemRoles,
  type TicketListener,
  type TicketRow,
} from '../tickets/index.js';
import { changes } from './changes.schema.js';
import { getChange, raiseInTransaction } from './changes.service.js';

/** What the catalog tells about a request type that is a standard change. */
export interface StandardTemplate {
  name: string;
  description: string;
  fields: readonly { key: string; type: string; label: string }[];
  /** The fulfilment action (e.g. environment.start), null when the team carries it out. */
  action: string | null;
  /** The field naming the environment the action works on (a copy's target, not its source); null: every environment field. */
  environmentField: string | null;
  /** How long the window is: the action's time limit, one hour without one. */
  durationSeconds: number;
}

const changeActor = systemActor('changes');
const openStatuses = ['new', 'scheduled', 'implement'];

/** The change a request raised that is still to be carried out (a retry after a failure raises a new one). */
async function openChangeOf(tx: Tx, requestId: string) {
  const [row] = await openChangeOfStatement.run(tx, { requestId });
  return row;
}

// Built once: every standard change request's transitions read it.
const openChangeOfStatement = prebuilt(
  (db, p: { requestId: string }) =>
    db
      .select()
      .from(changes)
      .where(and(eq(changes.requestTicketId, p.requestId), inArray(changes.status, openStatuses)))
      .orderBy(desc(changes.raisedAt))
      .limit(1),
  { requestId: '00000000-0000-4000-8000-000000000001' },
);

/** The catalog request a standard change was filed as (null for other changes). */
export async function requestOfChange(db: Queryable, changeId: string): Promise<string | null> {
  return (await getChange(db, changeId))?.requestTicketId ?? null;
}

/** The staging environment CIs the action works on (a field naming an environment that is not there yet is skipped). */
async function environmentCis(tx: Tx, request: TicketRow, template: StandardTemplate): Promise<CiRow[]> {
  const found = new Map<string, CiRow>();
  for (const field of template.fields) {
    const value = request.fields[field.key];
    if (field.type !== 'environment' || typeof value !== 'string' || !value) continue;
    if (template.environmentField && field.key !== template.environmentField) continue;
    try {
      const ci = await resolveCi(tx, value, { field: field.key, classKey: 'staging_environment' });
      found.set(ci.id, ci);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
    }
  }
  return [...found.values()];
}

/**
 * Raises the standard change of a filed request (in the transaction that skips its approval), or
 * answers the one it already has open.
 */
export async function raiseStandardChange(
  tx: Tx,
  request: TicketRow,
  template: StandardTemplate,
  now: Date,
): Promise<TicketRow> {
  const existing = await openChangeOf(tx, request.id);
  if (existing) return lockTicket(tx, existing.ticketId);
  const cis = await environmentCis(tx, request, template);
  const change = await raiseInTransaction(
    tx,
    changeActor,
    request.requesterId,
    {
      type: 'standard',
      title: `${request.key}: ${request.title}`,
      description: template.description,
      cis: cis.map((ci) => ci.id),
      plannedStart: now.toISOString(),
      plannedEnd: new Date(now.getTime() + template.durationSeconds * 1000).toISOString(),
      reason: `Requested through the catalog as ${request.key} (${template.name}).`,
      implementationPlan: template.action
        ? `The automation runs ${template.action} with the request's fields; its runs on ${request.key} are the evidence.`
        : `The team carries out ${request.key} by hand.`,
      submit: false,
    },
    { cis, responsibleId: null, answers: {} },
    { origin: 'catalog', teamId: request.teamId },
    now,
  );
  await tx.update(changes).set({ requestTicketId: request.id }).where(eq(changes.ticketId, change.id));
  await insertLink(tx, { ticket: change, type: 'related_to', targetId: request.id, actor: changeActor, now });
  return change;
}

async function step(tx: Tx, ticket: TicketRow, name: string, now: Date, comment?: string) {
  return fireTransition(tx, {
    ticket,
    name,
    actor: changeActor,
    roles: systemRoles,
    now,
    comment: comment ? { body: comment, internal: false } : undefined,
  });
}

/**
 * When the request's action is about to run: the change is scheduled (if it was not) and its
 * implementation starts. Answers why it may not (a conflict, a freeze), or null when it started.
 */
export async function startStandardChange(
  tx: Tx,
  request: TicketRow,
  template: StandardTemplate,
  now: Date,
): Promise<{ key: string; refusal: string | null }> {
  let change = await raiseStandardChange(tx, request, template, now);
  const row = (await getChange(tx, change.id))!;
  if (row.plannedEnd <= now) {
    // A retry after the window closed: the new attempt gets a window from now.
    await tx
      .update(changes)
      .set({ plannedStart: now, plannedEnd: new Date(now.getTime() + template.durationSeconds * 1000) })
      .where(eq(changes.ticketId, change.id));
  }
  try {
    if (change.status === 'new') change = await step(tx, change, 'schedule', now);
    if (change.status === 'scheduled')
      change = await step(tx, change, 'start', now, `The automation of ${request.key} starts.`);
    return { key: change.key, refusal: null };
  } catch (error) {
    if (error instanceof DomainError && error.code === 'transition_not_possible')
      return { key: change.key, refusal: error.message };
    throw error;
  }
}

/** The request's action ended (or the request was cancelled): its change follows. */
export const standardChangeFollowsRequest: TicketListener = async (tx, event) => {
  if (event.kind !== 'request' || event.type !== 'ticket.transitioned') return;
  const finished = event.from === 'in_progress' && event.transition === 'fulfilled';
  const failed = event.from === 'in_progress' && event.transition === 'fulfilment_failed';
  const cancelled = event.status === 'cancelled';
  if (!finished && !failed && !cancelled) return;
  const row = await openChangeOf(tx, event.ticketId);
  if (!row) return;
  let change = await lockTicket(tx, row.ticketId);
  const now = event.at;
  if (cancelled || change.status !== 'implement') {
    // Never started (blocked by a conflict, or the team was to do it): the request's end ends it.
    if (cancelled) await step(tx, change, 'cancel', now, `${event.key} was cancelled.`);
    return;
  }
  await tx
    .update(changes)
    .set({ outcome: finished ? 'successful' : 'failed' })
    .where(eq(changes.ticketId, change.id));
  change = await step(
    tx,
    change,
    'finish',
    now,
    finished
      ? `The automation of ${event.key} succeeded.`
      : `The automation of ${event.key} failed: a post-implementation review is needed before it closes.`,
  );
  if (finished) await step(tx, change, 'close', now);
};
