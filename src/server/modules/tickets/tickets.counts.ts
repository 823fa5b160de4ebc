// Counts over the core's own tables for the reports: tickets created in a range that ever entered a
// status (the paper's Table 8), and tickets created and resolved per day, week or month.
import { sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { ticketHistory, tickets } from './tickets.schema.js';

export interface CountRange {
  from: Date;
  to: Date;
  /** IANA zone whose local days, weeks and months the buckets follow. */
  timeZone: string;
}

/** Per request type: tickets created in the range, and how many of them ever entered `status`. */
export async function enteredStatusCounts(q: Queryable, range: CountRange, status: string) {
  const result = await q.execute<{ request_type_id: string | null; total: number; escalated: number }>(sql`
    select t.request_type_id, count(*)::int as total, count(n.ticket_id)::int as escalated
      from ${tickets} t
      left join (select distinct ticket_id from ${ticketHistory} where to_status = ${status}) n
        on n.ticket_id = t.id
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
  const from = range.from.toISOString();
  const to = range.to.toISOString();
  const zone = range.timeZone;
  const statuses = resolving.length > 0 ? [...resolving] : [''];
  const rows = await q.execute<{ day: string; created: number; resolved: number }>(sql`
    with days as (
      select generate_series(date_trunc(${bucket}, ${from}::timestamptz at time zone ${zone}),
                             (${to}::timestamptz - interval '1 microsecond') at time zone ${zone},
                             ${`1 ${bucket}`}::interval)::date as day
    ),
    created as (
      select date_trunc(${bucket}, created_at at time zone ${zone})::date as day, count(*)::int as n
        from ${tickets} where created_at >= ${from} and created_at < ${to} group by 1
    ),
    resolved as (
      select date_trunc(${bucket}, at at time zone ${zone})::date as day, count(*)::int as n
        from ${ticketHistory}
       where at >= ${from} and at < ${to} and to_status in ${statuses}
         and (from_status is null or from_status not in ${statuses})
       group by 1
    )
    select to_char(days.day, 'YYYY-MM-DD') as day, coalesce(created.n, 0) as created,
           coalesce(resolved.n, 0) as resolved
      from days left join created using (day) left join resolved using (day)
     order by days.day
     limit ${limit}`);
  return rows.rows;
}
