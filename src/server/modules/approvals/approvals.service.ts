// Approvals: who is asked (the requester's manager, a team, N of a team — policies are data),
// their decisions, and the transition that follows. Never a silently stuck ticket: without a
// manager the fallback team is asked, without anyone the administrators are.
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { type Actor, type Queryable, systemActor, type Tx, withTransaction } from '../../db/client.js';
import { conflict, forbidden } from '../../lib/errors.js';
import { type ApprovalPolicy, getRequestTypeById } from '../catalog/index.js';
import {
  activeUserIds,
  actorOf,
  adminIds,
  cachedUsersById,
  findTeamByKey,
  getUser,
  type Principal,
  teamMemberIds,
} from '../identity/index.js';
import {
  addParticipants,
  deactivateParticipants,
  fireTransition,
  insertComment,
  lockTicket,
  notifyLive,
  requesterHistory,
  systemRoles,
  type TicketRow,
  ticketForCaller,
  ticketsByIds,
} from '../tickets/index.js';
import { approvals } from './approvals.schema.js';

interface Candidate {
  id: string;
  reason: string;
}

async function teamCandidates(
  tx: Queryable,
  teamKey: string,
  requesterId: string,
  reason: string,
): Promise<Candidate[]> {
  const team = await findTeamByKey(tx, teamKey);
  if (!team) return [];
  const ids = await activeUserIds(tx, await teamMemberIds(tx, team.id), requesterId);
  return ids.map((id) => ({ id, reason: `${reason} ${team.name}` }));
}

async function candidatesFor(
  tx: Queryable,
  policy: ApprovalPolicy,
  requesterId: string,
): Promise<Candidate[]> {
  if (policy.kind === 'manager') {
    const requester = await getUser(tx, requesterId);
    const manager = requester.managerId ? await activeUserIds(tx, [requester.managerId], requesterId) : [];
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

/** Statuses in which a ticket waits for its approvers (a request's, a change's). */
const approvalStatuses: ReadonlySet<string> = new Set(['waiting_for_approval', 'authorize']);

/**
 * Effect of entering waiting_for_approval: ask the approvers (or approve at once if none are needed).
 * `given` is a policy chosen by the caller (a change's risk picks its approvers); else the request type's.
 */
export async function requestApprovals(
  tx: Tx,
  ticket: TicketRow,
  now: Date,
  given?: { policy: ApprovalPolicy; why: string },
): Promise<TicketRow | undefined> {
  const actor = systemActor('approvals');
  const policy: ApprovalPolicy =
    given?.policy ??
    (ticket.requestTypeId ? (await getRequestTypeById(tx, ticket.requestTypeId)).approval : { kind: 'none' });
  if (policy.kind === 'none') {
    // Moved on at once: the ticket as it now is, for runEffects.
    return fireTransition(tx, {
      ticket,
      name: 'approve',
      actor,
      roles: systemRoles,
      now,
      comment: {
        body: given ? `No approval is needed: ${given.why}.` : 'No approval is needed for this request type.',
        internal: false,
        kind: 'approval',
      },
    });
  }
  let candidates = await candidatesFor(tx, policy, ticket.requesterId);
  if (candidates.length === 0) {
    const admins = await adminIds(tx, ticket.requesterId);
    candidates = admins.map((id) => ({
      id,
      reason: 'no other approver could be found: administrator',
    }));
  }
  const required = requiredApprovals(policy, candidates.length);
  if (candidates.length > 0) {
    await tx.insert(approvals).values(
      candidates.map((candidate) => ({
        ticketId: ticket.id,
        approverId: candidate.id,
        // The next round in the same statement (every row sees the same rounds before this one).
        round: sql`(select coalesce(max(${approvals.round}), 0) + 1 from ${approvals} where ${approvals.ticketId} = ${ticket.id})`,
        reason: candidate.reason,
        required: given ? required : null,
        createdAt: now,
      })),
    );
    await addParticipants(
      tx,
      ticket.id,
      candidates.map((candidate) => candidate.id),
      'approver',
      now,
    );
  }
  const people = await cachedUsersById(
    tx,
    candidates.map((candidate) => candidate.id),
  );
  const body =
    candidates.length === 0
      ? 'No one can approve this request: there is no manager, no fallback team member and no administrator. An administrator must fix the approval policy.'
      : `${given ? `${given.why}. ` : ''}Waiting for approval by ${candidates
          .map((candidate) => `${people.get(candidate.id)?.displayName} (${candidate.reason})`)
          .join(', ')}${required > 1 ? `; ${required} approvals are needed` : ''}.`;
  await insertComment(tx, ticket, actor, { body, internal: false, kind: 'approval' }, now);
  await notifyLive(tx, {
    type: 'approval.requested',
    ticketId: ticket.id,
    key: ticket.key,
    kind: ticket.kind,
    status: ticket.status,
    requesterId: ticket.requesterId,
    teamId: ticket.teamId,
    assigneeId: ticket.assigneeId,
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
    if (!approvalStatuses.has(locked.status)) {
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
    await deactivateParticipants(tx, locked.id, 'approver', [principal.user.id]);
    const withComment = input.comment ? `: ${input.comment}` : '.';
    const name = principal.user.displayName;
    const closeRound = async () => {
      await tx
        .update(approvals)
        .set({ state: 'withdrawn', decidedAt: now })
        .where(
          and(
            eq(approvals.ticketId, locked.id),
            eq(approvals.round, mine.round),
            eq(approvals.state, 'pending'),
          ),
        );
      await deactivateParticipants(tx, locked.id, 'approver');
    };
    if (input.decision === 'decline') {
      await closeRound();
      return fireTransition(tx, {
        ticket: locked,
        name: 'decline',
        actor,
        roles: systemRoles,
        now,
        reason: input.comment,
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
    const required = roundRows[0]?.required ?? requiredApprovals(policy, roundRows.length);
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
  const mine = await db
    .select()
    .from(approvals)
    .where(
      and(
        eq(approvals.approverId, userId),
        state === 'pending'
          ? eq(approvals.state, 'pending')
          : inArray(approvals.state, ['approved', 'declined']),
      ),
    )
    .orderBy(state === 'pending' ? approvals.createdAt : desc(approvals.decidedAt))
    .limit(400);
  const ticketsById = await ticketsByIds(
    db,
    mine.map((approval) => approval.ticketId),
  );
  const rows = mine
    .map((approval) => ({ approval, ticket: ticketsById.get(approval.ticketId)! }))
    .filter((row) => row.ticket && (state === 'decided' || approvalStatuses.has(row.ticket.status)))
    .slice(0, 200);
  // The requester's latest requests, shown to the approver as context (whatever the approver may
  // otherwise see: deciding on someone's request includes knowing how their last ones went).
  const history = await requesterHistory(
    db,
    rows.map((row) => row.ticket.requesterId),
  );
  return rows.map((row) => {
    const stats = history.get(row.ticket.requesterId);
    return {
      ...row,
      requesterHistory: stats && { total: stats.total, open: stats.open, cancelled: stats.cancelled },
      recentRequests: (stats?.recent ?? []).filter((entry) => entry.key !== row.ticket.key).slice(0, 5),
    };
  });
}
