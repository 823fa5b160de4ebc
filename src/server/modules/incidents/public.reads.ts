// What the public status page may say about incidents: only incidents someone published (at least
// one update with visibility `public`), only their public updates (internal notes and stakeholder
// updates never leave), and the services they reach. Read by the status page through the entry.
import { and, asc, eq, gte, inArray, or, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { ticketsByIds } from '../tickets/index.js';
import { incidentServices, incidents, incidentTimeline } from './incidents.schema.js';
import type { publicStatuses } from './major.service.js';

export type PublicIncidentStatus = (typeof publicStatuses)[number];

export interface PublicIncidentUpdate {
  id: number;
  at: Date;
  body: string;
  status: PublicIncidentStatus;
}

export interface PublicIncident {
  ticketId: string;
  key: string;
  title: string;
  priority: string;
  open: boolean;
  /** The latest public update's status; `resolved` once the incident is no longer open. */
  status: PublicIncidentStatus;
  createdAt: Date;
  updatedAt: Date;
  resolvedAt: Date | null;
  impactStartedAt: Date;
  serviceIds: string[];
  serviceStatusOverride: string | null;
  /** Public updates, oldest first. */
  updates: PublicIncidentUpdate[];
}

/**
 * Published incidents that are open, or were opened or resolved since `since` (the history), or
 * have one of `keys`. Newest first.
 */
export async function publishedIncidents(
  db: Queryable,
  options: { since?: Date; keys?: readonly string[] } = {},
): Promise<PublicIncident[]> {
  const published = sql`exists (select 1 from ${incidentTimeline} t where t.ticket_id = ${incidents.ticketId} and t.visibility = 'public')`;
  const scope = options.keys
    ? undefined
    : options.since
      ? or(eq(incidents.open, true), gte(incidents.impactStartedAt, options.since))
      : eq(incidents.open, true);
  const rows = await db.select().from(incidents).where(and(published, scope));
  const tickets = await ticketsByIds(
    db,
    rows.map((row) => row.ticketId),
  );
  const wanted = rows.filter(
    (row) => !options.keys || options.keys.includes(tickets.get(row.ticketId)?.key ?? ''),
  );
  if (wanted.length === 0) return [];
  const ids = wanted.map((row) => row.ticketId);
  const [updates, services] = await Promise.all([
    db
      .select()
      .from(incidentTimeline)
      .where(and(inArray(incidentTimeline.ticketId, ids), eq(incidentTimeline.visibility, 'public')))
      .orderBy(asc(incidentTimeline.at), asc(incidentTimeline.id)),
    db.select().from(incidentServices).where(inArray(incidentServices.ticketId, ids)),
  ]);
  const result: PublicIncident[] = [];
  for (const row of wanted) {
    const ticket = tickets.get(row.ticketId);
    if (!ticket) continue;
    const own = updates
      .filter((update) => update.ticketId === row.ticketId)
      .map((update) => ({
        id: update.id,
        at: update.at,
        body: update.body,
        status: (((update.data as { status?: string } | null)?.status as PublicIncidentStatus | null) ??
          'investigating') as PublicIncidentStatus,
      }));
    const last = own.at(-1);
    const resolvedAt = row.open
      ? null
      : (row.impactEndedAt ?? ticket.resolvedAt ?? last?.at ?? ticket.updatedAt);
    result.push({
      ticketId: row.ticketId,
      key: ticket.key,
      title: ticket.title,
      priority: row.priority,
      open: row.open,
      status: row.open ? (last?.status ?? 'investigating') : 'resolved',
      createdAt: row.impactStartedAt,
      updatedAt: last && last.at > ticket.updatedAt ? last.at : ticket.updatedAt,
      resolvedAt,
      impactStartedAt: row.impactStartedAt,
      serviceIds: services
        .filter((service) => service.ticketId === row.ticketId)
        .map((service) => service.serviceId),
      serviceStatusOverride: row.serviceStatusOverride,
      updates: own,
    });
  }
  return result.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
}
