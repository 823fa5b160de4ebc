// Requests for change: raised with the Seven Rs, their CIs and window; assessed (risk, conflicts)
// when written; moved through their workflow by people (with a change manager's override where a
// guard allows one) and by the system. Every write is one transaction: ticket, extension rows,
// history — or nothing.
import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { changeIn, changePatchIn, changeTransitionIn } from '../../../shared/api/changes.js';
import type { AppContext } from '../../context.js';
import { type Actor, type Queryable, type Tx, withTransaction } from '../../db/client.js';
import { forbidden, invalidField } from '../../lib/errors.js';
import { type CiRow, resolveCi } from '../cmdb/index.js';
import { actorOf, findTeamByKey, findUserByEmail, getUser, type Principal } from '../identity/index.js';
import {
  createTicket,
  fireTransition,
  lockTicket,
  type Priority,
  rolesOf,
  setPriority,
  type TicketRow,
  ticketForCaller,
} from '../tickets/index.js';
import { type Assessment, assessChange, riskQuestions } from './assess.service.js';
import { changeCis, changeServices, changes } from './changes.schema.js';
import type { ChangeType, RiskLevel } from './risk.js';
import { changeRoles } from './roles.service.js';

export type ChangeRow = typeof changes.$inferSelect;
export type ChangeInput = z.output<typeof changeIn>;
export type ChangePatch = z.output<typeof changePatchIn>;
export type ChangeTransition = z.output<typeof changeTransitionIn>;

export const priorityOfRisk: Record<RiskLevel, Priority> = { low: 'low', moderate: 'moderate', high: 'high' };

export async function getChange(db: Queryable, ticketId: string): Promise<ChangeRow | undefined> {
  const [row] = await db.select().from(changes).where(eq(changes.ticketId, ticketId));
  return row;
}

async function resolveCis(db: Queryable, refs: readonly string[]): Promise<CiRow[]> {
  const found = new Map<string, CiRow>();
  for (const [index, ref] of refs.entries()) {
    const ci = await resolveCi(db, ref, { field: `cis.${index}` });
    found.set(ci.id, ci);
  }
  return [...found.values()];
}

async function userRef(db: Queryable, field: string, ref: string | undefined) {
  if (!ref) return null;
  const user = /^[0-9a-f-]{36}$/i.test(ref)
    ? await getUser(db, ref).catch(() => undefined)
    : await findUserByEmail(db, ref);
  if (!user?.active) throw invalidField(field, `there is no active user ${ref}.`, 'unknown_user');
  return user.id;
}

async function checkAnswers(db: Queryable, answers: Record<string, boolean> | undefined) {
  if (!answers) return {};
  const known = new Set((await riskQuestions(db)).map((question) => question.id));
  for (const id of Object.keys(answers))
    if (!known.has(id)) throw invalidField(`riskAnswers.${id}`, 'there is no such risk question.');
  return answers;
}

function checkWindow(start: Date, end: Date, now: Date, isNew: boolean) {
  if (end <= start) throw invalidField('plannedEnd', 'the window must end after it starts.');
  if (isNew && end <= now) throw invalidField('plannedEnd', 'a new change cannot be planned in the past.');
  if (isNew && start.getTime() < now.getTime() - 5 * 60_000)
    throw invalidField('plannedStart', 'a new change cannot start in the past.');
}

/** Writes the change's CIs and the services they reach (replacing what was there). */
export async function setChangeCis(
  tx: Tx,
  ticketId: string,
  ciIds: readonly string[],
  assessment: Assessment,
) {
  await tx.delete(changeCis).where(eq(changeCis.ticketId, ticketId));
  if (ciIds.length > 0) await tx.insert(changeCis).values(ciIds.map((ciId) => ({ ticketId, ciId })));
  await tx.delete(changeServices).where(eq(changeServices.ticketId, ticketId));
  if (assessment.services.length > 0)
    await tx.insert(changeServices).values(
      assessment.services.map((entry) => ({
        ticketId,
        serviceId: entry.id,
        depth: entry.depth,
        path: entry.path,
      })),
    );
}

const riskColumns = (assessment: Assessment) => ({
  riskScore: assessment.score,
  riskLevel: assessment.level,
  riskFactors: assessment.factors,
  approvalPath: assessment.approvalPath,
});

/** The first step a submitted change takes: standard → scheduled, emergency → authorize, normal → assess. */
export const submitTransition: Record<ChangeType, string> = {
  standard: 'schedule',
  emergency: 'request_authorization',
  normal: 'assess',
};

