// Reports read straight from the tickets and their status history: the share of tickets that
// ever entered need_further_support (the paper's Table 8), and tickets created and resolved per
// day.
import { sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { listWorkflows } from '../workflow/workflow.service.js';
import type { ReportRange } from './range.js';
import { requestTypeRefs } from './resolution.js';

export const needFurtherSupportStatus = 'need_further_support';

const percentage = (part: number, whole: number) =>
  whole === 0 ? 0 : Math.round((10_000 * part) / whole) / 100;

export interface NeedFurtherSupportRow {
  requestType: string;
  name: string;
  total: number;
  withNeedFurtherSupport: number;
  percentage: number;
}

export interface NeedFurtherSupportReport {
  total: number;
  withNeedFurtherSupport: number;
  percentage: number;
  requestTypes: NeedFurtherSupportRow[];
}

/**
 * Tickets created within the range, and how many of them entered need_further_support at least
 * once at any time (a ticket that entered it twice counts once).
 */
export async function needFurtherSupportReport(
  q: Queryable,
  range: ReportRange,
): Promise<NeedFurtherSupportReport> {
  const types = await requestTypeRefs(q);
  const rows = await q.execute<{ request_type_id: string | null; total: number; escalated: number }>(sql`
    select t.request_type_id, count(*)::int as total, count(n.ticket_id)::int as escalated
      from tickets t
      left join (select distinct ticket_id from ticket_history where to_status = ${needFurtherSupportStatus}) n
        on n.ticket_id = t.id
     where t.created_at >= ${range.from.toISOString()} and t.created_at < ${range.to.toISOString()}
     group by t.request_type_id`);
  const total = rows.rows.reduce((sum, row) => sum + row.total, 0);
  const escalated = rows.rows.reduce((sum, row) => sum + row.escalated, 0);
  return {
    total,
    withNeedFurtherSupport: escalated,
    percentage: percentage(escalated, total),
    requestTypes: types.map((type) => {
      const row = rows.rows.find((candidate) => candidate.request_type_id === type.id);
      return {
        requestType: type.key,
        name: type.name,
        total: row?.total ?? 0,
        withNeedFurtherSupport: row?.escalated ?? 0,
        percentage: percentage(row?.escalated ?? 0, row?.total ?? 0),
      };
    }),
  };
}

export interface DayCount {
  day: string;
  created: number;
  resolved: number;
}

/** The longest range the daily report covers: about three years of days. */
/** The most rows (days, weeks or months) the created/resolved report returns. */
export const maxDays = 1100;
export const buckets = ['day', 'week', 'month'] as const;
export type Bucket = (typeof buckets)[number];

/**
 * Per local day: tickets created, and resolutions — a transition into a resolving status (of any
 * workflow: delivered, closed, cancelled …) from one that is not, so a ticket reopened and
 * resolved again is resolved twice, and closing a delivered request is not a new resolution.
 */
export async function createdResolvedReport(
  q: Queryable,
  range: ReportRange,
  bucket: Bucket = 'day',
): Promise<DayCount[]> {
  const resolving = [
    ...new Set(
      (await listWorkflows(q)).flatMap((workflow) =>
        workflow.statuses.filter((status) => status.resolves).map((status) => status.key),
      ),
    ),
  ];
  const from = range.from.toISOString();
  const to = range.to.toISOString();
  const zone = range.timeZone;
  const rows = await q.execute<{ day: string; created: number; resolved: number }>(sql`
    with days as (
      select generate_series(date_trunc(${bucket}, ${from}::timestamptz at time zone ${zone}),
                             (${to}::timestamptz - interval '1 microsecond') at time zone ${zone},
                             ${`1 ${bucket}`}::interval)::date as day
    ),
    created as (
      select date_trunc(${bucket}, created_at at time zone ${zone})::date as day, count(*)::int as n
        from tickets where created_at >= ${from} and created_at < ${to} group by 1
    ),
    resolved as (
      select date_trunc(${bucket}, at at time zone ${zone})::date as day, count(*)::int as n
        from ticket_history
       where at >= ${from} and at < ${to} and to_status in ${resolving}
         and (from_status is null or from_status not in ${resolving})
       group by 1
    )
    select to_char(days.day, 'YYYY-MM-DD') as day, coalesce(created.n, 0) as created,
           coalesce(resolved.n, 0) as resolved
      from days left join created using (day) left join resolved using (day)
     order by days.day
     limit ${maxDays + 1}`);
  return rows.rows;
}
