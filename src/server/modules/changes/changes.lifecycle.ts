// Changes in the ticket core: the guards of the change workflow (authorized, conflict-free, inside
// the window — unless a change manager overrode — outcome recorded, reviewed), the approval the
// risk picks on entering `authorize`, the listener keeping the change's status copy and actual
// window, and the change part of GET /tickets/{key}.
import { eq, sql } from 'drizzle-orm';
import type { ApprovalPolicy } from '../../../shared/api/approvals.js';
import type { Clock } from '../../context.js';
import type { Queryable, Tx } from '../../db/client.js';
import { requestApprovals } from '../approvals/index.js';
import { cisByIds } from '../cmdb/index.js';
import { cachedUsersById, findTeamByKey, teamsByIds } from '../identity/index.js';
import type {
  GuardHandler,
  TicketListener,
  TicketRow,
  TicketViewPart,
  TicketVisibilityRule,
} from '../tickets/index.js';
import { ticketsByIds } from '../tickets/index.js';
import { assessChange } from './assess.service.js';
import { changeCis, changeServices, changes } from './changes.schema.js';
import { getChange } from './changes.service.js';
import { conflictsOfChange } from './conflicts.service.js';
import { type ApprovalPath, approvalPathLabels, type ChangeType } from './risk.js';
import { changeRoles } from './roles.service.js';

