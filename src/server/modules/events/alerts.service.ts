// The event console's reads and writes: alerts filtered by service, CI, site, severity, status,
// incident; one alert with its occurrence history and its incident's probable root cause;
// acknowledging, linking to an incident by hand.
import { and, asc, desc, eq, gte, ilike, inArray, isNull, lt, ne, or, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { alertsQuery } from '../../../shared/api/events.js';
import type { AppContext } from '../../context.js';
import { type Actor, withTransaction } from '../../db/client.js';
import { invalidField, notFound } from '../../lib/errors.js';
import { cisByIds, resolveCi } from '../cmdb/index.js';
import { addAffected, addTimeline } from '../incidents/index.js';
import { findTicketByKey, ticketKeysByIds } from '../tickets/index.js';
import { alertOccurrences, alerts, eventIncidents, eventIntegrations } from './events.schema.js';

export type AlertRow = typeof alerts.$inferSelect;

export async function searchAlerts(context: AppContext, query: z.output<typeof alertsQuery>) {
  const conditions: (SQL | undefined)[] = [];
  if (query.status) conditions.push(eq(alerts.status, query.status));
  if (query.open === 'true') conditions.push(ne(alerts.status, 'resolved'));
  if (query.open === 'false') conditions.push(eq(alerts.status, 'resolved'));
  if (query.severity) conditions.push(eq(alerts.severity, query.severity));
  if (query.unbound === 'true') conditions.push(isNull(alerts.ciId));
  if (query.service)
    conditions.push(
      eq(
        alerts.serviceId,
        (await resolveCi(context.db, query.service, { field: 'service', classKey: 'service' })).id,
      ),
    );
  if (query.ci) conditions.push(eq(alerts.ciId, (await resolveCi(context.db, query.ci, { field: 'ci' })).id));
  if (query.site)
    conditions.push(
      eq(alerts.siteId, (await resolveCi(context.db, query.site, { field: 'site', classKey: 'site' })).id),
    );
  if (query.incident) {
    const ticket = await findTicketByKey(context, query.incident);
    if (!ticket) throw invalidField('incident', `there is no ticket ${query.incident}.`);
    conditions.push(eq(alerts.incidentId, ticket.id));
  }
  if (query.q) {
    const words = `%${query.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    conditions.push(or(ilike(alerts.summary, words), ilike(alerts.fingerprint, words)));
  }
  if (query.from) conditions.push(gte(alerts.lastSeenAt, new Date(query.from)));
  if (query.to) conditions.push(lt(alerts.firstSeenAt, new Date(query.to)));
  return context.db
    .select()
    .from(alerts)
    .where(and(...conditions))
    .orderBy(desc(alerts.lastSeenAt), desc(alerts.id))
    .limit(query.limit);
}

export async function getAlert(context: AppContext, id: string): Promise<AlertRow> {
  const [row] = await context.db.select().from(alerts).where(eq(alerts.id, id));
  if (!row) throw notFound(`The alert ${id}`);
  return row;
}

export async function alertHistory(context: AppContext, id: string) {
  return context.db
    .select()
    .from(alertOccurrences)
    .where(eq(alertOccurrences.alertId, id))
    .orderBy(asc(alertOccurrences.at), asc(alertOccurrences.id))
    .limit(500);
}

export async function rootCauseOf(context: AppContext, incidentId: string | null) {
  if (!incidentId) return null;
  const [row] = await context.db.select().from(eventIncidents).where(eq(eventIncidents.ticketId, incidentId));
  if (!row?.rootCiId) return null;
  return (await cisByIds(context.db, [row.rootCiId])).get(row.rootCiId) ?? null;
}

export async function acknowledge(context: AppContext, actor: Actor, userId: string, id: string) {
  const alert = await getAlert(context, id);
  if (alert.status === 'resolved')
    throw invalidField('id', 'a resolved alert cannot be acknowledged.', 'alert_resolved');
  await withTransaction(context.db, actor, (tx) =>
    tx
      .update(alerts)
      .set({ status: 'acknowledged', acknowledgedAt: context.clock.now(), acknowledgedBy: userId })
      .where(eq(alerts.id, id)),
  );
  return getAlert(context, id);
}

export async function linkToIncident(context: AppContext, actor: Actor, id: string, key: string) {
  const alert = await getAlert(context, id);
  const ticket = await findTicketByKey(context, key);
  if (ticket?.kind !== 'incident') throw invalidField('incident', `there is no incident ${key}.`);
  const now = context.clock.now();
  await withTransaction(context.db, actor, async (tx) => {
    await tx.update(alerts).set({ incidentId: ticket.id }).where(eq(alerts.id, id));
    if (alert.ciId) await addAffected(tx, ticket.id, [alert.ciId]);
    await addTimeline(tx, ticket.id, {
      kind: 'alert',
      actor,
      at: now,
      body: `Alert linked by ${actor.label}: ${alert.summary} (${alert.severity}).`,
      data: { alertId: alert.id },
    });
  });
  return getAlert(context, id);
}

/** The API shape of alerts: CIs, integration and incident keys looked up once per page. */
export async function alertsToApi(context: AppContext, rows: AlertRow[]) {
  const ciIds = rows
    .flatMap((row) => [row.ciId, row.serviceId, row.siteId])
    .filter((id): id is string => Boolean(id));
  const cis = await cisByIds(context.db, ciIds);
  const keys = await ticketKeysByIds(
    context.db,
    rows.map((row) => row.incidentId).filter((id): id is string => Boolean(id)),
  );
  const integrationIds = [...new Set(rows.map((row) => row.integrationId))];
  const integrations = integrationIds.length
    ? await context.db.select().from(eventIntegrations).where(inArray(eventIntegrations.id, integrationIds))
    : [];
  const brief = (id: string | null) => {
    const ci = id ? cis.get(id) : undefined;
    return ci ? { id: ci.id, class: ci.classKey, name: ci.name } : null;
  };
  return rows.map((row) => {
    const integration = integrations.find((entry) => entry.id === row.integrationId)!;
    return {
      id: row.id,
      fingerprint: row.fingerprint,
      integration: { id: integration.id, kind: integration.kind, name: integration.name },
      status: row.status,
      severity: row.severity,
      summary: row.summary,
      description: row.description,
      labels: row.labels,
      occurrences: row.occurrences,
      flapping: row.flapping,
      ci: brief(row.ciId),
      service: brief(row.serviceId),
      site: brief(row.siteId),
      incident: row.incidentId ? (keys.get(row.incidentId) ?? null) : null,
      firstSeenAt: row.firstSeenAt,
      lastSeenAt: row.lastSeenAt,
      resolvedAt: row.resolvedAt,
      acknowledgedAt: row.acknowledgedAt,
      suppressedBy: row.suppressedBy,
    };
  });
}
