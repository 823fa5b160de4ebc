// DORA's change metrics and the change mix: of the changes whose implementation ended in the range,
// how many succeeded and failed (change failure rate), the lead time from a change being raised to
// its implementation ending, and the changes raised by type, risk and service, emergencies' share.
import { param, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { invalidField } from '../../lib/errors.js';
import { cisByIds } from '../cmdb/index.js';
import { ticketsByIds } from '../tickets/index.js';
import { rangeBound } from './calendar.service.js';
import { changeServices, changes } from './changes.schema.js';

const percent = (part: number, whole: number) =>
  whole === 0 ? null : Math.round((part / whole) * 1000) / 10;

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
  return sorted[Math.max(0, index)]!;
}

const countsOf = (values: string[]) =>
  [...values.reduce((map, value) => map.set(value, (map.get(value) ?? 0) + 1), new Map<string, number>())]
    .map(([key, count]) => ({ key, count }))
    .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));

export async function changeReport(db: Queryable, fromText: string, toText: string) {
  const from = rangeBound(fromText, 'from');
  const to = rangeBound(toText, 'to');
  if (to <= from) throw invalidField('to', 'must be after from.');
  const finished = await db
    .select()
    .from(changes)
    .where(
      sql`${changes.outcome} is not null and ${changes.actualEnd} >= ${from.toISOString()}::timestamptz and ${changes.actualEnd} < ${to.toISOString()}::timestamptz`,
    );
  const tickets = await ticketsByIds(
    db,
    finished.map((row) => row.ticketId),
  );
  const successful = finished.filter(
    (row) => row.outcome === 'successful' || row.outcome === 'successful_with_issues',
  );
  const failed = finished.filter((row) => row.outcome === 'failed' || row.outcome === 'backed_out');
  const leadTimes = finished
    .flatMap((row) => {
      const ticket = tickets.get(row.ticketId);
      return ticket && row.actualEnd ? [(row.actualEnd.getTime() - ticket.createdAt.getTime()) / 1000] : [];
    })
    .sort((a, b) => a - b);
  const raised = await db
    .select({ ticketId: changes.ticketId, type: changes.type, riskLevel: changes.riskLevel })
    .from(changes)
    .where(
      sql`${changes.raisedAt} >= ${from.toISOString()}::timestamptz and ${changes.raisedAt} < ${to.toISOString()}::timestamptz`,
    );
  const serviceRows =
    raised.length > 0
      ? await db.execute<{ service_id: string }>(sql`
          select service_id from ${changeServices} where ticket_id = any(${param(raised.map((row) => row.ticketId))}::uuid[])`)
      : { rows: [] };
  const names = await cisByIds(
    db,
    serviceRows.rows.map((row) => row.service_id),
  );
  return {
    from,
    to,
    created: raised.length,
    finished: finished.length,
    successful: successful.length,
    failed: failed.length,
    successRate: percent(successful.length, finished.length),
    changeFailureRate: percent(failed.length, finished.length),
    leadTimeSeconds:
      leadTimes.length > 0
        ? { median: Math.round(quantile(leadTimes, 0.5)), p90: Math.round(quantile(leadTimes, 0.9)) }
        : null,
    emergencyShare: percent(raised.filter((row) => row.type === 'emergency').length, raised.length),
    byType: countsOf(raised.map((row) => row.type)),
    byRisk: countsOf(raised.map((row) => row.riskLevel)),
    byService: countsOf(serviceRows.rows.map((row) => names.get(row.service_id)?.name ?? row.service_id)),
  };
}