const fmt = (date: Date) => `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

async function changeOf(db: Queryable, ticket: TicketRow) {
  const change = await getChange(db, ticket.id);
  if (!change) throw new Error(`${ticket.key} has no change record`);
  return change;
}

export function changeGuards(clock: Clock): Record<string, GuardHandler> {
  return {
    async changeReadyForAuthorization(tx, ticket) {
      const change = await changeOf(tx, ticket);
      if (change.type === 'standard')
        return `${ticket.key} is a standard change: it is pre-authorized, schedule it instead.`;
      if (change.type === 'normal' && ticket.status === 'new')
        return `${ticket.key} is a normal change: it is assessed first (assess), then authorized.`;
      return null;
    },
    async changeAuthorized(tx, ticket) {
      const change = await changeOf(tx, ticket);
      if (change.type === 'standard') return null;
      return `${ticket.key} is not authorized: a ${change.type} change is scheduled once its approvers (${approvalPathLabels[change.approvalPath as ApprovalPath]}) have approved it.`;
    },
    async changeConflictFree(tx, ticket) {
      const change = await changeOf(tx, ticket);
      if (change.overrideReason) return null;
      const conflicts = await conflictsOfChange(tx, ticket.id);
      if (conflicts.length === 0) return null;
      return `${ticket.key} has conflicts: ${conflicts.map((conflict) => conflict.message).join(' ')} A change manager may override with a reason.`;
    },
    // At the instant the transition is fired (the clock's now for people and jobs).
    async changeWindowOpen(tx, ticket, at) {
      const change = await changeOf(tx, ticket);
      if (change.overrideReason) return null;
      const now = at ?? clock.now();
      if (now < change.plannedStart)
        return `The window of ${ticket.key} opens at ${fmt(change.plannedStart)}; a change manager may override with a reason.`;
      if (now >= change.plannedEnd)
        return `The window of ${ticket.key} closed at ${fmt(change.plannedEnd)}: plan a new window, or a change manager overrides with a reason.`;
      return null;
    },
    async changeOutcomeRecorded(tx, ticket) {
      const change = await changeOf(tx, ticket);
      return change.outcome
        ? null
        : `Record the outcome of ${ticket.key} first (successful, successful_with_issues, failed or backed_out).`;
    },
    async changeReviewed(tx, ticket) {
      const change = await changeOf(tx, ticket);
      const needsReview =
        change.type === 'emergency' || change.outcome === 'failed' || change.outcome === 'backed_out';
      if (needsReview && !change.reviewNotes?.trim())
        return `${ticket.key} needs a post-implementation review (failed and emergency changes): record reviewNotes first.`;
      return null;
    },
  };
}

async function policyFor(tx: Tx, ticket: TicketRow, path: ApprovalPath): Promise<ApprovalPolicy> {
  if (path === 'none') return { kind: 'none' };
  const roles = await changeRoles(tx);
  if (path === 'cab') return { kind: 'team_quorum', team: roles.cabTeam, required: roles.cabQuorum };
  if (path === 'emergency_cab')
    return {
      kind: 'team_any',
      team: (await findTeamByKey(tx, roles.emergencyCabTeam)) ? roles.emergencyCabTeam : roles.cabTeam,
    };
  if (path === 'peer' && ticket.teamId) {
    const team = (await teamsByIds(tx, [ticket.teamId])).get(ticket.teamId);
    if (team) return { kind: 'team_any', team: team.key };
  }
  return { kind: 'team_any', team: roles.changeManagersTeam };
}

/** Effect of entering `authorize`: assess again, then ask the approvers the risk level picks. */
export async function requestChangeApproval(tx: Tx, ticket: TicketRow, now: Date): Promise<void> {
  const change = await changeOf(tx, ticket);
  const ciIds = (await tx.select().from(changeCis).where(eq(changeCis.ticketId, ticket.id))).map(
    (row) => row.ciId,
  );
  const assessment = await assessChange(tx, {
    ticketId: ticket.id,
    type: change.type as ChangeType,
    ciIds,
    range: { start: change.plannedStart, end: change.plannedEnd },
    answers: change.riskAnswers as Record<string, boolean>,
    now,
  });
  await tx
    .update(changes)
    .set({
      riskScore: assessment.score,
      riskLevel: assessment.level,
      riskFactors: assessment.factors,
      approvalPath: assessment.approvalPath,
    })
    .where(eq(changes.ticketId, ticket.id));
  await requestApprovals(tx, ticket, now, {
    policy: await policyFor(tx, ticket, assessment.approvalPath),
    why: `Risk ${assessment.level} (${assessment.score} points): ${approvalPathLabels[assessment.approvalPath]}`,
  });
}

/** Keeps the status copy and the actual window: implementation starts and ends with the workflow. */
export const changeListener: TicketListener = async (tx, event) => {
  if (event.kind !== 'change' || (event.type !== 'ticket.transitioned' && event.type !== 'ticket.created'))
    return;
  const set: Partial<typeof changes.$inferInsert> = { status: event.status };
  if (event.status === 'implement') set.actualStart = event.at;
  if (event.from === 'implement') set.actualEnd = event.at;
  await tx.update(changes).set(set).where(eq(changes.ticketId, event.ticketId));
};

export const changeViewPart: TicketViewPart = {
  name: 'change',
  kinds: ['change'],
  async load(db, ticket) {
    const change = await getChange(db, ticket.id);
    if (!change) return {};
    const ciRows = await db.select().from(changeCis).where(eq(changeCis.ticketId, ticket.id));
    const serviceRows = await db.select().from(changeServices).where(eq(changeServices.ticketId, ticket.id));
    const conflicts = await conflictsOfChange(db, ticket.id);
    const cis = await cisByIds(db, [
      ...ciRows.map((row) => row.ciId),
      ...serviceRows.map((row) => row.serviceId),
    ]);
    const people = change.responsibleId ? await cachedUsersById(db, [change.responsibleId]) : new Map();
    const responsible = change.responsibleId ? people.get(change.responsibleId) : undefined;
    const path = change.approvalPath as ApprovalPath;
    const request = change.requestTicketId
      ? (await ticketsByIds(db, [change.requestTicketId])).get(change.requestTicketId)
      : undefined;
    return {
      change: {
        type: change.type,
        description: change.description,
        reason: change.reason,
        expectedReturn: change.expectedReturn,
        risks: change.risks,
        resources: change.resources,
        responsible: responsible ? { id: responsible.id, displayName: responsible.displayName } : null,
        implementationPlan: change.implementationPlan,
        backoutPlan: change.backoutPlan,
        testPlan: change.testPlan,
        plannedStart: change.plannedStart,
        plannedEnd: change.plannedEnd,
        actualStart: change.actualStart,
        actualEnd: change.actualEnd,
        outcome: change.outcome,
        reviewNotes: change.reviewNotes,
        origin: change.origin,
        version: change.version,
        commit: change.commit,
        override:
          change.overrideReason && change.overrideAt
            ? { reason: change.overrideReason, by: change.overrideBy ?? '', at: change.overrideAt }
            : null,
        riskAnswers: change.riskAnswers,
        public: change.public,
        request: request ? { key: request.key, title: request.title, status: request.status } : null,
      },
      risk: {
        score: change.riskScore,
        level: change.riskLevel,
        factors: change.riskFactors,
        approvalPath: path,
        approvalPathLabel: approvalPathLabels[path],
      },
      conflicts,
      cis: ciRows.flatMap((row) => {
        const ci = cis.get(row.ciId);
        return ci ? [{ id: ci.id, class: ci.classKey, name: ci.name }] : [];
      }),
      services: serviceRows.flatMap((row) => {
        const ci = cis.get(row.serviceId);
        return ci ? [{ id: ci.id, name: ci.name, depth: row.depth, path: row.path }] : [];
      }),
    };
  },
};

/** Change managers see every change (they override conflicts and keep the calendar). */
export const changeManagersSeeChanges: TicketVisibilityRule = {
  name: 'change managers see changes',
  async condition(db, viewer, ticket) {
    const team = await findTeamByKey(db, (await changeRoles(db)).changeManagersTeam);
    if (!team || !viewer.principal.teamIds.includes(team.id)) return undefined;
    return sql`(${ticket.kind} = 'change')`;
  },
  async allows(db, viewer, ticket) {
    if (ticket.kind !== 'change') return false;
    const team = await findTeamByKey(db, (await changeRoles(db)).changeManagersTeam);
    return !!team && viewer.principal.teamIds.includes(team.id);
  },
};
