// Incidents: opened by anyone from the portal, by agents from the workspace, by event rules; their
// priority from impact × urgency through the admins' matrix; the services they reach from the
// CMDB the moment they open and whenever their CIs change.
import { eq } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { type Actor, type Tx, withTransaction } from '../../db/client.js';
import { forbidden, invalidField } from '../../lib/errors.js';
import { type CiRow, cisByIds, resolveCi } from '../cmdb/index.js';
import {
  actorOf,
  findTeamByKey,
  findUserByEmail,
  getUser,
  type Principal,
  rolePermissions,
} from '../identity/index.js';
import {
  createTicket,
  lockTicket,
  rolesOf,
  setPriority,
  type TicketRow,
  ticketForCaller,
} from '../tickets/index.js';
import { setAffected } from './impact.service.js';
import { incidentOpened } from './incidents.events.js';
import { incidentCis, incidents } from './incidents.schema.js';
import { priorityMatrix } from './matrix.service.js';
import { type Level, priorityOf } from './priority.js';
import { addTimeline } from './timeline.js';

export type IncidentRow = typeof incidents.$inferSelect;

export interface IncidentInput {
  title: string;
  description?: string | undefined;
  service?: string | undefined;
  cis?: string[] | undefined;
  impact: Level;
  urgency: Level;
  category?: string | undefined;
  team?: string | undefined;
  assignee?: string | undefined;
  impactStartedAt?: string | undefined;
}

export type IncidentSource = 'portal' | 'agent' | 'event';

/** The service and CIs the input names, each a 400 naming its field when unknown. */
export async function affectedOf(
  context: AppContext,
  input: Pick<IncidentInput, 'service' | 'cis'>,
): Promise<CiRow[]> {
  const found: CiRow[] = [];
  if (input.service)
    found.push(await resolveCi(context.db, input.service, { field: 'service', classKey: 'service' }));
  for (const [index, ref] of (input.cis ?? []).entries())
    found.push(await resolveCi(context.db, ref, { field: `cis.${index}` }));
  return found;
}

/** The team to work it: the one named, else the team of the service or first CI, else the default team. */
export async function teamFor(context: AppContext, team: string | undefined, affected: CiRow[]) {
  if (team) {
    const found = await findTeamByKey(context.db, team);
    if (!found) throw invalidField('team', `there is no team ${team}.`, 'unknown_team');
    return found.id;
  }
  const owned =
    affected.find((ci) => ci.classKey === 'service' && ci.teamId) ?? affected.find((ci) => ci.teamId);
  if (owned?.teamId) return owned.teamId;
  return (await findTeamByKey(context.db, context.config.defaultTeam))?.id ?? null;
}

async function assigneeFor(context: AppContext, principal: Principal, ref: string | undefined) {
  if (!ref) return null;
  const user =
    ref === 'me'
      ? await getUser(context.db, principal.user.id)
      : /^[0-9a-f-]{36}$/i.test(ref)
        ? await getUser(context.db, ref).catch(() => undefined)
        : await findUserByEmail(context.db, ref);
  if (!user?.active) throw invalidField('assignee', `there is no active user ${ref}.`, 'unknown_user');
  if (!rolePermissions[user.role].has('ticket:work'))
    throw invalidField('assignee', `${user.displayName} is not an agent.`, 'not_an_agent');
  return user.id;
}

/** Opens an incident in one transaction: ticket, extension row, CIs, services reached, timeline. */
export async function openIncidentAs(
  context: AppContext,
  actor: Actor,
  reporterId: string,
  input: IncidentInput,
  options: {
    source: IncidentSource;
    teamId: string | null;
    assigneeId: string | null;
    affected: CiRow[];
    /** The affected service as named (one of `affected`), if any. */
    serviceId?: string | null;
  },
): Promise<TicketRow> {
  const now = context.clock.now();
  const matrix = await priorityMatrix(context.db);
  const priority = priorityOf(matrix, input.impact, input.urgency);
  const startedAt = input.impactStartedAt ? new Date(input.impactStartedAt) : now;
  if (startedAt.getTime() > now.getTime() + 60_000)
    throw invalidField('impactStartedAt', 'the impact cannot start in the future.');
  return withTransaction(context.db, actor, (tx) =>
    openInTransaction(tx, actor, reporterId, input, { ...options, priority, now, startedAt }),
  );
}