export interface RaiseOptions {
  origin: 'manual' | 'deploy_api' | 'catalog';
  teamId: string | null;
  /** When neither the caller nor the CIs name a team. */
  defaultTeamId?: string | null;
  pipelineId?: string | null;
  version?: string | null;
  commit?: string | null;
}

/** Raises a change in the caller's transaction (the routes' and the deployment gate's). */
export async function raiseInTransaction(
  tx: Tx,
  actor: Actor,
  requesterId: string,
  input: ChangeInput,
  found: { cis: CiRow[]; responsibleId: string | null; answers: Record<string, boolean> },
  options: RaiseOptions,
  now: Date,
): Promise<TicketRow> {
  const range = { start: new Date(input.plannedStart), end: new Date(input.plannedEnd) };
  const ciIds = found.cis.map((ci) => ci.id);
  const assessment = await assessChange(tx, { type: input.type, ciIds, range, answers: found.answers, now });
  const owned = found.cis.find((ci) => ci.teamId);
  const ticket = await createTicket(
    tx,
    actor,
    {
      kind: 'change',
      workflowKey: 'change',
      title: input.title,
      requesterId,
      teamId: options.teamId ?? owned?.teamId ?? options.defaultTeamId ?? null,
      priority: priorityOfRisk[assessment.level],
    },
    now,
  );
  await tx.insert(changes).values({
    ticketId: ticket.id,
    type: input.type,
    raisedAt: now,
    description: input.description ?? '',
    reason: input.reason ?? '',
    expectedReturn: input.expectedReturn ?? '',
    risks: input.risks ?? '',
    resources: input.resources ?? '',
    responsibleId: found.responsibleId,
    implementationPlan: input.implementationPlan ?? '',
    backoutPlan: input.backoutPlan ?? '',
    testPlan: input.testPlan ?? '',
    plannedStart: range.start,
    plannedEnd: range.end,
    riskAnswers: found.answers,
    origin: options.origin,
    public: input.public ?? false,
    pipelineId: options.pipelineId ?? null,
    version: options.version ?? null,
    commit: options.commit ?? null,
    ...riskColumns(assessment),
  });
  await setChangeCis(tx, ticket.id, ciIds, assessment);
  return ticket;
}

export async function defaultTeamId(context: AppContext): Promise<string | null> {
  return (await findTeamByKey(context.db, context.config.defaultTeam))?.id ?? null;
}

async function teamOf(context: AppContext, key: string | undefined) {
  if (!key) return null;
  const team = await findTeamByKey(context.db, key);
  if (!team) throw invalidField('team', `there is no team ${key}.`, 'unknown_team');
  return team.id;
}

/** Agents raise changes; with `submit` the change takes its type's first step at once. */
export async function raiseChange(
  context: AppContext,
  principal: Principal,
  input: ChangeInput,
  requestId?: string,
): Promise<TicketRow> {
  const now = context.clock.now();
  checkWindow(new Date(input.plannedStart), new Date(input.plannedEnd), now, true);
  const cis = await resolveCis(context.db, input.cis);
  const responsibleId = await userRef(context.db, 'responsible', input.responsible);
  const answers = await checkAnswers(context.db, input.riskAnswers);
  const teamId = await teamOf(context, input.team);
  const actor = actorOf(principal, requestId);
  const fallbackTeam = await defaultTeamId(context);
  return withTransaction(context.db, actor, async (tx) => {
    const ticket = await raiseInTransaction(
      tx,
      actor,
      principal.user.id,
      input,
      { cis, responsibleId, answers },
      { origin: 'manual', teamId, defaultTeamId: fallbackTeam },
      now,
    );
    if (!input.submit) return ticket;
    return fireTransition(tx, {
      ticket,
      name: submitTransition[input.type],
      actor,
      roles: new Set(['agent']),
      now,
    });
  });
}

function isChangeManager(principal: Principal, teamId: string | undefined): boolean {
  return principal.user.role === 'admin' || (!!teamId && principal.teamIds.includes(teamId));
}

/** Agents of the change's team, admins and change managers work on a change. */
async function changeForAgent(context: AppContext, principal: Principal, key: string) {
  const { ticket, viewer } = await ticketForCaller(context, principal, key);
  if (ticket.kind !== 'change') throw invalidField('key', `${ticket.key} is not a change.`, 'not_a_change');
  const roles = await rolesOf(context.db, viewer, ticket);
  // The change managers (an admin setting) may override conflicts and windows; admins may too.
  const managers = await findTeamByKey(context.db, (await changeRoles(context.db)).changeManagersTeam);
  const manager = isChangeManager(principal, managers?.id);
  if (manager && principal.permissions.has('ticket:work')) roles.add('agent');
  if (!roles.has('agent') && !roles.has('admin'))
    throw forbidden(`Only agents who work on ${ticket.key} may change it.`, 'not_an_agent');
  return { ticket, viewer, roles, manager };
}

