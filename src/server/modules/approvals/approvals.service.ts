// Approvals: who is asked (the requester's manager, a team, N of a team — policies are data),
// their decisions, and the transition that follows. Never a silently stuck ticket: without a
// manager the fallback team is asked, without anyone the administrators are.
import { and, desc, eq, inArray, max, ne, param, sql } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { type Actor, type Queryable, systemActor, type Tx, withTransaction } from '../../db/client.js';
import { conflict, forbidden } from '../../http/errors.js';
import { getRequestTypeById } from '../catalog/catalog.service.js';
import { actorOf, type Principal } from '../identity/auth.service.js';
import { teams, users } from '../identity/identity.schema.js';
import { teamMemberIds } from '../identity/identity.service.js';
import {
  fireTransition,
  insertComment,
  lockTicket,
  notifyLive,
  systemRoles,
  type TicketRow,
} from '../tickets/lifecycle.js';
import { tickets } from '../tickets/tickets.schema.js';
import { ticketForCaller } from '../tickets/tickets.service.js';
import { approvals } from './approvals.schema.js';
import type { ApprovalPolicy } from './policy.js';

interface Candidate {
  id: string;
  reason: string;
}

async function activeUsers(tx: Queryable, ids: string[], except: string): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(inArray(users.id, ids), eq(users.active, true), ne(users.id, except)));
  return rows.map((row) => row.id);
}

async function teamCandidates(
  tx: Queryable,
  teamKey: string,
  requesterId: string,
  reason: string,
): Promise<Candidate[]> {
  const [team] = await tx.select().from(teams).where(eq(teams.key, teamKey));
  if (!team) return [];
  const ids = await activeUsers(tx, await teamMemberIds(tx, team.id), requesterId);
  return ids.map((id) => ({ id, reason: `${reason} ${team.name}` }));
}

async function candidatesFor(
  tx: Queryable,
  policy: ApprovalPolicy,
  requesterId: string,
): Promise<Candidate[]> {
  if (policy.kind === 'manager') {
    const [requester] = await tx.select().from(users).where(eq(users.id, requesterId));
    const manager = requester?.managerId ? await activeUsers(tx, [requester.managerId], requesterId) : [];
    if (manager.length > 0) return [{ id: manager[0]!, reason: 'manager of the requester' }];
    return teamCandidates(tx, policy.fallbackTeam, requesterId, 'the requester has no manager: member of');
  }
  if (policy.kind === 'team_any' || policy.kind === 'team_quorum')
    return teamCandidates(tx, policy.team, requesterId, 'member of');
  return [];
}

function requiredApprovals(policy: ApprovalPolicy, candidates: number): number {
  return policy.kind === 'team_quorum' ? Math.max(1, Math.min(policy.required, candidates)) : 1;
}

/** Effect of entering waiting_for_approval: ask the approvers (or approve at once if none are needed). */
export async function requestApprovals(tx: Tx, ticket: TicketRow, now: Date): Promise<void> {
  const actor = systemActor('approvals');
  const policy: ApprovalPolicy = ticket.requestTypeId
    ? (await getRequestTypeById(tx, ticket.requestTypeId)).approval
    : { kind: 'none' };
  if (policy.kind === 'none') {
    await fireTransition(tx, {
      ticket,
      name: 'approve',
      actor,
      roles: systemRoles,
      now,
      comment: { body: 'No approval is needed for this request type.', internal: false, kind: 'approval' },
    });
    return;
  }
  let candidates = await candidatesFor(tx, policy, ticket.requesterId);
  if (candidates.length === 0) {
    const admins = await tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.role, 'admin'), eq(users.active, true), ne(users.id, ticket.requesterId)));
    candidates = admins.map((admin) => ({
      id: admin.id,
      reason: 'no other approver could be found: administrator',
    }));
  }
  const [{ round } = { round: 0 }] = await tx
    .select({ round: max(approvals.round) })
    .from(approvals)
    .where(eq(approvals.ticketId, ticket.id))
    .then((rows) => rows.map((row) => ({ round: row.round ?? 0 })));
  if (candidates.length > 0) {
    await tx.insert(approvals).values(
      candidates.map((candidate) => ({
        ticketId: ticket.id,
        approverId: candidate.id,
        round: round + 1,
        reason: candidate.reason,
        createdAt: now,
      })),
    );
  }
  const names = await tx
    .select({ id: users.id, name: users.displayName })
    .from(users)
    .where(inArray(users.id, candidates.length > 0 ? candidates.map((c) => c.id) : [ticket.requesterId]));
  const required = requiredApprovals(policy, candidates.length);
  const body =
    candidates.length === 0
      ? 'No one can approve this request: there is no manager, no fallback team member and no administrator. An administrator must fix the approval policy.'
      : `Waiting for approval by ${candidates
          .map((candidate) => `${names.find((n) => n.id === candidate.id)?.name} (${candidate.reason})`)
          .join(', ')}${required > 1 ? `; ${required} approvals are needed` : ''}.`;
  await insertComment(tx, ticket, actor, { body, internal: false, kind: 'approval' }, now);
  await notifyLive(tx, {
    type: 'approval.requested',
    ticketId: ticket.id,
    key: ticket.key,
    status: ticket.status,
    requesterId: ticket.requesterId,
    teamId: ticket.teamId,
  });
}

export interface DecideOptions {
  /**
   * Runs in the decision's transaction once the decision is known to be allowed, before it is
   * written: a one-click link records its nonce here, so the link is spent if and only if the
   * decision commits. Throwing refuses the decision.
   */
  inTransaction?: (tx: Tx, ticket: TicketRow) => Promise<void>;
}

