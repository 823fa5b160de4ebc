// Reading changes: the list, the calendar (changes and freezes by window, each change with its
// conflicts), the CAB agenda, and which changes are being implemented on given CIs at an instant
// (for the events practice: alerts there are expected).
import { and, asc, desc, eq, inArray, param, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { invalidField } from '../../lib/errors.js';
import { roundTally } from '../approvals/index.js';
import { cisByIds } from '../cmdb/index.js';
import { ticketsByIds } from '../tickets/index.js';
import { changeCis, changeFreezes, changes } from './changes.schema.js';
import type { ChangeRow } from './changes.service.js';
import { conflictsOfChange } from './conflicts.service.js';

async function summaries(db: Queryable, rows: ChangeRow[]) {
  const ids = rows.map((row) => row.ticketId);
  const [tickets, links] = await Promise.all([
    ticketsByIds(db, ids),
    ids.length > 0
      ? db.select().from(changeCis).where(inArray(changeCis.ticketId, ids))
      : Promise.resolve([]),
  ]);
  const names = await cisByIds(
    db,
    links.map((link) => link.ciId),
  );
  return rows.flatMap((row) => {
    const ticket = tickets.get(row.ticketId);
    if (!ticket) return [];
    return [
      {
        row,
        summary: {
          key: ticket.key,
          title: ticket.title,
          type: row.type as 'standard' | 'normal' | 'emergency',
          status: ticket.status,
          riskLevel: row.riskLevel as 'low' | 'moderate' | 'high',
          riskScore: row.riskScore,
          plannedStart: row.plannedStart,
          plannedEnd: row.plannedEnd,
          cis: links
            .filter((link) => link.ticketId === row.ticketId)
            .flatMap((link) => {
              const ci = names.get(link.ciId);
              return ci ? [{ id: ci.id, name: ci.name }] : [];
            }),
        },
      },
    ];
  });
}

export async function listChanges(
  db: Queryable,
  query: { status?: string | undefined; type?: string | undefined; limit: number },
) {
  const statuses = query.status
    ?.split(',')
    .map((status) => status.trim())
    .filter(Boolean);
  const rows = await db
    .select()
    .from(changes)
    .where(
      and(
        statuses && statuses.length > 0 ? inArray(changes.status, statuses) : undefined,
        query.type ? eq(changes.type, query.type) : undefined,
      ),
    )
    .orderBy(desc(changes.plannedStart))
    .limit(query.limit);
  return (await summaries(db, rows)).map((entry) => entry.summary);
}

const maxCalendarDays = 92;

/** A range bound as an instant: a bare date is that day's UTC midnight, or the next one for `to`. */
export function rangeBound(text: string, end: 'from' | 'to'): Date {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return new Date(text);
  const day = new Date(`${text}T00:00:00.000Z`);
  return end === 'to' ? new Date(day.getTime() + 86_400_000) : day;
}

export async function changeCalendar(db: Queryable, fromText: string, toText: string) {
  const from = rangeBound(fromText, 'from');
  const to = rangeBound(toText, 'to');
  if (to <= from) throw invalidField('to', 'must be after from.');
  if (to.getTime() - from.getTime() > maxCalendarDays * 86_400_000)
    throw invalidField('to', `the calendar shows at most ${maxCalendarDays} days at once.`);
  const range = sql`tstzrange(${from.toISOString()}::timestamptz, ${to.toISOString()}::timestamptz, '[)')`;
  const rows = await db
    .select()
    .from(changes)
    .where(
      and(
        sql`tstzrange(${changes.plannedStart}, ${changes.plannedEnd}, '[)') && ${range}`,
        sql`${changes.status} <> 'cancelled'`,
      ),
    )
    .orderBy(asc(changes.plannedStart))
    .limit(1000);
  const entries = await summaries(db, rows);
  const active = new Set(['new', 'assess', 'authorize', 'scheduled', 'implement']);
  const withConflicts = [];
  for (const entry of entries)
    withConflicts.push({
      ...entry.summary,
      conflicts: active.has(entry.row.status) ? await conflictsOfChange(db, entry.row.ticketId) : [],
    });
  const freezes = await db
    .select()
    .from(changeFreezes)
    .where(sql`tstzrange(${changeFreezes.startsAt}, ${changeFreezes.endsAt}, '[)') && ${range}`)
    .orderBy(asc(changeFreezes.startsAt));
  return { changes: withConflicts, freezes: await freezesOut(db, freezes) };
}

export async function freezesOut(db: Queryable, rows: (typeof changeFreezes.$inferSelect)[]) {
  const services = await cisByIds(
    db,
    rows.flatMap((row) => (row.serviceId ? [row.serviceId] : [])),
  );
  return rows.map((row) => {
    const service = row.serviceId ? services.get(row.serviceId) : undefined;
    return {
      id: row.id,
      name: row.name,
      reason: row.reason,
      startsAt: row.startsAt,
      endsAt: row.endsAt,
      service: service ? { id: service.id, name: service.name } : null,
    };
  });
}

/** Changes waiting for the CAB (high risk) or the emergency CAB, soonest window first. */
export async function cabAgenda(db: Queryable) {
  const rows = await db
    .select()
    .from(changes)
    .where(and(eq(changes.status, 'authorize'), inArray(changes.approvalPath, ['cab', 'emergency_cab'])))
    .orderBy(asc(changes.plannedStart))
    .limit(200);
  const out = [];
  for (const entry of await summaries(db, rows))
    out.push({
      ...entry.summary,
      approvalPath: entry.row.approvalPath as 'cab' | 'emergency_cab',
      riskFactors: entry.row.riskFactors as { key: string; label: string; points: number; detail: string }[],
      conflicts: await conflictsOfChange(db, entry.row.ticketId),
      approvals: await roundTally(db, entry.row.ticketId),
    });
  return out;
}

/**
 * Changes being implemented on any of these CIs at `at`: started and not finished, or scheduled
 * with `at` inside the planned window. For the events practice: alerts there are expected.
 */
export async function changesInWindowOn(db: Queryable, ciIds: readonly string[], at: Date) {
  if (ciIds.length === 0) return [];
  const rows = await db.execute<{ ticket_id: string; ci_ids: string[] }>(sql`
    select c.ticket_id, array_agg(cc.ci_id) as ci_ids
      from ${changes} c join ${changeCis} cc on cc.ticket_id = c.ticket_id
     where cc.ci_id = any(${param([...ciIds])}::uuid[])
       and (
         (c.status = 'implement' and c.actual_start <= ${at.toISOString()}::timestamptz)
         or (c.status in ('scheduled', 'implement')
             and c.planned_start <= ${at.toISOString()}::timestamptz and c.planned_end > ${at.toISOString()}::timestamptz))
     group by c.ticket_id`);
  const tickets = await ticketsByIds(
    db,
    rows.rows.map((row) => row.ticket_id),
  );
  return rows.rows.flatMap((row) => {
    const ticket = tickets.get(row.ticket_id);
    return ticket ? [{ ticketId: row.ticket_id, key: ticket.key, ciIds: row.ci_ids }] : [];
  });
}
