// What an incident reaches: its CIs (services included) go through the CMDB's impact analysis and
// the services found are stored with the path that makes each affected, on open and whenever the
// CIs change. The status of a service follows from the open incidents that reach it.
import { and, eq, inArray, param, sql } from 'drizzle-orm';
import type { Queryable, Tx } from '../../db/client.js';
import { type ServiceState, type ServiceStatus, servicesAffectedBy } from '../cmdb/index.js';
import type { Principal } from '../identity/index.js';
import { canSee, type Priority, ticketKeysByIds, ticketsByIds, viewerOf } from '../tickets/index.js';
import { incidentCis, incidentServices, incidents } from './incidents.schema.js';
import { statusByPriority, worstStatus } from './priority.js';

/** Replaces the incident's CIs and recomputes the services they reach. Returns the services. */
export async function setAffected(tx: Tx, ticketId: string, ciIds: readonly string[]) {
  await tx.delete(incidentCis).where(eq(incidentCis.ticketId, ticketId));
  const unique = [...new Set(ciIds)];
  if (unique.length > 0) await tx.insert(incidentCis).values(unique.map((ciId) => ({ ticketId, ciId })));
  const services = await servicesAffectedBy(tx, unique);
  await tx.delete(incidentServices).where(eq(incidentServices.ticketId, ticketId));
  if (services.length > 0) {
    await tx
      .insert(incidentServices)
      .values(
        services.map((entry) => ({ ticketId, serviceId: entry.id, depth: entry.depth, path: entry.path })),
      );
  }
  return services;
}

/**
 * Adds CIs to the incident's (event storms joining it): only the new CIs go through impact
 * analysis, and the services they reach are added to those already reached.
 */
export async function addAffected(tx: Tx, ticketId: string, ciIds: readonly string[]) {
  const added = await tx
    .insert(incidentCis)
    .values([...new Set(ciIds)].map((ciId) => ({ ticketId, ciId })))
    .onConflictDoNothing()
    .returning({ ciId: incidentCis.ciId });
  if (added.length === 0) return;
  const services = await servicesAffectedBy(
    tx,
    added.map((row) => row.ciId),
  );
  if (services.length > 0)
    await tx
      .insert(incidentServices)
      .values(
        services.map((entry) => ({ ticketId, serviceId: entry.id, depth: entry.depth, path: entry.path })),
      )
      .onConflictDoNothing();
}

/**
 * The status of services from the open incidents reaching them (the worst wins; an agent's
 * override replaces what the priority says), and the keys of those incidents the viewer may see.
 */
export async function serviceStatesFromIncidents(
  db: Queryable,
  serviceIds: readonly string[],
  viewer: Principal | null,
): Promise<Map<string, ServiceState>> {
  const result = new Map<string, ServiceState>();
  if (serviceIds.length === 0) return result;
  const rows = await db
    .select({
      serviceId: incidentServices.serviceId,
      ticketId: incidents.ticketId,
      priority: incidents.priority,
      override: incidents.serviceStatusOverride,
    })
    .from(incidentServices)
    .innerJoin(incidents, eq(incidents.ticketId, incidentServices.ticketId))
    .where(and(eq(incidents.open, true), inArray(incidentServices.serviceId, [...serviceIds])));
  const tickets = viewer
    ? await ticketsByIds(
        db,
        rows.map((row) => row.ticketId),
      )
    : new Map();
  const keys = await ticketKeysByIds(
    db,
    rows.map((row) => row.ticketId),
  );
  const visible = new Set<string>();
  if (viewer) {
    const asViewer = await viewerOf(db, viewer);
    for (const ticket of tickets.values()) if (await canSee(db, asViewer, ticket)) visible.add(ticket.id);
  }
  for (const serviceId of serviceIds) {
    const reaching = rows.filter((row) => row.serviceId === serviceId);
    if (reaching.length === 0) continue;
    const statuses = reaching.map(
      (row) => (row.override as ServiceStatus | null) ?? statusByPriority[row.priority as Priority],
    );
    result.set(serviceId, {
      status: worstStatus(statuses),
      incidents: reaching
        .filter((row) => visible.has(row.ticketId))
        .map((row) => keys.get(row.ticketId)!)
        .filter(Boolean),
    });
  }
  return result;
}

/** Open incidents on any of these services or CIs (for suggestions and known errors). */
export async function openIncidentsOn(
  db: Queryable,
  serviceIds: readonly string[],
  ciIds: readonly string[],
) {
  if (serviceIds.length === 0 && ciIds.length === 0) return [];
  const rows = await db.execute<{ ticket_id: string }>(sql`
    select i.ticket_id from ${incidents} i
     where i.open and (
       exists (select 1 from ${incidentServices} s where s.ticket_id = i.ticket_id and s.service_id = any(${param([...serviceIds])}::uuid[]))
       or exists (select 1 from ${incidentCis} c where c.ticket_id = i.ticket_id and c.ci_id = any(${param([...ciIds])}::uuid[])))`);
  return rows.rows.map((row) => row.ticket_id);
}
