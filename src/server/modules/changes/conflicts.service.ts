// Conflicts of a change's planned window, each explained: another active change on the same CI or
// on a CI related to it through the dependency graph (both ways, a few hops), a freeze window
// global or on a service it reaches, or work outside a reached service's maintenance window.
// Overlaps are found in SQL over the change's CIs (indexed) and the ranges (GiST on tstzrange).
import { and, eq, inArray, param, sql } from 'drizzle-orm';
import type { conflictKinds } from '../../../shared/api/changes.js';
import type { Queryable } from '../../db/client.js';
import { cisByIds, neighbourhood } from '../cmdb/index.js';
import { ticketKeysByIds } from '../tickets/index.js';
import {
  changeActiveStatuses,
  changeCis,
  changeFreezes,
  changeMaintenanceWindows,
  changeServices,
  changes,
} from './changes.schema.js';
import { formatWindow, insideMaintenance, type Range } from './windows.js';

export interface Conflict {
  kind: (typeof conflictKinds)[number];
  message: string;
  change: string | null;
  freeze: string | null;
  ci: string | null;
}

/** How far along the dependency graph (each way) another change's CI still collides. */
export const relatedDepth = 3;

export interface ConflictSubject {
  /** The change itself (left out of the overlaps), when it exists. */
  ticketId?: string | undefined;
  ciIds: readonly string[];
  /** Services the change reaches (for freezes and maintenance windows). */
  serviceIds: readonly string[];
  range: Range;
}

const fmt = (date: Date) => date.toISOString().slice(0, 16).replace('T', ' ');

export async function detectConflicts(db: Queryable, subject: ConflictSubject): Promise<Conflict[]> {
  const { range } = subject;
  const related = await neighbourhood(db, subject.ciIds, relatedDepth);
  const all = [...new Set([...subject.ciIds, ...related.keys()])];
  const found: Conflict[] = [];
  if (all.length > 0) {
    const rows = await db.execute<{
      ticket_id: string;
      ci_id: string;
      planned_start: Date;
      planned_end: Date;
    }>(sql`
      select cc.ticket_id, cc.ci_id, c.planned_start, c.planned_end
        from ${changeCis} cc join ${changes} c on c.ticket_id = cc.ticket_id
       where cc.ci_id = any(${param(all)}::uuid[])
         and c.status = any(${param([...changeActiveStatuses])}::text[])
         and tstzrange(c.planned_start, c.planned_end, '[)') && tstzrange(${range.start.toISOString()}::timestamptz, ${range.end.toISOString()}::timestamptz, '[)')
         ${subject.ticketId ? sql`and c.ticket_id <> ${subject.ticketId}::uuid` : sql``}
       order by c.planned_start, cc.ticket_id
       limit 200`);
    const keys = await ticketKeysByIds(
      db,
      rows.rows.map((row) => row.ticket_id),
    );
    const names =
      rows.rows.length > 0
        ? await cisByIds(db, [...subject.ciIds, ...rows.rows.map((row) => row.ci_id)])
        : new Map();
    const seen = new Set<string>();
    for (const row of rows.rows) {
      if (seen.has(row.ticket_id)) continue;
      seen.add(row.ticket_id);
      const key = keys.get(row.ticket_id) ?? '?';
      const when = `${fmt(new Date(row.planned_start))}–${fmt(new Date(row.planned_end))} UTC`;
      const other = names.get(row.ci_id)?.name ?? row.ci_id;
      const link = related.get(row.ci_id);
      if (!link) {
        found.push({
          kind: 'ci',
          message: `${key} also works on ${other}, ${when}.`,
          change: key,
          freeze: null,
          ci: row.ci_id,
        });
      } else {
        const mine = names.get(link.via)?.name ?? link.via;
        found.push({
          kind: 'related_ci',
          message:
            link.direction === 'down'
              ? `${key} works on ${other}, which depends on ${mine}, ${when}.`
              : `${key} works on ${other}, which ${mine} depends on, ${when}.`,
          change: key,
          freeze: null,
          ci: row.ci_id,
        });
      }
    }
  }
  const freezes = await db
    .select()
    .from(changeFreezes)
    .where(
      and(
        sql`tstzrange(${changeFreezes.startsAt}, ${changeFreezes.endsAt}, '[)') && tstzrange(${range.start.toISOString()}::timestamptz, ${range.end.toISOString()}::timestamptz, '[)')`,
        subject.serviceIds.length > 0
          ? sql`(${changeFreezes.serviceId} is null or ${changeFreezes.serviceId} = any(${param([...subject.serviceIds])}::uuid[]))`
          : sql`${changeFreezes.serviceId} is null`,
      ),
    );
  const windows =
    subject.serviceIds.length > 0
      ? await db
          .select()
          .from(changeMaintenanceWindows)
          .where(inArray(changeMaintenanceWindows.serviceId, [...subject.serviceIds]))
      : [];
  const named = [
    ...windows.map((window) => window.serviceId),
    ...freezes.flatMap((freeze) => (freeze.serviceId ? [freeze.serviceId] : [])),
  ];
  const serviceNames = named.length > 0 ? await cisByIds(db, named) : new Map();
  for (const freeze of freezes) {
    const scope = freeze.serviceId ? `on ${serviceNames.get(freeze.serviceId)?.name}` : 'on every service';
    found.push({
      kind: 'freeze',
      message: `Freeze "${freeze.name}" ${scope}, ${fmt(freeze.startsAt)}–${fmt(freeze.endsAt)} UTC${freeze.reason ? `: ${freeze.reason}` : ''}.`,
      change: null,
      freeze: freeze.id,
      ci: freeze.serviceId,
    });
  }
  if (windows.length > 0) {
    const byService = new Map<string, typeof windows>();
    for (const window of windows)
      byService.set(window.serviceId, [...(byService.get(window.serviceId) ?? []), window]);
    for (const [serviceId, own] of byService) {
      if (insideMaintenance(range, own)) continue;
      found.push({
        kind: 'outside_maintenance',
        message: `Outside the maintenance windows of ${serviceNames.get(serviceId)?.name}: ${own.map(formatWindow).join('; ')}.`,
        change: null,
        freeze: null,
        ci: serviceId,
      });
    }
  }
  return found;
}

/** The conflicts of a stored change, for its current planned window. */
export async function conflictsOfChange(db: Queryable, ticketId: string): Promise<Conflict[]> {
  const [row] = await db.select().from(changes).where(eq(changes.ticketId, ticketId));
  if (!row) return [];
  const ciRows = await db
    .select({ ciId: changeCis.ciId })
    .from(changeCis)
    .where(eq(changeCis.ticketId, ticketId));
  const serviceRows = await db
    .select({ serviceId: changeServices.serviceId })
    .from(changeServices)
    .where(eq(changeServices.ticketId, ticketId));
  return detectConflicts(db, {
    ticketId,
    ciIds: ciRows.map((entry) => entry.ciId),
    serviceIds: serviceRows.map((entry) => entry.serviceId),
    range: { start: row.plannedStart, end: row.plannedEnd },
  });
}