export async function openInTransaction(
  tx: Tx,
  actor: Actor,
  reporterId: string,
  input: IncidentInput,
  options: {
    source: IncidentSource;
    teamId: string | null;
    assigneeId: string | null;
    affected: CiRow[];
    serviceId?: string | null;
    priority: ReturnType<typeof priorityOf>;
    now: Date;
    startedAt: Date;
  },
): Promise<TicketRow> {
  const ticket = await createTicket(
    tx,
    actor,
    {
      kind: 'incident',
      workflowKey: 'incident',
      title: input.title,
      requesterId: reporterId,
      teamId: options.teamId,
      priority: options.priority,
      assigneeId: options.assigneeId,
    },
    options.now,
  );
  await tx.insert(incidents).values({
    ticketId: ticket.id,
    description: input.description ?? '',
    impact: input.impact,
    urgency: input.urgency,
    priority: options.priority,
    category: input.category ?? null,
    serviceId: options.serviceId ?? null,
    source: options.source,
    impactStartedAt: options.startedAt,
  });
  const services = await setAffected(
    tx,
    ticket.id,
    options.affected.map((ci) => ci.id),
  );
  await addTimeline(tx, ticket.id, {
    kind: 'opened',
    actor,
    at: options.now,
    body: `Opened (${options.source}) with priority ${options.priority}${
      services.length > 0 ? `; reaches ${services.map((entry) => entry.ci.name).join(', ')}` : ''
    }.`,
    data: { impact: input.impact, urgency: input.urgency, services: services.map((entry) => entry.id) },
  });
  await incidentOpened(tx, {
    ticketId: ticket.id,
    ticketKey: ticket.key,
    title: input.title,
    priority: options.priority,
    source: options.source,
    serviceId: options.serviceId ?? null,
    serviceIds: services.map((entry) => entry.id),
    actor,
    at: options.now,
  });
  return ticket;
}

/** Anyone may report an incident (the portal); agents may also set team and assignee. */
export async function openIncident(
  context: AppContext,
  principal: Principal,
  input: IncidentInput,
  requestId?: string,
): Promise<TicketRow> {
  const agent = principal.permissions.has('ticket:work');
  if (!agent && (input.team || input.assignee))
    throw forbidden('Only agents choose the team or the assignee of an incident.', 'not_an_agent');
  const affected = await affectedOf(context, input);
  const teamId = await teamFor(context, input.team, affected);
  const assigneeId = await assigneeFor(context, principal, input.assignee);
  return openIncidentAs(context, actorOf(principal, requestId), principal.user.id, input, {
    source: agent ? 'agent' : 'portal',
    teamId,
    assigneeId,
    affected,
    serviceId: input.service ? (affected[0]?.id ?? null) : null,
  });
}

export async function getIncident(db: AppContext['db'], ticketId: string): Promise<IncidentRow | undefined> {
  const [row] = await db.select().from(incidents).where(eq(incidents.ticketId, ticketId));
  return row;
}

export interface IncidentPatch {
  impact?: Level | undefined;
  urgency?: Level | undefined;
  service?: string | undefined;
  cis?: string[] | undefined;
  category?: string | null | undefined;
  description?: string | undefined;
  serviceStatus?: string | null | undefined;
  workaround?: string | null | undefined;
  rootCause?: string | null | undefined;
  impactEndedAt?: string | null | undefined;
}

