// Counts over the core's own tables for the reports: tickets created in a range that ever entered a
// status (the paper's Table 8), and tickets created and resolved per day, week or month.
//
// At a million tickets these read the rollups (ticket_created_rollup, ticket_transition_rollup:
// counts per UTC quarter hour kept by triggers in the transaction of each change, see migration
// 0017). Every time zone's offset is a whole number of quarter hours, so a local day, week or
// month is a sum of whole quarters; a range that starts or ends inside a quarter hour has its
// ragged ends counted from the tickets and their history, so the figures are exact.
import { sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { ticketCreatedRollup, ticketHistory, tickets, ticketTransitionRollup } from './tickets.schema.js';

export interface CountRange {
  from: Date;
  to: Date;
  /** IANA zone whose local days, weeks and months the buckets follow. */
  timeZone: string;
}

/** The status whose entries the created rollup counts (the need-further-support report). */
export const rolledUpStatus = 'need_further_support';

const quarterMs = 15 * 60 * 1000;

/**
 * The whole quarter hours inside the range ([quarterFrom, quarterTo), read from the rollups) and
 * the ragged ends around them ([from, quarterFrom) and [quarterTo, to), read from the rows).
 */
export function quarterSplit(range: { from: Date; to: Date }) {
  const from = range.from.getTime();
  const to = range.to.getTime();
  let qf = Math.ceil(from / quarterMs) * quarterMs;
  let qt = Math.floor(to / quarterMs) * quarterMs;
  if (qf >= qt) {
    qf = to;
    qt = to;
  }
  return {
    from: range.from.toISOString(),
    quarterFrom: new Date(qf).toISOString(),
    quarterTo: new Date(qt).toISOString(),
    to: range.to.toISOString(),
  };
}

/** Per request type: tickets created in the range, and how many of them ever entered `status`. */
export async function enteredStatusCounts(q: Queryable, range: CountRange, status: string) {
  if (status !== rolledUpStatus) return enteredStatusCountsFromRows(q, range, status);
  const s = quarterSplit(range);
  const result = await q.execute<{ request_type_id: string | null; total: number; escalated: number }>(sql`
    select request_type_id, sum(total)::int as total, sum(escalated)::int as escalated from (
      select request_type_id, created as total, escalated
        from ${ticketCreatedRollup}
       where quarter >= ${s.quarterFrom} and quarter < ${s.quarterTo}
      union all
      select t.request_type_id, 1,
             case when exists (select 1 from ${ticketHistory} h
                                where h.ticket_id = t.id and h.to_status = ${status}) then 1 else 0 end
        from ${tickets} t
       where (t.created_at >= ${s.from} and t.created_at < ${s.quarterFrom})
          or (t.created_at >= ${s.quarterTo} and t.created_at < ${s.to})
    ) counts
     group by request_type_id
    having sum(total) <> 0`);
  return result.rows;
}

/** The same from the rows alone (any status; the rollups' tests compare with it). */
export async function enteredStatusCountsFromRows(q: Queryable, range: CountRange, status: string) {
  const result = await q.execute<{ request_type_id: string | null; total: number; escalated: number }>(sql`
    select t.request_type_id, count(*)::int as total,
           count(*) filter (where exists (select 1 from ${ticketHistory} h
                                           where h.ticket_id = t.id and h.to_status = ${status}))::int as escalated
      from ${tickets} t
     where t.created_at >= ${range.from.toISOString()} and t.created_at < ${range.to.toISOString()}
     group by t.request_type_id`);
  return result.rows;
}

/**
 * Per local bucket: tickets created, and resolutions — a transition into one of `resolving` from a
 * status that is not, so a ticket reopened and resolved again is resolved twice.
 */
export async function createdResolvedCounts(
  q: Queryable,
  range: CountRange,
  bucket: 'day' | 'week' | 'month',
  resolving: readonly string[],
  limit: number,
): Promise<{ day: string; created: number; resolved: number }[]> {
  const s = quarterSplit(range);
  const zone = range.timeZone;
  const statuses = resolving.length > 0 ? [...resolving] : [''];
  const rows = await q.execute<{ day: string; created: number; resolved: number }>(sql`
    with days as (
      select generate_series(date_trunc(${bucket}, ${s.from}::timestamptz at time zone ${zone}),
                             (${s.to}::timestamptz - interval '1 microsecond') at time zone ${zone},
                             ${`1 ${bucket}`}::interval)::date as day
    ),
    created_parts as (
      select date_trunc(${bucket}, quarter at time zone ${zone})::date as day, sum(created)::int as n
        from ${ticketCreatedRollup}
       where quarter >= ${s.quarterFrom} and quarter < ${s.quarterTo}
       group by 1
      union all
      select date_trunc(${bucket}, created_at at time zone ${zone})::date as day, count(*)::int as n
        from ${tickets}
       where (created_at >= ${s.from} and created_at < ${s.quarterFrom})
          or (created_at >= ${s.quarterTo} and created_at < ${s.to})
       group by 1
    ),
    resolved_parts as (
      select date_trunc(${bucket}, quarter at time zone ${zone})::date as day, sum(count)::int as n
        from ${ticketTransitionRollup}
       where quarter >= ${s.quarterFrom} and quarter < ${s.quarterTo}
         and to_status in ${statuses} and (from_status is null or from_status not in ${statuses})
       group by 1
      union all
      select date_trunc(${bucket}, at at time zone ${zone})::date as day, count(*)::int as n
        from ${ticketHistory}
       where ((at >= ${s.from} and at < ${s.quarterFrom}) or (at >= ${s.quarterTo} and at < ${s.to}))
         and to_status in ${statuses} and (from_status is null or from_status not in ${statuses})
       group by 1
    ),
    created as (select day, sum(n)::int as n from created_parts group by day),
    resolved as (select day, sum(n)::int as n from resolved_parts group by day)
    select to_char(days.day, 'YYYY-MM-DD') as day, coalesce(created.n, 0) as created,
           coalesce(resolved.n, 0) as resolved
      from days left join created using (day) left join resolved using (day)
     order by days.day
     limit ${limit}`);
  return rows.rows;
}

/** Rebuilds both rollups from the tickets and their history (`opsdesk reports rebuild`). */
export async function rebuildTicketRollups(q: Queryable): Promise<{ quarters: number; transitions: number }> {
  await q.execute(sql`select opsdesk_rebuild_ticket_rollups()`);
  const { rows } = await q.execute<{ quarters: number; transitions: number }>(sql`
    select (select count(*) from ${ticketCreatedRollup})::int as quarters,
           (select count(*) from ${ticketTransitionRollup})::int as transitions`);
  return rows[0]!;
}

/** Rebuilds every ticket's full-text document (`opsdesk search rebuild`). */
export async function rebuildTicketSearch(q: Queryable): Promise<number> {
  const { rows } = await q.execute<{ n: string }>(sql`select opsdesk_rebuild_ticket_search() as n`);
  return Number(rows[0]!.n);
}
