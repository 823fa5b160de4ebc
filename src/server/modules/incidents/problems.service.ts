// Problems (kind `problem`, PRB-n): opened by agents (or from a proposal of the recurring-incident
// detector), about CIs and services, causing incidents (each incident `caused_by` the problem, a
// core link), with a root-cause analysis and a workaround. Entering `known_error` records when the
// workaround became the known answer; incidents touching the same CIs show it.
import { eq } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { type Actor, type Tx, withTransaction } from '../../db/client.js';
import { forbidden, invalidField } from '../../lib/errors.js';
import type { CiRow } from '../cmdb/index.js';
import { actorOf, type Principal } from '../identity/index.js';
import {
  canSee,
  createTicket,
  findTicketByKey,
  insertLink,
  lockTicket,
  type Priority,
  rolesOf,
  type TicketRow,
  ticketForCaller,
  viewerOf,
} from '../tickets/index.js';
import { affectedOf, teamFor } from './incidents.service.js';
import { problemCis, problems } from './problems.schema.js';

export interface ProblemInput {
  title: string;
  description?: string | undefined;
  priority?: Priority | undefined;
  service?: string | undefined;
  cis?: string[] | undefined;
  incidents?: string[] | undefined;
  team?: string | undefined;
  rootCause?: string | undefined;
  workaround?: string | undefined;
}

/** Incidents named by key that the caller may see, each a 400 naming its field when not. */
async function incidentsNamed(
  context: AppContext,
  principal: Principal,
  keys: readonly string[],
  field: (index: number) => string,
): Promise<TicketRow[]> {
  const viewer = await viewerOf(context.db, principal);
  const found: TicketRow[] = [];
  for (const [index, key] of keys.entries()) {
    const ticket = await findTicketByKey(context, key);
    if (!ticket || !(await canSee(context.db, viewer, ticket)))
      throw invalidField(field(index), `there is no incident ${key.toUpperCase()}.`, 'unknown_ticket');
    if (ticket.kind !== 'incident')
      throw invalidField(field(index), `${ticket.key} is not an incident.`, 'not_an_incident');
    found.push(ticket);
  }
  return found;
}

/** Creates the problem in the caller's transaction: ticket, extension, CIs, incidents linked. */
export async function createProblemIn(
  tx: Tx,
  actor: Actor,
  input: {
    title: string;
    description: string;
    priority: Priority;
    requesterId: string;
    teamId: string | null;
    ciIds: readonly string[];
    incidents: readonly TicketRow[];
    rootCause?: string | null;
    workaround?: string | null;
    proposalId?: string | null;
    assigneeId?: string | null;
  },
  now: Date,
): Promise<TicketRow> {
  const ticket = await createTicket(
    tx,
    actor,
    {
      kind: 'problem',
      workflowKey: 'problem',
      title: input.title,
      requesterId: input.requesterId,
      teamId: input.teamId,
      priority: input.priority,
      assigneeId: input.assigneeId ?? null,
    },
    now,
  );
  await tx.insert(problems).values({
    ticketId: ticket.id,
    description: input.description,
    rootCause: input.rootCause ?? null,
    workaround: input.workaround ?? null,
    status: ticket.status,
    proposalId: input.proposalId ?? null,
  });
  const ciIds = [...new Set(input.ciIds)];
  if (ciIds.length > 0)
    await tx.insert(problemCis).values(ciIds.map((ciId) => ({ ticketId: ticket.id, ciId })));
  for (const incident of input.incidents)
    await insertLink(tx, { ticket: incident, type: 'caused_by', targetId: ticket.id, actor, now });
  return ticket;
}

export async function openProblem(
  context: AppContext,
  principal: Principal,
  input: ProblemInput,
  requestId?: string,
): Promise<TicketRow> {
  const affected: CiRow[] = await affectedOf(context, input);
  const teamId = await teamFor(context, input.team, affected);
  const linked = await incidentsNamed(context, principal, input.incidents ?? [], (i) => `incidents.${i}`);
  const actor = actorOf(principal, requestId);
  const now = context.clock.now();
  return withTransaction(context.db, actor, (tx) =>
    createProblemIn(
      tx,
      actor,
      {
        title: input.title,
        description: input.description ?? '',
        priority: input.priority ?? 'moderate',
        requesterId: principal.user.id,
        teamId,
        ciIds: affected.map((ci) => ci.id),
        incidents: linked,
        rootCause: input.rootCause ?? null,
        workaround: input.workaround ?? null,
      },
      now,
    ),
  );
}

async function agentOnProblem(context: AppContext, principal: Principal, key: string) {
  const { ticket, viewer } = await ticketForCaller(context, principal, key);
  if (ticket.kind !== 'problem')
    throw invalidField('key', `${ticket.key} is not a problem.`, 'not_a_problem');
  const roles = await rolesOf(context.db, viewer, ticket);
  if (!roles.has('agent'))
    throw forbidden(`Only agents who work on ${ticket.key} may change it.`, 'not_an_agent');
  return ticket;
}

export interface ProblemPatch {
  description?: string | undefined;
  cis?: string[] | undefined;
  rootCause?: string | null | undefined;
  workaround?: string | null | undefined;
}

export async function updateProblem(
  context: AppContext,
  principal: Principal,
  key: string,
  patch: ProblemPatch,
  requestId?: string,
): Promise<TicketRow> {
  const ticket = await agentOnProblem(context, principal, key);
  const affected = patch.cis !== undefined ? await affectedOf(context, { cis: patch.cis }) : null;
  return withTransaction(context.db, actorOf(principal, requestId), async (tx) => {
    const locked = await lockTicket(tx, ticket.id);
    const changes = {
      ...(patch.description !== undefined ? { description: patch.description } : {}),
      ...(patch.rootCause !== undefined ? { rootCause: patch.rootCause } : {}),
      ...(patch.workaround !== undefined ? { workaround: patch.workaround } : {}),
    };
    if (Object.keys(changes).length > 0)
      await tx.update(problems).set(changes).where(eq(problems.ticketId, ticket.id));
    if (affected) {
      await tx.delete(problemCis).where(eq(problemCis.ticketId, ticket.id));
      const ids = [...new Set(affected.map((ci) => ci.id))];
      if (ids.length > 0)
        await tx.insert(problemCis).values(ids.map((ciId) => ({ ticketId: ticket.id, ciId })));
    }
    return locked;
  });
}

/** Links an incident to the problem that causes it (the incident is `caused_by` the problem). */
export async function linkIncident(
  context: AppContext,
  principal: Principal,
  key: string,
  incidentKey: string,
  requestId?: string,
): Promise<TicketRow> {
  const ticket = await agentOnProblem(context, principal, key);
  const [incident] = await incidentsNamed(context, principal, [incidentKey], () => 'incident');
  const actor = actorOf(principal, requestId);
  const now = context.clock.now();
  await withTransaction(context.db, actor, async (tx) => {
    await lockTicket(tx, incident!.id);
    await insertLink(tx, { ticket: incident!, type: 'caused_by', targetId: ticket.id, actor, now });
  });
  return ticket;
}
