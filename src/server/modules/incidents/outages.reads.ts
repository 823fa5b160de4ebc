// The outage record of a service for availability reports: every incident reaching it whose
// status for the service (the agent's override, else what the priority says) is an outage, with
// when its impact started and ended. Cancelled incidents (false alarms) are not outages.
import { and, eq, gt, isNull, lt, or } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import type { ServiceStatus } from '../cmdb/index.js';
import { type Priority, ticketsByIds } from '../tickets/index.js';
import { incidentServices, incidents } from './incidents.schema.js';
import { statusByPriority } from './priority.js';

export interface IncidentOutage {
  ticketId: string;
  key: string;
  status: 'major_outage' | 'partial_outage';
  startedAt: Date;
  /** Null while the impact goes on. */
  endedAt: Date | null;
}

/** Incidents with outage impact on the service that overlap [from, to). */
export async function incidentOutagesOn(
  db: Queryable,
  serviceId: string,
  from: Date,
  to: Date,
): Promise<IncidentOutage[]> {
  const rows = await db
    .select({
      ticketId: incidents.ticketId,
      priority: incidents.priority,
      override: incidents.serviceStatusOverride,
      open: incidents.open,
      startedAt: incidents.impactStartedAt,
      endedAt: incidents.impactEndedAt,
    })
    .from(incidentServices)
    .innerJoin(incidents, eq(incidents.ticketId, incidentServices.ticketId))
    .where(
      and(
        eq(incidentServices.serviceId, serviceId),
        lt(incidents.impactStartedAt, to),
        or(isNull(incidents.impactEndedAt), gt(incidents.impactEndedAt, from)),
      ),
    );
  const tickets = await ticketsByIds(
    db,
    rows.map((row) => row.ticketId),
  );
  const result: IncidentOutage[] = [];
  for (const row of rows) {
    const ticket = tickets.get(row.ticketId);
    if (!ticket || ticket.status === 'cancelled') continue;
    const status = (row.override as ServiceStatus | null) ?? statusByPriority[row.priority as Priority];
    if (status !== 'major_outage' && status !== 'partial_outage') continue;
    // Closed without a recorded end of impact: it ended when the ticket last changed status.
    const endedAt = row.endedAt ?? (row.open ? null : ticket.statusChangedAt);
    if (endedAt && endedAt.getTime() <= from.getTime()) continue;
    result.push({ ticketId: row.ticketId, key: ticket.key, status, startedAt: row.startedAt, endedAt });
  }
  return result;
}
