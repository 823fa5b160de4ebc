// Firing a transition: the status change, its history row, an optional comment, the event for
// live updates and subscribers, and the effects of the status entered — all in the caller's
// transaction. Other modules plug in through `configureLifecycle` (set once by the composition
// root), which keeps tickets free of imports from approvals and fulfilment.
import { eq, sql } from 'drizzle-orm';
import type { Actor, Tx } from '../../db/client.js';
import { AppError, badRequest, conflict, forbidden } from '../../http/errors.js';
import {
  decideTransition,
  type StatusEffect,
  statusOf,
  type TransitionActor,
  type TransitionGuard,
  type WorkflowDefinition,
} from '../workflow/engine.js';
import { getWorkflow } from '../workflow/workflow.service.js';
import { ticketComments, ticketHistory, tickets } from './tickets.schema.js';

export type TicketRow = typeof tickets.$inferSelect;

export interface TicketEvent {
  type: 'ticket.created' | 'ticket.transitioned' | 'ticket.commented' | 'approval.requested';
  ticketId: string;
  key: string;
  status: string;
  requesterId: string;
  teamId: string | null;
  requestTypeId: string | null;
  at: Date;
  actor: Actor;
  transition?: string;
  from?: string | null;
  /** For ticket.commented: whether requesters may see it. */
  internal?: boolean;
}

export interface LifecycleHooks {
  effects: Record<StatusEffect, (tx: Tx, ticket: TicketRow, actor: Actor, now: Date) => Promise<void>>;
  /** Returns why the transition may not fire now, or null. */
  guards: Record<TransitionGuard, (tx: Tx, ticket: TicketRow) => Promise<string | null>>;
  /** Called in the transaction of every ticket event (notifications, SLA timers enqueue their jobs here). */
  listeners: ((tx: Tx, event: TicketEvent) => Promise<void>)[];
}

let hooks: LifecycleHooks | null = null;

export function configureLifecycle(configured: LifecycleHooks): void {
  hooks = configured;
}

function lifecycleHooks(): LifecycleHooks {
  if (!hooks) throw new Error('the ticket lifecycle is not configured (modules/index.ts does it)');
  return hooks;
}

/** Live updates: delivered to SSE listeners at commit (see tickets.events.ts). */
export const ticketEventChannel = 'opsdesk_ticket_events';

export async function emitTicketEvent(tx: Tx, event: TicketEvent): Promise<void> {
  await notifyLive(tx, event);
  for (const listener of lifecycleHooks().listeners) await listener(tx, event);
}

/** The NOTIFY for live updates (also sent on its own when approvers are asked), with the approvers. */
export async function notifyLive(
  tx: Tx,
  event: Pick<TicketEvent, 'type' | 'ticketId' | 'key' | 'status' | 'requesterId' | 'teamId' | 'internal'>,
) {
  const payload = {
    type: event.type,
    ticketId: event.ticketId,
    key: event.key,
    status: event.status,
    requesterId: event.requesterId,
    teamId: event.teamId,
    internal: event.internal ?? false,
  };
  await tx.execute(sql`select pg_notify(${ticketEventChannel}, (${JSON.stringify(payload)}::jsonb || jsonb_build_object(
    'approverIds', coalesce((select jsonb_agg(distinct approver_id) from approvals where ticket_id = ${event.ticketId}::uuid), '[]'::jsonb)
  ))::text)`);
}

/** Tells these people's open pages that something arrived for them (the in-app bell). */
export async function notifyUsers(tx: Tx, userIds: string[]): Promise<void> {
  if (userIds.length === 0) return;
  await tx.execute(
    sql`select pg_notify(${ticketEventChannel}, ${JSON.stringify({ type: 'notification', userIds: [...new Set(userIds)] })})`,
  );
}

export async function lockTicket(tx: Tx, ticketId: string): Promise<TicketRow> {
  const [ticket] = await tx.select().from(tickets).where(eq(tickets.id, ticketId)).for('update');
  if (!ticket) throw new AppError(404, 'not_found', 'The ticket was not found.');
  return ticket;
}

export interface CommentInput {
  body: string;
  internal: boolean;
  kind?: string;
  data?: unknown;
}

