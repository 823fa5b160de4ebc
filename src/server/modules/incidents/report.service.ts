// The incidents report: open incidents by priority and service (live), and for incidents whose
// impact started in the range the mean time to acknowledge and to resolve per priority and per
// service; problems opened and resolved in the range.
import { and, eq, gte, inArray, lt } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { cisByIds } from '../cmdb/index.js';
import { type Priority, priorities, ticketsByIds } from '../tickets/index.js';
import { incidentServices, incidents } from './incidents.schema.js';
import { problems } from './problems.schema.js';

type Row = typeof incidents.$inferSelect;

const mean = (values: number[]) =>
  values.length ? Math.round(values.reduce((sum, value) => sum + value, 0) / values.length) : null;

function timing(rows: Row[]) {
  const seconds = (from: Date, to: Date | null) => (to ? (to.getTime() - from.getTime()) / 1000 : null);
  const acknowledged = rows.map((row) => seconds(row.impactStartedAt, row.acknowledgedAt));
  const resolved = rows.map((row) => (row.open ? null : seconds(row.impactStartedAt, row.impactEndedAt)));
  return {
    count: rows.length,
    mttaSeconds: mean(acknowledged.filter((value): value is number => value !== null)),
    mttrSeconds: mean(resolved.filter((value): value is number => value !== null)),
  };
}

async function servicesOf(db: Queryable, ticketIds: string[]) {
  if (ticketIds.length === 0) return { links: [], names: new Map<string, string>() };
  const links = await db
    .select({ ticketId: incidentServices.ticketId, serviceId: incidentServices.serviceId })
    .from(incidentServices)
    .where(inArray(incidentServices.ticketId, ticketIds));
  const cis = await cisByIds(
    db,
    links.map((link) => link.serviceId),
  );
  return { links, names: new Map([...cis].map(([id, ci]) => [id, ci.name])) };
}

/** Incidents per service name (an incident reaching several services counts for each). */
function groupByService(
  rows: Row[],
  services: { links: { ticketId: string; serviceId: string }[]; names: Map<string, string> },
): Map<string, Row[]> {
  const byId = new Map(rows.map((row) => [row.ticketId, row]));
  const grouped = new Map<string, Row[]>();
  for (const link of services.links) {
    const row = byId.get(link.ticketId);
    if (!row) continue;
    const name = services.names.get(link.serviceId) ?? '?';
    const list = grouped.get(name);
    if (list) list.push(row);
    else grouped.set(name, [row]);
  }
  return grouped;
}

const rank = (priority: string) => priorities.indexOf(priority as Priority);

export async function incidentReport(db: Queryable, range: { from: Date; to: Date }) {
  const [open, started, problemRows] = await Promise.all([
    db.select().from(incidents).where(eq(incidents.open, true)),
    db
      .select()
      .from(incidents)
      .where(and(gte(incidents.impactStartedAt, range.from), lt(incidents.impactStartedAt, range.to))),
    db.select({ id: problems.ticketId }).from(problems),
  ]);
  const openRows = open.filter((row) => row.open);
  const [openServices, startedServices, problemTickets] = await Promise.all([
    servicesOf(
      db,
      openRows.map((row) => row.ticketId),
    ),
    servicesOf(
      db,
      started.map((row) => row.ticketId),
    ),
    ticketsByIds(
      db,
      problemRows.map((row) => row.id),
    ),
  ]);
  const byServiceOpen = groupByService(openRows, openServices);
  const byServiceStarted = groupByService(started, startedServices);
  const inRange = (date: Date | null) => !!date && date >= range.from && date < range.to;
  return {
    from: range.from.toISOString(),
    to: range.to.toISOString(),
    open: {
      total: openRows.length,
      byPriority: priorities.map((priority) => ({
        priority,
        count: openRows.filter((row) => row.priority === priority).length,
      })),
      byService: [...byServiceOpen]
        .map(([service, rows]) => ({
          service,
          count: rows.length,
          worst: rows.map((row) => row.priority as Priority).sort((a, b) => rank(a) - rank(b))[0]!,
        }))
        .sort(
          (a, b) => rank(a.worst) - rank(b.worst) || b.count - a.count || a.service.localeCompare(b.service),
        ),
    },
    byPriority: priorities.map((priority) => ({
      priority,
      ...timing(started.filter((row) => row.priority === priority)),
    })),
    byService: [...byServiceStarted]
      .map(([service, rows]) => ({ service, ...timing(rows) }))
      .sort((a, b) => b.count - a.count || a.service.localeCompare(b.service)),
    problems: {
      opened: [...problemTickets.values()].filter((ticket) => inRange(ticket.createdAt)).length,
      resolved: [...problemTickets.values()].filter((ticket) => inRange(ticket.resolvedAt)).length,
    },
  };
}
