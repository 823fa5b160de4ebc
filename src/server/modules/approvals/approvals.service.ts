// Approvals: who is asked (the requester's manager, a team, N of a team — policies are data),
// their decisions, and the transition that follows. Never a silently stuck ticket: without a
// manager the fallback team is asked, without anyone the administrators are.
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { type Actor, type Queryable, systemActor, type Tx, withTransaction } from '../../db/client.js';
import { conflict, forbidden } from '../../lib/errors.js';
import { type ApprovalPolicy, getRequestTypeById } from '../catalog/index.js';
import {
  activeManagerOf,
  activeUserIds,
  actorOf,
  adminIds,
  cachedUsersById,
  findTeamByKey,
  type Principal,
  teamMemberIds,
} from '../identity/index.js';
import {
  addParticipantsStatement,
  deactivateParticipantsStatement,
  fireTransition,
  insertComment,
  lockTicketForCaller,
  notifyLive,
  requesterHistory,
  systemRoles,
  type TicketRow,
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
    const manager = await activeManagerOf(tx, requesterId);
    if (manager) return [{ id: manager, reason: 'manager of the requester' }];
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
    // The approvals and the approvers' participation in one statement (issue 18).
    const asked = tx.$with('asked', { userId: sql<string>`user_id` }).as(
      addParticipantsStatement(
        ticket.id,
        candidates.map((candidate) => candidate.id),
        'approver',
        now,
      ),
    );
    await tx
      .with(asked)
      .insert(approvals)
      .values(
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
   * Runs in the decision's transaction once the decision is known to be allowed (it is written
   * in the same transaction): a one-click link records its nonce here, so the link is spent if
   * and only if the decision commits. Throwing refuses the decision.
   */
  inTransaction?: (tx: Tx, ticket: TicketRow) => Promise<void>;
}

interface DecisionRow extends Record<string, unknown> {
  round: number;
  approved: number;
  required: number;
  closes: boolean;
}

/**
 * The approver's decision. The requester cannot approve their own request. The ticket is locked
 * first (FOR NO KEY UPDATE), so concurrent decisions on it are made one after the other and a
 * round is decided once.
 */
export async function decide(
  context: AppContext,
  principal: Principal,
  key: string,
  input: { decision: 'approve' | 'decline'; comment?: string | undefined },
  requestId?: string,
  options: DecideOptions = {},
): Promise<TicketRow> {
  const actor: Actor = actorOf(principal, requestId);
  const now = context.clock.now();
  return withTransaction(context.db, actor, async (tx) => {
    // Who may see it and the lock in one read (issue 18); a ticket the caller may not see is not found.
    const { ticket: locked } = await lockTicketForCaller(tx, principal, key);
    if (locked.requesterId === principal.user.id) {
      throw forbidden('You cannot approve or decline your own request.', 'own_request');
    }
    if (!approvalStatuses.has(locked.status)) {
      throw conflict(
        'not_waiting_for_approval',
        `${locked.key} is not waiting for approval (it is ${locked.status}).`,
      );
    }
    const policy: ApprovalPolicy = locked.requestTypeId
      ? (await getRequestTypeById(tx, locked.requestTypeId)).approval
      : { kind: 'none' };
    const approve = input.decision === 'approve';
    const userId = principal.user.id;
    // One statement (issue 18): the caller's pending approval of the latest round decided, the
    // round tallied (the approvals needed: the round's own count, else the policy's for its
    // size), and — when it declines or completes the round — the rest of the round withdrawn; the
    // caller's participation as approver ends, everyone's when the round closes. The snapshot
    // shows the caller's approval still pending, so it is counted here.
    const quorum = policy.kind === 'team_quorum' ? policy.required : null;
    const result = await tx.execute<DecisionRow>(sql`
      with mine as (
        select ${approvals.id} as id, ${approvals.round} as round from ${approvals}
         where ${approvals.ticketId} = ${locked.id} and ${approvals.approverId} = ${userId} and ${approvals.state} = 'pending'
         order by ${approvals.round} desc limit 1
      ), tally as (
        select count(*) filter (where a.state = 'approved')::int + ${approve ? 1 : 0}::int as approved,
               coalesce((array_agg(a.required))[1],
                        case when ${quorum}::int is null then 1 else greatest(1, least(${quorum}::int, count(*)::int)) end) as required
          from ${approvals} a join mine on a.round = mine.round
         where a.ticket_id = ${locked.id}
      ), decision as (
        select approved, required, (${!approve}::boolean or approved >= required) as closes from tally
      ), decided as (
        update ${approvals} set state = ${approve ? 'approved' : 'declined'}, comment = ${input.comment ?? null}::text,
               decided_at = ${now.toISOString()}::timestamptz
          from mine where ${approvals.id} = mine.id
        returning ${approvals.id}
      ), withdrawn as (
        update ${approvals} set state = 'withdrawn', decided_at = ${now.toISOString()}::timestamptz
          from mine, decision
         where ${approvals.ticketId} = ${locked.id} and ${approvals.round} = mine.round
           and ${approvals.state} = 'pending' and ${approvals.id} <> mine.id and decision.closes
        returning ${approvals.id}
      ), ended as (
        ${deactivateParticipantsStatement(
          locked.id,
          'approver',
          (participant) =>
            sql`exists (select 1 from mine) and (${participant} = ${userId}::uuid or (select closes from decision))`,
        )}
      )
      select mine.round, decision.approved, decision.required, decision.closes from mine, decision`);
    const mine = result.rows[0];
    if (!mine) throw forbidden(`You are not asked to approve ${locked.key}.`, 'not_an_approver');
    await options.inTransaction?.(tx, locked);
    const withComment = input.comment ? `: ${input.comment}` : '.';
    const name = principal.user.displayName;
    if (!approve) {
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
    const { approved, required } = mine;
    if (!mine.closes) {
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
