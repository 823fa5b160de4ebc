// Major incidents: declared (and undeclared) with a reason; roles (commander, communications
// officer, scribe) held by people who can work incidents, handed over with times kept; updates to
// stakeholders sent from one place to the mailing lists of the incident's services and regions and
// to the services' followers, with the next update promised and its author reminded when it is due.
import { and, eq, isNull } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { systemActor, type Tx, withTransaction } from '../../db/client.js';
import { conflict, DomainError, forbidden, invalidField } from '../../lib/errors.js';
import { cisByIds, subscribersOf } from '../cmdb/index.js';
import {
  actorOf,
  cachedUsersById,
  findUserByEmail,
  getUser,
  type Principal,
  rolePermissions,
} from '../identity/index.js';
import { communicate, tellInApp, ticketUrl } from '../notifications/index.js';
import {
  addParticipants,
  deactivateParticipants,
  lockTicket,
  rolesOf,
  type TicketRow,
  ticketForCaller,
  ticketsByIds,
} from '../tickets/index.js';
import { incidentJobs } from './incidents.jobs.js';
import {
  type IncidentRole,
  incidentRoleAssignments,
  incidentServices,
  incidents,
} from './incidents.schema.js';
import { addTimeline } from './timeline.js';

async function agentOn(context: AppContext, principal: Principal, key: string) {
  const { ticket, viewer } = await ticketForCaller(context, principal, key);
  if (ticket.kind !== 'incident')
    throw invalidField('key', `${ticket.key} is not an incident.`, 'not_an_incident');
  const roles = await rolesOf(context.db, viewer, ticket);
  if (!roles.has('agent'))
    throw forbidden(`Only agents who work on ${ticket.key} may do this.`, 'not_an_agent');
  return ticket;
}

export async function declareMajor(
  context: AppContext,
  principal: Principal,
  key: string,
  input: { major: boolean; reason: string },
  requestId?: string,
): Promise<TicketRow> {
  const ticket = await agentOn(context, principal, key);
  const actor = actorOf(principal, requestId);
  const now = context.clock.now();
  return withTransaction(context.db, actor, async (tx) => {
    const locked = await lockTicket(tx, ticket.id);
    const [current] = await tx.select().from(incidents).where(eq(incidents.ticketId, ticket.id));
    if (current!.major === input.major)
      throw conflict('unchanged', `${ticket.key} is ${input.major ? 'already' : 'not'} a major incident.`);
    await tx
      .update(incidents)
      .set(
        input.major
          ? { major: true, majorDeclaredAt: now, majorReason: input.reason }
          : { major: false, majorReason: input.reason },
      )
      .where(eq(incidents.ticketId, ticket.id));
    await addTimeline(tx, ticket.id, {
      kind: 'major',
      actor,
      at: now,
      visibility: 'stakeholders',
      body: `${input.major ? 'Declared a major incident' : 'No longer a major incident'}: ${input.reason}`,
    });
    return locked;
  });
}

const roleNames: Record<IncidentRole, string> = {
  commander: 'incident commander',
  communications: 'communications officer',
  scribe: 'scribe',
};