/** The approver's decision. The requester cannot approve their own request. */
export async function decide(
  context: AppContext,
  principal: Principal,
  key: string,
  input: { decision: 'approve' | 'decline'; comment?: string | undefined },
  requestId?: string,
  options: DecideOptions = {},
): Promise<TicketRow> {
  const { ticket } = await ticketForCaller(context, principal, key);
  const actor: Actor = actorOf(principal, requestId);
  const now = context.clock.now();
  return withTransaction(context.db, actor, async (tx) => {
    const locked = await lockTicket(tx, ticket.id);
    if (locked.requesterId === principal.user.id) {
      throw forbidden('You cannot approve or decline your own request.', 'own_request');
    }
    if (locked.status !== 'waiting_for_approval') {
      throw conflict(
        'not_waiting_for_approval',
        `${locked.key} is not waiting for approval (it is ${locked.status}).`,
      );
    }
    const [mine] = await tx
      .select()
      .from(approvals)
      .where(
        and(
          eq(approvals.ticketId, locked.id),
          eq(approvals.approverId, principal.user.id),
          eq(approvals.state, 'pending'),
        ),
      )
      .orderBy(desc(approvals.round))
      .limit(1);
    if (!mine) throw forbidden(`You are not asked to approve ${locked.key}.`, 'not_an_approver');
    await options.inTransaction?.(tx, locked);
    const state = input.decision === 'approve' ? 'approved' : 'declined';
    await tx
      .update(approvals)
      .set({ state, comment: input.comment ?? null, decidedAt: now })
      .where(eq(approvals.id, mine.id));
    const withComment = input.comment ? `: ${input.comment}` : '.';
    const name = principal.user.displayName;
    const closeRound = () =>
      tx
        .update(approvals)
        .set({ state: 'withdrawn', decidedAt: now })
        .where(
          and(
            eq(approvals.ticketId, locked.id),
            eq(approvals.round, mine.round),
            eq(approvals.state, 'pending'),
          ),
        );
    if (input.decision === 'decline') {
      await closeRound();
      return fireTransition(tx, {
        ticket: locked,
        name: 'decline',
        actor,
        roles: systemRoles,
        now,
        comment: { body: `Declined by ${name}${withComment}`, internal: false, kind: 'approval' },
      });
    }
    const policy = locked.requestTypeId
      ? (await getRequestTypeById(tx, locked.requestTypeId)).approval
      : { kind: 'none' as const };
    const roundRows = await tx
      .select()
      .from(approvals)
      .where(and(eq(approvals.ticketId, locked.id), eq(approvals.round, mine.round)));
    const approved = roundRows.filter((row) => row.state === 'approved').length;
    const required = requiredApprovals(policy, roundRows.length);
    if (approved < required) {
      await insertComment(
        tx,
        locked,
        actor,
        {
          body: `Approved by ${name} (${approved} of ${required})${withComment}`,
          internal: false,
          kind: 'approval',
        },
        now,
      );
      return locked;
    }
    await closeRound();
    return fireTransition(tx, {
      ticket: locked,
      name: 'approve',
      actor,
      roles: systemRoles,
      now,
      comment: {
        body: `Approved by ${name}${required > 1 ? ` (${approved} of ${required})` : ''}${withComment}`,
        internal: false,
        kind: 'approval',
      },
    });
  });
}

/** Approvals waiting on (or decided by) a person, with what they need to decide. */
export async function approvalsOf(db: Queryable, userId: string, state: 'pending' | 'decided') {
  const rows = await db
    .select({
      approval: approvals,
      ticket: tickets,
      requester: { id: users.id, email: users.email, displayName: users.displayName },
    })
    .from(approvals)
    .innerJoin(tickets, eq(tickets.id, approvals.ticketId))
    .innerJoin(users, eq(users.id, tickets.requesterId))
    .where(
      and(
        eq(approvals.approverId, userId),
        state === 'pending'
          ? and(eq(approvals.state, 'pending'), eq(tickets.status, 'waiting_for_approval'))
          : inArray(approvals.state, ['approved', 'declined']),
      ),
    )
    .orderBy(state === 'pending' ? approvals.createdAt : desc(approvals.decidedAt))
    .limit(200);
  const requesterIds = [...new Set(rows.map((row) => row.ticket.requesterId))];
  const history =
    requesterIds.length === 0
      ? []
      : await db
          .select({
            requesterId: tickets.requesterId,
            total: sql<number>`count(*)::int`,
            open: sql<number>`count(*) filter (where ${tickets.closedAt} is null)::int`,
            cancelled: sql<number>`count(*) filter (where ${tickets.status} = 'cancelled')::int`,
          })
          .from(tickets)
          .where(inArray(tickets.requesterId, requesterIds))
          .groupBy(tickets.requesterId);
  // The requester's latest requests, shown to the approver as context (whatever the approver may
  // otherwise see: deciding on someone's request includes knowing how their last ones went).
  const recent =
    requesterIds.length === 0
      ? []
      : (
          await db.execute<{
            requester_id: string;
            key: string;
            title: string;
            status: string;
            created_at: Date | string;
          }>(sql`
            select requester_id, key, title, status, created_at from (
              select requester_id, key, title, status, created_at,
                     row_number() over (partition by requester_id order by created_at desc, id desc) as n
                from tickets
               where requester_id = any(${param(requesterIds)}::uuid[])
            ) latest
             where n <= 6
             order by created_at desc`)
        ).rows;
  return rows.map((row) => ({
    ...row,
    requesterHistory: history.find((entry) => entry.requesterId === row.ticket.requesterId),
    recentRequests: recent
      .filter((entry) => entry.requester_id === row.ticket.requesterId && entry.key !== row.ticket.key)
      .slice(0, 5)
      .map((entry) => ({
        key: entry.key,
        title: entry.title,
        status: entry.status,
        createdAt: new Date(entry.created_at),
      })),
  }));
}