/** Agents edit a change; a new window or new CIs re-assess it and drop an earlier override. */
export async function updateChange(
  context: AppContext,
  principal: Principal,
  key: string,
  patch: ChangePatch,
  requestId?: string,
): Promise<TicketRow> {
  const { ticket } = await changeForAgent(context, principal, key);
  const current = (await getChange(context.db, ticket.id))!;
  const now = context.clock.now();
  const start = patch.plannedStart ? new Date(patch.plannedStart) : current.plannedStart;
  const end = patch.plannedEnd ? new Date(patch.plannedEnd) : current.plannedEnd;
  if (patch.plannedStart || patch.plannedEnd) {
    if (['implement', 'review', 'closed', 'cancelled'].includes(ticket.status))
      throw invalidField('plannedStart', `the window of a change in ${ticket.status} cannot move.`);
    checkWindow(start, end, now, false);
  }
  if (
    patch.outcome !== undefined &&
    patch.outcome !== null &&
    !['implement', 'review'].includes(ticket.status)
  )
    throw invalidField('outcome', 'the outcome is recorded during implementation or review.');
  const cis = patch.cis ? await resolveCis(context.db, patch.cis) : null;
  const responsibleId =
    patch.responsible !== undefined ? await userRef(context.db, 'responsible', patch.responsible) : undefined;
  const answers = patch.riskAnswers ? await checkAnswers(context.db, patch.riskAnswers) : undefined;
  const moved =
    start.getTime() !== current.plannedStart.getTime() || end.getTime() !== current.plannedEnd.getTime();
  const actor = actorOf(principal, requestId);
  return withTransaction(context.db, actor, async (tx) => {
    const locked = await lockTicket(tx, ticket.id);
    const ciIds = cis
      ? cis.map((ci) => ci.id)
      : (await tx.select().from(changeCis).where(eq(changeCis.ticketId, ticket.id))).map((row) => row.ciId);
    const assessment = await assessChange(tx, {
      ticketId: ticket.id,
      type: current.type as ChangeType,
      ciIds,
      range: { start, end },
      answers: answers ?? (current.riskAnswers as Record<string, boolean>),
      now,
    });
    const { cis: _cis, responsible: _responsible, riskAnswers: _answers, ...plain } = patch;
    await tx
      .update(changes)
      .set({
        ...plain,
        plannedStart: start,
        plannedEnd: end,
        ...(responsibleId !== undefined ? { responsibleId } : {}),
        ...(answers ? { riskAnswers: answers } : {}),
        ...(moved || cis ? { overrideReason: null, overrideBy: null, overrideAt: null } : {}),
        ...riskColumns(assessment),
      })
      .where(eq(changes.ticketId, ticket.id));
    if (cis || moved) await setChangeCis(tx, ticket.id, ciIds, assessment);
    return setPriority(tx, locked.id, priorityOfRisk[assessment.level], actor, now);
  });
}

/**
 * Fires a transition of a change; with `override`, a change manager (or an admin) lets it past its
 * conflicts and window, the reason kept on the change and in its history.
 */
export async function transitionChange(
  context: AppContext,
  principal: Principal,
  key: string,
  input: ChangeTransition,
  requestId?: string,
): Promise<TicketRow> {
  const { ticket, roles, manager } = await changeForAgent(context, principal, key);
  if (input.override && !manager)
    throw forbidden(
      'Only change managers (and admins) may override conflicts or the window.',
      'not_a_change_manager',
    );
  const actor = actorOf(principal, requestId);
  const now = context.clock.now();
  return withTransaction(context.db, actor, async (tx) => {
    const locked = await lockTicket(tx, ticket.id);
    if (input.override)
      await tx
        .update(changes)
        .set({
          overrideReason: input.override.reason,
          overrideBy: principal.user.displayName,
          overrideAt: now,
        })
        .where(eq(changes.ticketId, ticket.id));
    const comment = input.comment ?? (input.override ? `Override: ${input.override.reason}` : undefined);
    return fireTransition(tx, {
      ticket: locked,
      name: input.name,
      actor,
      roles,
      now,
      comment: comment ? { body: comment, internal: false } : undefined,
    });
  });
}
