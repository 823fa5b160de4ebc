// How incidents take part in the ticket core: a listener keeps the extension's copy of priority
// and openness (service status reads them) and writes status changes to the timeline; resolving a
// parent resolves its child incidents; the ticket view gets the incident's part; people following
// a service may see the incidents that reach it.

import type { AnyColumn } from 'drizzle-orm';
import { and, eq, inArray, param, sql } from 'drizzle-orm';
import { systemActor, type Tx } from '../../db/client.js';
import { cisByIds, subscribedServiceIds } from '../cmdb/index.js';
import { cachedUsersById } from '../identity/index.js';
import {
  fireTransition,
  linkedTo,
  systemRoles,
  type TicketListener,
  type TicketRow,
  type TicketViewPart,
  type TicketVisibilityRule,
} from '../tickets/index.js';
import { getWorkflow } from '../workflow/index.js';
import { incidentCis, incidentRoleAssignments, incidentServices, incidents } from './incidents.schema.js';
import { addTimeline, timelineOf } from './timeline.js';

const closedCategories = new Set(['done']);

export const incidentListener: TicketListener = async (tx, event) => {
  if (event.kind !== 'incident') return;
  if (event.type === 'ticket.transitioned') {
    const workflow = await getWorkflow(tx, 'incident');
    const status = workflow.statuses.find((candidate) => candidate.key === event.status);
    const open = !(status?.resolves || closedCategories.has(status?.category ?? ''));
    await tx
      .update(incidents)
      .set({
        open,
        priority: event.priority,
        ...(event.status === 'in_progress'
          ? { acknowledgedAt: sql`coalesce(${incidents.acknowledgedAt}, ${event.at})` }
          : {}),
        ...(event.status === 'resolved'
          ? { impactEndedAt: sql`coalesce(${incidents.impactEndedAt}, ${event.at})` }
          : {}),
        ...(event.transition === 'reopen' ? { impactEndedAt: null } : {}),
      })
      .where(eq(incidents.ticketId, event.ticketId));
    await addTimeline(tx, event.ticketId, {
      kind: 'status',
      actor: event.actor,
      at: event.at,
      visibility: 'stakeholders',
      body: `${event.from ?? 'new'} → ${event.status}`,
      data: { transition: event.transition, from: event.from, to: event.status },
    });
  } else if (event.type === 'ticket.updated' || event.type === 'ticket.assigned') {
    await tx
      .update(incidents)
      .set({
        priority: event.priority,
        ...(event.type === 'ticket.assigned' && event.assigneeId
          ? { acknowledgedAt: sql`coalesce(${incidents.acknowledgedAt}, ${event.at})` }
          : {}),
      })
      .where(eq(incidents.ticketId, event.ticketId));
  }
};

/** Effect of entering `resolved`: child incidents follow their parent (their reporters hear of it). */
export async function resolveChildren(tx: Tx, ticket: TicketRow, _actor: unknown, now: Date): Promise<void> {
  const children = await linkedTo(tx, ticket.id, 'child_of');
  const actor = systemActor('incidents');
  for (const child of children) {
    const workflow = await getWorkflow(tx, child.workflowKey);
    const resolve = workflow.transitions.find(
      (transition) =>
        transition.name === 'resolve' &&
        transition.from.includes(child.status) &&
        transition.actors.includes('system'),
    );
    if (!resolve) continue;
    await fireTransition(tx, {
      ticket: child,
      name: 'resolve',
      actor,
      roles: systemRoles,
      now,
      comment: { body: `Resolved with ${ticket.key}: ${ticket.title}.`, internal: false, kind: 'resolution' },
    });
  }
}

export const incidentViewPart: TicketViewPart = {
  name: 'incident',
  kinds: ['incident'],
  async load(db, ticket, viewer) {
    const [incident] = await db.select().from(incidents).where(eq(incidents.ticketId, ticket.id));
    if (!incident) return {};
    const [ciRows, serviceRows, roles, timeline] = await Promise.all([
      db.select().from(incidentCis).where(eq(incidentCis.ticketId, ticket.id)),
      db.select().from(incidentServices).where(eq(incidentServices.ticketId, ticket.id)),
      db
        .select()
        .from(incidentRoleAssignments)
        .where(
          and(
            eq(incidentRoleAssignments.ticketId, ticket.id),
            sql`${incidentRoleAssignments.renouncedAt} is null`,
          ),
        ),
      timelineOf(db, ticket.id),
    ]);
    const cis = await cisByIds(db, [
      ...ciRows.map((row) => row.ciId),
      ...serviceRows.map((row) => row.serviceId),
    ]);
    const people = await cachedUsersById(
      db,
      roles.map((role) => role.userId),
    );
    const internal = viewer.principal.permissions.has('ticket:comment:internal');
    return {
      incident: {
        description: incident.description,
        impact: incident.impact,
        urgency: incident.urgency,
        category: incident.category,
        source: incident.source,
        major: incident.major,
        majorDeclaredAt: incident.majorDeclaredAt,
        majorReason: incident.majorReason,
        serviceStatusOverride: incident.serviceStatusOverride,
        impactStartedAt: incident.impactStartedAt,
        acknowledgedAt: incident.acknowledgedAt,
        impactEndedAt: incident.impactEndedAt,
        workaround: incident.workaround,
        rootCause: incident.rootCause,
        nextUpdateDueAt: incident.nextUpdateDueAt,
        roles: roles.map((role) => ({
          role: role.role,
          user: {
            id: role.userId,
            displayName: people.get(role.userId)?.displayName ?? 'Unknown user',
            email: people.get(role.userId)?.email ?? '',
          },
          since: role.assumedAt,
        })),
        timeline: timeline
          .filter((entry) => internal || entry.visibility !== 'internal')
          .map((entry) => ({
            id: entry.id,
            at: entry.at,
            kind: entry.kind,
            visibility: entry.visibility,
            author: entry.actorLabel,
            body: entry.body,
            data: entry.data,
          })),
      },
      services: serviceRows
        .map((row) => ({
          id: row.serviceId,
          name: cis.get(row.serviceId)?.name ?? '',
          depth: row.depth,
          path: row.path,
        }))
        .sort((a, b) => a.depth - b.depth || a.name.localeCompare(b.name)),
      cis: ciRows.map((row) => {
        const ci = cis.get(row.ciId);
        return { id: row.ciId, class: ci?.classKey ?? '', name: ci?.name ?? '' };
      }),
    };
  },
};

/** People following a service may see the incidents that reach it (seed 002 steps 4–5). */
export const serviceFollowersSeeIncidents: TicketVisibilityRule = {
  name: 'service followers see its incidents',
  async condition(db, viewer, ticket: { id: AnyColumn; kind: AnyColumn }) {
    const followed = await subscribedServiceIds(db, viewer.principal.user.id);
    if (followed.length === 0) return undefined;
    return sql`(${ticket.kind} = 'incident' and exists (select 1 from ${incidentServices} s
      where s.ticket_id = ${ticket.id} and s.service_id = any(${param(followed)}::uuid[])))`;
  },
  async allows(db, viewer, ticket) {
    if (ticket.kind !== 'incident') return false;
    const followed = await subscribedServiceIds(db, viewer.principal.user.id);
    if (followed.length === 0) return false;
    const rows = await db
      .select({ id: incidentServices.serviceId })
      .from(incidentServices)
      .where(and(eq(incidentServices.ticketId, ticket.id), inArray(incidentServices.serviceId, followed)))
      .limit(1);
    return rows.length > 0;
  },
};
