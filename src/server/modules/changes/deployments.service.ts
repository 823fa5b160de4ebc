// Deployment gating for CI/CD pipelines (change expressed as code): a registered pipeline, with a
// token of its own, records a deployment as a change on the CIs it touches (standard when the
// pipeline is, normal otherwise), asks whether it may deploy now — `go`, or `wait` with the
// freeze, conflict or missing approval that blocks it — and reports the result, which ends the
// change (a failure stays in review for its post-implementation review).
import { createHash, randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import type {
  deploymentIn,
  deploymentResultIn,
  gateReason,
  pipelineIn,
} from '../../../shared/api/changes.js';
import type { AppContext } from '../../context.js';
import { type Actor, type Tx, withTransaction } from '../../db/client.js';
import { conflict, invalidField, notFound, unauthorized } from '../../lib/errors.js';
import { roundTally } from '../approvals/index.js';
import { type CiRow, resolveCi } from '../cmdb/index.js';
import { findTeamByKey, type Principal } from '../identity/index.js';
import {
  findTicketByKey,
  fireTransition,
  lockTicket,
  systemRoles,
  type TicketRow,
} from '../tickets/index.js';
import { changePipelines, changes } from './changes.schema.js';
import { defaultTeamId, getChange, raiseInTransaction } from './changes.service.js';
import { conflictsOfChange } from './conflicts.service.js';

type PipelineRow = typeof changePipelines.$inferSelect;
type Reason = z.output<typeof gateReason>;

const hash = (token: string) => createHash('sha256').update(token).digest('hex');

export async function registerPipeline(
  context: AppContext,
  actor: Actor,
  principal: Principal,
  input: z.output<typeof pipelineIn>,
) {
  let teamId: string | null = null;
  if (input.team) {
    const team = await findTeamByKey(context.db, input.team);
    if (!team) throw invalidField('team', `there is no team ${input.team}.`, 'unknown_team');
    teamId = team.id;
  }
  const token = `opsdesk_pl_${randomBytes(32).toString('base64url')}`;
  const [row] = await withTransaction(context.db, actor, (tx) =>
    tx
      .insert(changePipelines)
      .values({
        name: input.name,
        tokenHash: hash(token),
        teamId,
        standard: input.standard,
        createdById: principal.user.id,
      })
      .returning(),
  );
  return { id: row!.id, name: row!.name, standard: row!.standard, token };
}

/** The pipeline whose token the request carries (`Authorization: Bearer …`). */
export async function pipelineOf(
  context: AppContext,
  authorization: string | undefined,
): Promise<PipelineRow> {
  const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
  if (!token)
    throw unauthorized('pipeline_token_missing', 'Send the pipeline token: Authorization: Bearer <token>.');
  const [row] = await context.db
    .select()
    .from(changePipelines)
    .where(eq(changePipelines.tokenHash, hash(token)));
  if (!row) throw unauthorized('pipeline_token_invalid', 'The pipeline token is not known (or was revoked).');
  return row;
}

const pipelineActor = (pipeline: PipelineRow): Actor => ({
  kind: 'automation',
  id: null,
  label: `pipeline:${pipeline.name}`,
});

const reasonKind: Record<string, Reason['kind']> = {
  freeze: 'freeze',
  ci: 'conflict',
  related_ci: 'conflict',
  outside_maintenance: 'outside_maintenance',
};

/**
 * The gate, in the caller's transaction: the deployment's window moves to now, and the change goes
 * as far as it may (scheduled, then implement) — `go` once it is implementing.
 */
async function gate(tx: Tx, ticket: TicketRow, actor: Actor, now: Date) {
  const change = (await getChange(tx, ticket.id))!;
  let current = ticket;
  const reasons: Reason[] = [];
  const answer = () => ({
    change: current.key,
    decision: current.status === 'implement' ? ('go' as const) : ('wait' as const),
    reasons,
    status: current.status,
  });
  if (current.status === 'implement') return answer();
  if (!['new', 'assess', 'authorize', 'scheduled'].includes(current.status)) {
    reasons.push({
      kind: 'status',
      message: `${current.key} is ${current.status}: record a new deployment.`,
    });
    return answer();
  }
  const length = change.plannedEnd.getTime() - change.plannedStart.getTime();
  await tx
    .update(changes)
    .set({ plannedStart: now, plannedEnd: new Date(now.getTime() + length) })
    .where(eq(changes.ticketId, ticket.id));
  if (!change.overrideReason)
    for (const found of await conflictsOfChange(tx, ticket.id))
      reasons.push({ kind: reasonKind[found.kind] ?? 'conflict', message: found.message });
  if (reasons.length > 0) return answer();
  const fire = async (name: string) => {
    current = await fireTransition(tx, { ticket: current, name, actor, roles: systemRoles, now });
  };
  if (change.type === 'standard' && current.status !== 'scheduled') await fire('schedule');
  if (change.type !== 'standard') {
    if (current.status === 'new' && change.type === 'normal') await fire('assess');
    if (current.status === 'new' || current.status === 'assess') await fire('request_authorization');
  }
  if (current.status === 'scheduled') await fire('start');
  if (current.status === 'authorize') {
    const tally = await roundTally(tx, ticket.id);
    reasons.push({
      kind: 'approval',
      message: `${current.key} waits for approval: ${tally.approved} of ${tally.required} given.`,
    });
  }
  return answer();
}

export async function recordDeployment(
  context: AppContext,
  pipeline: PipelineRow,
  input: z.output<typeof deploymentIn>,
) {
  const now = context.clock.now();
  const cis: CiRow[] = [];
  for (const [index, ref] of input.cis.entries())
    cis.push(await resolveCi(context.db, ref, { field: `cis.${index}` }));
  const actor = pipelineActor(pipeline);
  const fallbackTeam = await defaultTeamId(context);
  return withTransaction(context.db, actor, async (tx) => {
    const ticket = await raiseInTransaction(
      tx,
      actor,
      pipeline.createdById,
      {
        type: pipeline.standard ? 'standard' : 'normal',
        title: input.title,
        description: input.description,
        cis: input.cis,
        plannedStart: now.toISOString(),
        plannedEnd: new Date(now.getTime() + input.durationMinutes * 60_000).toISOString(),
        reason: `Deployment by pipeline ${pipeline.name}${input.version ? ` of ${input.version}` : ''}`,
        submit: false,
      },
      { cis, responsibleId: null, answers: {} },
      {
        origin: 'deploy_api',
        teamId: pipeline.teamId,
        defaultTeamId: fallbackTeam,
        pipelineId: pipeline.id,
        version: input.version ?? null,
        commit: input.commit ?? null,
      },
      now,
    );
    return gate(tx, ticket, actor, now);
  });
}

async function pipelineChange(context: AppContext, pipeline: PipelineRow, key: string) {
  const ticket = await findTicketByKey(context, key);
  const change = ticket ? await getChange(context.db, ticket.id) : undefined;
  if (!ticket || change?.pipelineId !== pipeline.id) throw notFound(`The deployment ${key}`);
  return ticket;
}

/** Asks the gate again (after a freeze, once approved). */
export async function checkDeployment(context: AppContext, pipeline: PipelineRow, key: string) {
  const ticket = await pipelineChange(context, pipeline, key);
  const actor = pipelineActor(pipeline);
  return withTransaction(context.db, actor, async (tx) =>
    gate(tx, await lockTicket(tx, ticket.id), actor, context.clock.now()),
  );
}

export async function deploymentResult(
  context: AppContext,
  pipeline: PipelineRow,
  key: string,
  input: z.output<typeof deploymentResultIn>,
) {
  const ticket = await pipelineChange(context, pipeline, key);
  const actor = pipelineActor(pipeline);
  const now = context.clock.now();
  return withTransaction(context.db, actor, async (tx) => {
    let current = await lockTicket(tx, ticket.id);
    if (current.status !== 'implement')
      throw conflict(
        'not_deploying',
        `${current.key} is ${current.status}, not deploying: ask the gate first.`,
      );
    const outcome = input.result === 'success' ? 'successful' : 'failed';
    await tx
      .update(changes)
      .set({
        outcome,
        ...(input.version ? { version: input.version } : {}),
        ...(input.commit ? { commit: input.commit } : {}),
      })
      .where(eq(changes.ticketId, ticket.id));
    const comment = {
      body: `Deployment ${input.result === 'success' ? 'succeeded' : 'failed'}${input.notes ? `: ${input.notes}` : '.'}`,
      internal: false,
    };
    current = await fireTransition(tx, {
      ticket: current,
      name: 'finish',
      actor,
      roles: systemRoles,
      now,
      comment,
    });
    if (outcome === 'successful')
      current = await fireTransition(tx, { ticket: current, name: 'close', actor, roles: systemRoles, now });
    return { change: current.key, status: current.status, outcome: outcome as 'successful' | 'failed' };
  });
}