/** Agents change an incident's impact, urgency, CIs and what it says; priority and services follow. */
export async function updateIncident(
  context: AppContext,
  principal: Principal,
  key: string,
  patch: IncidentPatch,
  requestId?: string,
): Promise<TicketRow> {
  const { ticket, viewer } = await ticketForCaller(context, principal, key);
  if (ticket.kind !== 'incident')
    throw invalidField('key', `${ticket.key} is not an incident.`, 'not_an_incident');
  const roles = await rolesOf(context.db, viewer, ticket);
  if (!roles.has('agent'))
    throw forbidden(`Only agents who work on ${ticket.key} may change it.`, 'not_an_agent');
  const current = (await getIncident(context.db, ticket.id))!;
  // `service` replaces the named service, `cis` the other CIs; what is not sent stays.
  const service =
    patch.service !== undefined
      ? await resolveCi(context.db, patch.service, { field: 'service', classKey: 'service' })
      : null;
  const newCis = patch.cis !== undefined ? await affectedOf(context, { cis: patch.cis }) : null;
  const serviceId = service ? service.id : current.serviceId;
  const ciIds = newCis
    ? newCis.map((ci) => ci.id)
    : await currentCiIds(context, ticket.id, current.serviceId);
  const affectedIds = [...new Set([...(serviceId ? [serviceId] : []), ...ciIds])];
  const before = new Set([
    ...(current.serviceId ? [current.serviceId] : []),
    ...(await currentCiIds(context, ticket.id, current.serviceId)),
  ]);
  const affectedChanged = affectedIds.length !== before.size || affectedIds.some((id) => !before.has(id));
  const actor = actorOf(principal, requestId);
  const now = context.clock.now();
  const impact = patch.impact ?? (current.impact as Level);
  const urgency = patch.urgency ?? (current.urgency as Level);
  const priority = priorityOf(await priorityMatrix(context.db), impact, urgency);
  if (patch.impactEndedAt && new Date(patch.impactEndedAt) < current.impactStartedAt)
    throw invalidField('impactEndedAt', 'the impact cannot end before it started.');
  return withTransaction(context.db, actor, async (tx) => {
    await lockTicket(tx, ticket.id);
    await tx
      .update(incidents)
      .set({
        impact,
        urgency,
        serviceId,
        ...(patch.category !== undefined ? { category: patch.category } : {}),
        ...(patch.description !== undefined ? { description: patch.description } : {}),
        ...(patch.serviceStatus !== undefined ? { serviceStatusOverride: patch.serviceStatus } : {}),
        ...(patch.workaround !== undefined ? { workaround: patch.workaround } : {}),
        ...(patch.rootCause !== undefined ? { rootCause: patch.rootCause } : {}),
        ...(patch.impactEndedAt !== undefined
          ? { impactEndedAt: patch.impactEndedAt ? new Date(patch.impactEndedAt) : null }
          : {}),
      })
      .where(eq(incidents.ticketId, ticket.id));
    const changes: string[] = [];
    if (impact !== current.impact || urgency !== current.urgency)
      changes.push(`impact ${impact}, urgency ${urgency}: priority ${priority}`);
    if (affectedChanged) {
      const services = await setAffected(tx, ticket.id, affectedIds);
      const names = [...(await cisByIds(tx, affectedIds)).values()].map((ci) => ci.name);
      changes.push(
        `affects ${names.join(', ') || 'no CI'}; reaches ${services.map((entry) => entry.ci.name).join(', ') || 'no service'}`,
      );
    }
    if (patch.serviceStatus !== undefined && patch.serviceStatus !== current.serviceStatusOverride)
      changes.push(
        patch.serviceStatus ? `service status set to ${patch.serviceStatus}` : 'service status from priority',
      );
    if (changes.length > 0)
      await addTimeline(tx, ticket.id, { kind: 'impact', actor, at: now, body: changes.join('; ') });
    return setPriority(tx, ticket.id, priority, actor, now);
  });
}

/** The incident's CIs other than the named service. */
async function currentCiIds(
  context: AppContext,
  ticketId: string,
  serviceId: string | null,
): Promise<string[]> {
  const rows = await context.db
    .select({ ciId: incidentCis.ciId })
    .from(incidentCis)
    .where(eq(incidentCis.ticketId, ticketId));
  return rows.map((row) => row.ciId).filter((id) => id !== serviceId);
}
