// Who works on a ticket and how urgent it is: assignee, team, priority and title, changed by the
// agents who work on it (PATCH /tickets/{key}). An assignee must be an active agent of the ticket's
// team; moving a ticket to another team unassigns it unless a member of that team is named.
import { eq, sql } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { type Actor, type Tx, withTransaction } from '../../db/client.js';
import { forbidden, invalidField } from '../../lib/errors.js';
import {
  actorOf,
  findTeamByKey,
  findUserByEmail,
  getUser,
  membershipsOf,
  type Principal,
  rolePermissions,
  type UserRow,
} from '../identity/index.js';
import type { Priority } from './kinds.js';
import { emitTicketEvent, lockTicket, type TicketRow, ticketEvent } from './lifecycle.js';
import { tickets } from './tickets.schema.js';
import { ticketForCaller } from './tickets.service.js';
import { rolesOf } from './visibility.js';

export interface TicketUpdate {
  /** A user id, an email, "me", or null to unassign. */
  assignee?: string | null | undefined;
  /** A team key. */
  team?: string | undefined;
  priority?: Priority | undefined;
  title?: string | undefined;
}

async function findAssignee(principal: Principal, context: AppContext, ref: string): Promise<UserRow> {
  if (ref === 'me') return getUser(context.db, principal.user.id);
  const user = /^[0-9a-f-]{36}$/i.test(ref)
    ? await getUser(context.db, ref).catch(() => undefined)
    : await findUserByEmail(context.db, ref);
  if (!user?.active) throw invalidField('assignee', `there is no active user ${ref}.`, 'unknown_user');
  return user;
}

export async function updateTicket(
  context: AppContext,
  principal: Principal,
  key: string,
  input: TicketUpdate,
  requestId?: string,
): Promise<TicketRow> {
  const { ticket, viewer } = await ticketForCaller(context, principal, key);
  const roles = await rolesOf(context.db, viewer, ticket);
  if (!roles.has('agent'))
    throw forbidden(`Only agents who work on ${ticket.key} may change it.`, 'not_an_agent');

  let teamId = ticket.teamId;
  if (input.team !== undefined) {
    const team = await findTeamByKey(context.db, input.team);
    if (!team) throw invalidField('team', `there is no team ${input.team}.`, 'unknown_team');
    teamId = team.id;
  }
  let assigneeId = ticket.assigneeId;
  if (input.assignee !== undefined) {
    if (input.assignee === null) assigneeId = null;
    else {
      const user = await findAssignee(principal, context, input.assignee);
      if (!rolePermissions[user.role].has('ticket:work')) {
        throw invalidField(
          'assignee',
          `${user.displayName} is not an agent and cannot work on tickets.`,
          'not_an_agent',
        );
      }
      if (teamId && user.role !== 'admin') {
        const teams = await membershipsOf(context.db, [user.id]);
        if (!teams.some((membership) => membership.teamId === teamId)) {
          throw invalidField(
            'assignee',
            `${user.displayName} is not a member of the ticket's team; move it to their team first (team).`,
            'not_in_team',
          );
        }
      }
      assigneeId = user.id;
    }
  } else if (teamId !== ticket.teamId && assigneeId) {
    // Another team takes the ticket over: its old assignee keeps it only as a member of that team.
    const teams = await membershipsOf(context.db, [assigneeId]);
    if (!teams.some((membership) => membership.teamId === teamId)) assigneeId = null;
  }

  const actor = actorOf(principal, requestId);
  const now = context.clock.now();
  return withTransaction(context.db, actor, async (tx) => {
    const locked = await lockTicket(tx, ticket.id);
    const changes = {
      ...(teamId !== locked.teamId ? { teamId } : {}),
      ...(assigneeId !== locked.assigneeId ? { assigneeId } : {}),
      ...(input.priority !== undefined && input.priority !== locked.priority
        ? { priority: input.priority }
        : {}),
      ...(input.title !== undefined && input.title !== locked.title ? { title: input.title } : {}),
    };
    if (Object.keys(changes).length === 0) return locked;
    const [updated] = await tx
      .update(tickets)
      .set({ ...changes, updatedAt: now, version: sql`${tickets.version} + 1` })
      .where(eq(tickets.id, locked.id))
      .returning();
    const assigned = 'assigneeId' in changes;
    await emitTicketEvent(
      tx,
      ticketEvent(updated!, assigned ? 'ticket.assigned' : 'ticket.updated', actor, now, {
        previousAssigneeId: locked.assigneeId,
      }),
    );
    return updated!;
  });
}

/**
 * Sets a ticket's priority in the caller's transaction, as a practice's rule decides it (an
 * incident's impact and urgency changed): no permission check here, the practice made it.
 */
export async function setPriority(
  tx: Tx,
  ticketId: string,
  priority: Priority,
  actor: Actor,
  now: Date,
): Promise<TicketRow> {
  const locked = await lockTicket(tx, ticketId);
  if (locked.priority === priority) return locked;
  const [updated] = await tx
    .update(tickets)
    .set({ priority, updatedAt: now, version: sql`${tickets.version} + 1` })
    .where(eq(tickets.id, ticketId))
    .returning();
  await emitTicketEvent(tx, ticketEvent(updated!, 'ticket.updated', actor, now));
  return updated!;
}