/** Gives a role to a person who can work incidents (or ends it with null), keeping who held it when. */
export async function assignRole(
  context: AppContext,
  principal: Principal,
  key: string,
  role: IncidentRole,
  userRef: string | null,
  requestId?: string,
): Promise<TicketRow> {
  const ticket = await agentOn(context, principal, key);
  let userId: string | null = null;
  if (userRef) {
    const user =
      userRef === 'me'
        ? await getUser(context.db, principal.user.id)
        : /^[0-9a-f-]{36}$/i.test(userRef)
          ? await getUser(context.db, userRef).catch(() => undefined)
          : await findUserByEmail(context.db, userRef);
    if (!user?.active) throw invalidField('user', `there is no active user ${userRef}.`, 'unknown_user');
    if (!rolePermissions[user.role].has('ticket:work'))
      throw invalidField('user', `${user.displayName} cannot work incidents (not an agent).`, 'not_an_agent');
    userId = user.id;
  }
  const actor = actorOf(principal, requestId);
  const now = context.clock.now();
  return withTransaction(context.db, actor, async (tx) => {
    const locked = await lockTicket(tx, ticket.id);
    const [holder] = await tx
      .select()
      .from(incidentRoleAssignments)
      .where(
        and(
          eq(incidentRoleAssignments.ticketId, ticket.id),
          eq(incidentRoleAssignments.role, role),
          isNull(incidentRoleAssignments.renouncedAt),
        ),
      );
    if (holder?.userId === userId) return locked;
    if (holder) {
      await tx
        .update(incidentRoleAssignments)
        .set({ renouncedAt: now })
        .where(eq(incidentRoleAssignments.id, holder.id));
      await deactivateParticipants(tx, ticket.id, `responder:${role}`, [holder.userId]);
    }
    if (userId) {
      await tx.insert(incidentRoleAssignments).values({ ticketId: ticket.id, role, userId, assumedAt: now });
      await addParticipants(tx, ticket.id, [userId], `responder:${role}`, now);
    }
    const people = await cachedUsersById(
      tx,
      [userId, holder?.userId].filter((id): id is string => !!id),
    );
    const name = (id: string | null | undefined) =>
      id ? (people.get(id)?.displayName ?? 'someone') : 'nobody';
    await addTimeline(tx, ticket.id, {
      kind: 'role',
      actor,
      at: now,
      body: holder
        ? `${roleNames[role]}: ${name(holder.userId)} handed over to ${name(userId)}`
        : `${name(userId)} is ${roleNames[role]}`,
      data: { role, userId, previous: holder?.userId ?? null },
    });
    return locked;
  });
}

export const publicStatuses = ['investigating', 'identified', 'monitoring', 'resolved'] as const;

export interface UpdateInput {
  body: string;
  /** internal: a note for responders; stakeholders: sent to the lists and followers; public: also on the status page. */
  visibility: 'internal' | 'stakeholders' | 'public';
  /** Where things stand, in the status page's words. */
  status?: (typeof publicStatuses)[number] | undefined;
  /** When the next update is promised (major incidents remind the communications officer then). */
  nextUpdateInMinutes?: number | undefined;
}

const serviceStatusOf: Record<string, 'degraded_performance' | 'partial_outage' | 'major_outage'> = {
  critical: 'major_outage',
  high: 'partial_outage',
};

/**
 * Posts to the timeline; an update for stakeholders is also sent as an incident communication to
 * the lists matching the incident's services and regions and to those services' followers.
 */
