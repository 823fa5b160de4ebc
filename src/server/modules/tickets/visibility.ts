// Who may see a ticket, and in which roles a caller stands to it. A requester sees their own
// tickets and those they are asked to approve; an agent also sees their teams' queues; an admin
// sees everything. A ticket one may not see is reported as not found.
import { and, eq, inArray, or, type SQL, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { approvals } from '../approvals/approvals.schema.js';
import type { Principal } from '../identity/auth.service.js';
import type { TransitionActor } from '../workflow/engine.js';
import type { TicketRow } from './lifecycle.js';
import { tickets } from './tickets.schema.js';

export interface Viewer {
  principal: Principal;
  teamIds: string[];
}

/** The teams come with the principal (loaded once when the token is authenticated). */
export async function viewerOf(_db: Queryable, principal: Principal): Promise<Viewer> {
  return { principal, teamIds: principal.teamIds };
}

const isAdmin = (viewer: Viewer) => viewer.principal.user.role === 'admin';
const isAgent = (viewer: Viewer) => viewer.principal.permissions.has('ticket:work');

/** A SQL condition selecting the tickets the viewer may see (undefined: all). */
export function visibleTo(viewer: Viewer): SQL | undefined {
  if (isAdmin(viewer)) return undefined;
  const userId = viewer.principal.user.id;
  const asApprover = sql`exists (select 1 from ${approvals} where ${approvals.ticketId} = ${tickets.id} and ${approvals.approverId} = ${userId})`;
  const conditions: SQL[] = [eq(tickets.requesterId, userId), asApprover];
  if (isAgent(viewer) && viewer.teamIds.length > 0) conditions.push(inArray(tickets.teamId, viewer.teamIds));
  return or(...conditions);
}

export async function isApproverOf(
  db: Queryable,
  ticketId: string,
  userId: string,
  pendingOnly = false,
): Promise<boolean> {
  const rows = await db
    .select({ id: approvals.id })
    .from(approvals)
    .where(
      and(
        eq(approvals.ticketId, ticketId),
        eq(approvals.approverId, userId),
        pendingOnly ? eq(approvals.state, 'pending') : undefined,
      ),
    )
    .limit(1);
  return rows.length > 0;
}

export async function canSee(db: Queryable, viewer: Viewer, ticket: TicketRow): Promise<boolean> {
  if (isAdmin(viewer) || ticket.requesterId === viewer.principal.user.id) return true;
  if (isAgent(viewer) && ticket.teamId && viewer.teamIds.includes(ticket.teamId)) return true;
  return isApproverOf(db, ticket.id, viewer.principal.user.id);
}

/** The caller's relations to a ticket, for the workflow's "who may fire this" rules. */
export async function rolesOf(
  db: Queryable,
  viewer: Viewer,
  ticket: TicketRow,
): Promise<Set<TransitionActor>> {
  return relationsOf(viewer, ticket, await isApproverOf(db, ticket.id, viewer.principal.user.id, true));
}

/**
 * Whether the viewer works this ticket as an agent: an admin, or an agent of the ticket's team.
 * Being an agent somewhere is not enough — an agent who sees a ticket as its requester or
 * approver (a manager) acts in that role only. A ticket with no team has no agents but admins.
 */
export function isAgentOf(viewer: Viewer, ticket: Pick<TicketRow, 'teamId'>): boolean {
  if (isAdmin(viewer)) return true;
  return isAgent(viewer) && ticket.teamId !== null && viewer.teamIds.includes(ticket.teamId);
}

export function relationsOf(
  viewer: Viewer,
  ticket: TicketRow,
  pendingApprover: boolean,
): Set<TransitionActor> {
  const roles = new Set<TransitionActor>();
  if (ticket.requesterId === viewer.principal.user.id) roles.add('requester');
  if (isAdmin(viewer)) roles.add('admin');
  if (isAgentOf(viewer, ticket)) roles.add('agent');
  if (pendingApprover) roles.add('approver');
  return roles;
}