export async function insertComment(
  tx: Tx,
  ticket: TicketRow,
  actor: Actor,
  comment: CommentInput,
  now: Date,
) {
  const [row] = await tx
    .insert(ticketComments)
    .values({
      ticketId: ticket.id,
      at: now,
      authorKind: actor.kind,
      authorId: actor.id,
      authorLabel: actor.label,
      body: comment.body,
      internal: comment.internal,
      kind: comment.kind ?? 'comment',
      data: comment.data ?? null,
    })
    .returning();
  return row!;
}

/** Effects that may fire further transitions themselves. */
const movingEffects: ReadonlySet<StatusEffect> = new Set(['requestApproval', 'fulfil']);

export async function runEffects(
  tx: Tx,
  workflow: WorkflowDefinition,
  ticket: TicketRow,
  actor: Actor,
  now: Date,
): Promise<TicketRow> {
  const effects = statusOf(workflow, ticket.status).onEnter;
  for (const effect of effects) await lifecycleHooks().effects[effect](tx, ticket, actor, now);
  if (!effects.some((effect) => movingEffects.has(effect))) return ticket;
  // The effect may have moved the ticket on (e.g. no approval needed): return it as it is now.
  const [current] = await tx.select().from(tickets).where(eq(tickets.id, ticket.id));
  return current!;
}

/**
 * Fires `name` on a ticket locked by the caller. `roles` are the actor's relations to the ticket.
 * Returns the ticket as it ends up (effects may move it further, e.g. approval → fulfilment).
 */
export async function fireTransition(
  tx: Tx,
  input: {
    ticket: TicketRow;
    name: string;
    actor: Actor;
    roles: ReadonlySet<TransitionActor>;
    now: Date;
    comment?: CommentInput | undefined;
  },
): Promise<TicketRow> {
  const { ticket, actor, now } = input;
  const workflow = await getWorkflow(tx, ticket.workflowKey);
  const decision = decideTransition(workflow, ticket.status, input.name, input.roles);
  if (!decision.ok) {
    if (decision.reason === 'not_allowed') throw forbidden(decision.message, 'transition_not_allowed');
    if (decision.reason === 'unknown_transition')
      throw badRequest('unknown_transition', `name: ${decision.message}`);
    throw conflict('transition_not_possible', decision.message, { status: ticket.status });
  }
  const { transition, to } = decision;
  for (const guard of transition.guards) {
    const refusal = await lifecycleHooks().guards[guard](tx, ticket);
    if (refusal) throw conflict('transition_not_possible', refusal);
  }
  if (transition.requiresComment && !input.comment?.body.trim()) {
    throw badRequest('comment_required', `comment: "${transition.label}" needs a comment saying why.`);
  }
  const wasResolved = statusOf(workflow, ticket.status).resolves;
  const [updated] = await tx
    .update(tickets)
    .set({
      status: to.key,
      statusChangedAt: now,
      resolvedAt: to.resolves ? (wasResolved ? ticket.resolvedAt : now) : null,
      closedAt: to.category === 'done' ? now : null,
      updatedAt: now,
      version: sql`${tickets.version} + 1`,
    })
    .where(eq(tickets.id, ticket.id))
    .returning();
  await tx.insert(ticketHistory).values({
    ticketId: ticket.id,
    at: now,
    actorKind: actor.kind,
    actorId: actor.id,
    actorLabel: actor.label,
    transition: transition.name,
    fromStatus: ticket.status,
    toStatus: to.key,
  });
  if (input.comment) await insertComment(tx, updated!, actor, input.comment, now);
  await emitTicketEvent(tx, {
    type: 'ticket.transitioned',
    ticketId: ticket.id,
    key: ticket.key,
    status: to.key,
    requesterId: ticket.requesterId,
    teamId: ticket.teamId,
    requestTypeId: ticket.requestTypeId,
    at: now,
    actor,
    transition: transition.name,
    from: ticket.status,
  });
  return runEffects(tx, workflow, updated!, actor, now);
}

/** For system transitions (verification, approval outcome, automation result, auto-close). */
export const systemRoles: ReadonlySet<TransitionActor> = new Set(['system']);