export async function postUpdate(
  context: AppContext,
  principal: Principal,
  key: string,
  input: UpdateInput,
  requestId?: string,
) {
  const ticket = await agentOn(context, principal, key);
  const actor = actorOf(principal, requestId);
  const now = context.clock.now();
  const [incident] = await context.db.select().from(incidents).where(eq(incidents.ticketId, ticket.id));
  const nextUpdateDueAt = input.nextUpdateInMinutes
    ? new Date(now.getTime() + input.nextUpdateInMinutes * 60_000)
    : null;
  if (input.visibility !== 'internal') {
    const serviceRows = await context.db
      .select({ id: incidentServices.serviceId })
      .from(incidentServices)
      .where(eq(incidentServices.ticketId, ticket.id));
    const services = [
      ...(
        await cisByIds(
          context.db,
          serviceRows.map((row) => row.id),
        )
      ).values(),
    ];
    const regions = [
      ...new Set(
        services.flatMap((service) =>
          Array.isArray(service.attributes.regions) ? service.attributes.regions : [],
        ),
      ),
    ].map(String);
    const status = input.status ?? 'investigating';
    const phase =
      status === 'resolved'
        ? 'resolved'
        : incident!.lastCommunicationPhase === 'none'
          ? 'started'
          : 'updated';
    // A public update has the status page as its audience: no mailing list needs to cover it.
    const tolerateNoAudience = (error: unknown) => {
      if (input.visibility === 'public' && error instanceof DomainError && error.code === 'no_audience')
        return;
      throw error;
    };
    await communicate(
      context,
      principal,
      {
        reference: ticket.key,
        phase,
        title: ticket.title,
        description: incident!.description || ticket.title,
        status,
        serviceStatus:
          (incident!.serviceStatusOverride as 'major_outage' | null) ??
          serviceStatusOf[ticket.priority] ??
          'degraded_performance',
        impact: ticket.priority === 'critical' ? 'critical' : ticket.priority === 'high' ? 'major' : 'minor',
        regions,
        services: services.map((service) => service.name),
        components: [],
        impactStart: incident!.impactStartedAt.toISOString(),
        impactEnd: status === 'resolved' ? (incident!.impactEndedAt ?? now).toISOString() : null,
        workaround: incident!.workaround,
        rootCause: incident!.rootCause,
        nextUpdateAt: nextUpdateDueAt?.toISOString() ?? null,
        message: input.body,
        mailingListIds: null,
        recipientUserIds: await subscribersOf(
          context.db,
          services.map((service) => service.id),
        ),
      },
      requestId,
    ).catch(tolerateNoAudience);
  }
  await withTransaction(context.db, actor, async (tx) => {
    await lockTicket(tx, ticket.id);
    await addTimeline(tx, ticket.id, {
      kind: input.visibility === 'internal' ? 'note' : 'update',
      actor,
      at: now,
      visibility: input.visibility,
      body: input.body,
      data: { status: input.status ?? null },
    });
    // An internal note keeps the promise made to stakeholders; an update makes a new one.
    if (input.visibility !== 'internal') {
      await tx
        .update(incidents)
        .set({
          nextUpdateDueAt,
          lastCommunicationPhase: input.status === 'resolved' ? 'resolved' : 'updated',
        })
        .where(eq(incidents.ticketId, ticket.id));
    }
    if (input.visibility !== 'internal') await scheduleUpdateReminder(tx, ticket.id, nextUpdateDueAt);
  });
}

async function scheduleUpdateReminder(tx: Tx, ticketId: string, dueAt: Date | null): Promise<void> {
  if (!dueAt) return;
  await incidentJobs.enqueue(
    tx,
    'incidents.updateDue',
    { ticketId, dueAt: dueAt.toISOString() },
    { runAt: dueAt, jobKey: `incident-update-due:${ticketId}` },
  );
}

/** The reminder job: the promised update is due and none came; tell the communications officer. */
export async function remindUpdateDue(context: AppContext, ticketId: string, dueAt: string): Promise<void> {
  const actor = systemActor('incidents');
  const now = context.clock.now();
  await withTransaction(context.db, actor, async (tx) => {
    const [incident] = await tx.select().from(incidents).where(eq(incidents.ticketId, ticketId));
    if (!incident?.open || incident.nextUpdateDueAt?.toISOString() !== dueAt) return;
    const [officer] = await tx
      .select()
      .from(incidentRoleAssignments)
      .where(
        and(
          eq(incidentRoleAssignments.ticketId, ticketId),
          eq(incidentRoleAssignments.role, 'communications'),
          isNull(incidentRoleAssignments.renouncedAt),
        ),
      );
    await addTimeline(tx, ticketId, {
      kind: 'note',
      actor,
      at: now,
      body: 'The next update to stakeholders is due now.',
      data: { reminder: true, to: officer?.userId ?? null },
    });
    const [ticket] = (await ticketsByIds(tx, [ticketId])).values();
    if (officer && ticket) {
      await tellInApp(tx, {
        userIds: [officer.userId],
        ticketId,
        event: 'incident.update_due',
        title: `The next update of ${ticket.key} is due: ${ticket.title}`,
        url: ticketUrl(context.config.publicUrl, ticket.key),
        dedupeKey: `incident-update-due:${ticketId}:${dueAt}`,
      });
    }
  });
}
