// Links between tickets of any kind: "INC-3 child_of INC-1", "REQ-9 duplicate_of REQ-7",
// "INC-4 caused_by CHG-2", "PRB-1 related_to INC-5". Agents link tickets they may work on; a link
// to itself, a repeated link or one that closes a loop of parents or duplicates is refused.
import { and, eq, sql } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { type Actor, type Tx, withTransaction } from '../../db/client.js';
import { conflict, forbidden, invalidField, notFound } from '../../lib/errors.js';
import { actorOf, type Principal } from '../identity/index.js';
import { emitTicketEvent, lockTicket, type TicketRow, ticketEvent } from './lifecycle.js';
import { type TicketLinkType, ticketLinks, tickets } from './tickets.schema.js';
import { findTicketByKey, ticketForCaller } from './tickets.service.js';
import { canSee, rolesOf } from './visibility.js';

/** Link types whose chains must not loop back (a ticket cannot be its own ancestor or duplicate). */
const acyclic: ReadonlySet<TicketLinkType> = new Set(['child_of', 'duplicate_of']);

async function assertMayWork(context: AppContext, principal: Principal, ticket: TicketRow, field: string) {
  const viewer = { principal, teamIds: principal.teamIds };
  const roles = await rolesOf(context.db, viewer, ticket);
  if (!roles.has('agent')) {
    throw forbidden(`${field}: only agents who work on ${ticket.key} may link it.`, 'not_an_agent');
  }
}

export async function addLink(
  context: AppContext,
  principal: Principal,
  key: string,
  input: { type: TicketLinkType; target: string },
  requestId?: string,
): Promise<TicketRow> {
  const { ticket } = await ticketForCaller(context, principal, key);
  await assertMayWork(context, principal, ticket, 'key');
  const target = await findTicketByKey(context, input.target);
  const viewer = { principal, teamIds: principal.teamIds };
  if (!target || !(await canSee(context.db, viewer, target))) {
    throw invalidField('target', `there is no ticket ${input.target.toUpperCase()}.`, 'unknown_ticket');
  }
  if (target.id === ticket.id)
    throw invalidField('target', 'a ticket cannot be linked to itself.', 'self_link');
  const actor = actorOf(principal, requestId);
  const now = context.clock.now();
  return withTransaction(context.db, actor, async (tx) => {
    const locked = await lockTicket(tx, ticket.id);
    if (acyclic.has(input.type)) {
      // Would the target reach back to this ticket through links of the same type?
      const loop = await tx.execute<{ found: boolean }>(sql`
        with recursive chain(id, depth) as (
          select ${target.id}::uuid, 0
          union
          select l.target_id, c.depth + 1 from ${ticketLinks} l join chain c on l.ticket_id = c.id
           where l.type = ${input.type} and c.depth < 100
        )
        select exists (select 1 from chain where id = ${ticket.id}::uuid) as found`);
      if (loop.rows[0]?.found) {
        throw invalidField(
          'target',
          `${target.key} is already ${input.type.replace('_', ' ')} ${ticket.key} (directly or through others): the link would make a loop.`,
          'link_cycle',
        );
      }
    }
    const inserted = await tx
      .insert(ticketLinks)
      .values({
        ticketId: ticket.id,
        type: input.type,
        targetId: target.id,
        createdAt: now,
        createdBy: actor.label,
      })
      .onConflictDoNothing()
      .returning();
    if (inserted.length === 0) {
      throw conflict(
        'link_exists',
        `${ticket.key} is already ${input.type.replace('_', ' ')} ${target.key}.`,
      );
    }
    await tx.update(tickets).set({ updatedAt: now }).where(eq(tickets.id, ticket.id));
    await emitTicketEvent(tx, ticketEvent(locked, 'ticket.linked', actor, now));
    return locked;
  });
}

export async function removeLink(
  context: AppContext,
  principal: Principal,
  key: string,
  input: { type: TicketLinkType; target: string },
  requestId?: string,
): Promise<TicketRow> {
  const { ticket } = await ticketForCaller(context, principal, key);
  await assertMayWork(context, principal, ticket, 'key');
  const target = await findTicketByKey(context, input.target);
  const actor = actorOf(principal, requestId);
  const now = context.clock.now();
  return withTransaction(context.db, actor, async (tx) => {
    const locked = await lockTicket(tx, ticket.id);
    const removed = target
      ? await tx
          .delete(ticketLinks)
          .where(
            and(
              eq(ticketLinks.ticketId, ticket.id),
              eq(ticketLinks.type, input.type),
              eq(ticketLinks.targetId, target.id),
            ),
          )
          .returning()
      : [];
    if (removed.length === 0) throw notFound(`The link ${ticket.key} ${input.type} ${input.target}`);
    await emitTicketEvent(tx, ticketEvent(locked, 'ticket.linked', actor, now));
    return locked;
  });
}

/** Tickets linked to this one by `type` pointing at it (e.g. the children of a parent incident). */
export async function linkedTo(db: AppContext['db'], targetId: string, type: TicketLinkType) {
  return db
    .select({ ticket: tickets })
    .from(ticketLinks)
    .innerJoin(tickets, eq(tickets.id, ticketLinks.ticketId))
    .where(and(eq(ticketLinks.targetId, targetId), eq(ticketLinks.type, type)))
    .then((rows) => rows.map((row) => row.ticket));
}

/**
 * Links two tickets in the caller's transaction (a practice doing it as part of its own write, e.g.
 * a problem made from a proposal links its incidents). Returns false when the link already existed.
 */
export async function insertLink(
  tx: Tx,
  input: { ticket: TicketRow; type: TicketLinkType; targetId: string; actor: Actor; now: Date },
): Promise<boolean> {
  if (input.ticket.id === input.targetId) return false;
  const inserted = await tx
    .insert(ticketLinks)
    .values({
      ticketId: input.ticket.id,
      type: input.type,
      targetId: input.targetId,
      createdAt: input.now,
      createdBy: input.actor.label,
    })
    .onConflictDoNothing()
    .returning();
  if (inserted.length === 0) return false;
  await tx.update(tickets).set({ updatedAt: input.now }).where(eq(tickets.id, input.ticket.id));
  await emitTicketEvent(tx, ticketEvent(input.ticket, 'ticket.linked', input.actor, input.now));
  return true;
}

/** Tickets this one links to by `type` (e.g. the problems an incident is caused by). */
export async function linkedFrom(db: AppContext['db'], ticketId: string, type: TicketLinkType) {
  return db
    .select({ ticket: tickets })
    .from(ticketLinks)
    .innerJoin(tickets, eq(tickets.id, ticketLinks.targetId))
    .where(and(eq(ticketLinks.ticketId, ticketId), eq(ticketLinks.type, type)))
    .then((rows) => rows.map((row) => row.ticket));
}
