// The heat map (seed 004: "instantly show where alerts are being raised"): alert counts over a
// period by site, service or CI class (rows) × service, CI class or severity (columns), from the
// alerts kept and the day summaries of those pruned.
import { and, gte, lt, sql } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { invalidField } from '../../lib/errors.js';
import { cisByIds } from '../cmdb/index.js';
import { alertDaySummaries, alerts } from './events.schema.js';

export type HeatAxis = 'site' | 'service' | 'ci_class' | 'severity';

interface Group {
  siteId: string | null;
  serviceId: string | null;
  ciId: string | null;
  severity: string;
  count: number;
}

const severityOrder = ['critical', 'major', 'minor', 'warning', 'info'];

export async function heatmap(
  context: AppContext,
  query: { from: string; to: string; rows: HeatAxis; columns: HeatAxis },
) {
  const from = new Date(query.from);
  const to = new Date(query.to);
  if (to <= from) throw invalidField('to', 'must be after from.');
  if (query.rows === query.columns) throw invalidField('columns', 'must differ from rows.');
  const live = await context.db
    .select({
      siteId: alerts.siteId,
      serviceId: alerts.serviceId,
      ciId: alerts.ciId,
      severity: alerts.severity,
      count: sql<number>`count(*)::int`,
    })
    .from(alerts)
    .where(and(gte(alerts.firstSeenAt, from), lt(alerts.firstSeenAt, to)))
    .groupBy(alerts.siteId, alerts.serviceId, alerts.ciId, alerts.severity);
  const pruned = await context.db
    .select({
      siteId: alertDaySummaries.siteId,
      serviceId: alertDaySummaries.serviceId,
      ciId: alertDaySummaries.ciId,
      severity: alertDaySummaries.severity,
      count: sql<number>`sum(${alertDaySummaries.alerts})::int`,
    })
    .from(alertDaySummaries)
    .where(
      and(
        gte(alertDaySummaries.day, from.toISOString().slice(0, 10)),
        lt(alertDaySummaries.day, to.toISOString().slice(0, 10)),
      ),
    )
    .groupBy(
      alertDaySummaries.siteId,
      alertDaySummaries.serviceId,
      alertDaySummaries.ciId,
      alertDaySummaries.severity,
    );
  const groups: Group[] = [...live, ...pruned];
  const cis = await cisByIds(
    context.db,
    groups
      .flatMap((group) => [group.siteId, group.serviceId, group.ciId])
      .filter((id): id is string => Boolean(id)),
  );
  const keyOf = (group: Group, axis: HeatAxis): { id: string | null; name: string } => {
    if (axis === 'severity') return { id: group.severity, name: group.severity };
    if (axis === 'ci_class') {
      const ci = group.ciId ? cis.get(group.ciId) : undefined;
      return { id: ci?.classKey ?? null, name: ci?.classKey ?? '(unbound)' };
    }
    const id = axis === 'site' ? group.siteId : group.serviceId;
    const ci = id ? cis.get(id) : undefined;
    return { id: ci?.id ?? null, name: ci?.name ?? (axis === 'site' ? '(no site)' : '(no service)') };
  };
  const rows = new Map<string, { id: string | null; name: string }>();
  const columns = new Map<string, { id: string | null; name: string }>();
  const counts = new Map<string, number>();
  for (const group of groups) {
    const row = keyOf(group, query.rows);
    const column = keyOf(group, query.columns);
    rows.set(String(row.id), row);
    columns.set(String(column.id), column);
    const cell = `${row.id}\u0000${column.id}`;
    counts.set(cell, (counts.get(cell) ?? 0) + group.count);
  }
  const byName = (a: { id: string | null; name: string }, b: { id: string | null; name: string }) =>
    a.id === null ? 1 : b.id === null ? -1 : a.name.localeCompare(b.name);
  const rowList = [...rows.values()].sort(byName);
  const columnList = [...columns.values()].sort(
    query.columns === 'severity'
      ? (a, b) => severityOrder.indexOf(a.name) - severityOrder.indexOf(b.name)
      : byName,
  );
  const cells = [];
  let max = 0;
  for (const [r, row] of rowList.entries())
    for (const [c, column] of columnList.entries()) {
      const count = counts.get(`${row.id}\u0000${column.id}`);
      if (!count) continue;
      cells.push({ row: r, column: c, count });
      max = Math.max(max, count);
    }
  return { rows: rowList, columns: columnList, cells, max };
}
