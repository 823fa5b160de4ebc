// Reading the stopped clocks over a range: whole UTC days from sla_clock_days, the partial days at
// either end straight from ticket_sla_clocks. Writers mark the (metric, day) pairs whose clocks
// changed; a reader first recomputes the marked days, one refresh at a time, so what it reads
// always equals the clocks. The rollup is derived data: `rebuildDays` recomputes all of it.
import { param, sql } from 'drizzle-orm';
import type { Db, Queryable } from '../../db/client.js';
import { bucketSql, type Histogram } from './sla.histogram.js';

export interface DayKey {
  metricKey: string;
  /** YYYY-MM-DD, UTC. */
  day: string;
}

export const utcDay = (at: Date) => at.toISOString().slice(0, 10);

/** Marks days to recompute before the next read (in the writer's transaction). */
export async function markDays(tx: Queryable, keys: readonly DayKey[]): Promise<void> {
  if (keys.length === 0) return;
  await tx.execute(sql`
    insert into sla_clock_days_dirty (metric_key, day)
    select distinct metric_key, day from unnest(${param(keys.map((k) => k.metricKey))}::text[],
                                                ${param(keys.map((k) => k.day))}::date[]) as k(metric_key, day)
    on conflict do nothing`);
}

const refreshLock = 7_263_733_010;

/** Recomputes the marked days from the clocks. Refreshes queue on a lock, so none reads half-done work. */
export async function refreshDirtyDays(db: Db): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${refreshLock})`);
    const dirty = await tx.execute<{ metric_key: string; day: string }>(
      sql`delete from sla_clock_days_dirty returning metric_key, day::text`,
    );
    if (dirty.rows.length === 0) return 0;
    const metrics = param(dirty.rows.map((row) => row.metric_key));
    const days = param(dirty.rows.map((row) => row.day));
    await tx.execute(sql`
      delete from sla_clock_days d using unnest(${metrics}::text[], ${days}::date[]) as k(metric_key, day)
       where d.metric_key = k.metric_key and d.day = k.day`);
    await tx.execute(sql`
      insert into sla_clock_days (metric_key, day, request_type_id, count, sum_seconds, met, breached,
                                  min_seconds, max_seconds, buckets, counts, computed_at)
      select metric_key, day, request_type_id, sum(n), sum(total), sum(met), sum(breached), min(low), max(high),
             array_agg(bucket order by bucket), array_agg(n order by bucket), now()
        from (select c.metric_key, k.day, c.request_type_id, ${sql.raw(bucketSql)} as bucket, count(*)::int as n,
                     sum(c.elapsed_seconds) as total, count(*) filter (where c.met)::int as met,
                     count(*) filter (where c.breached)::int as breached,
                     min(c.elapsed_seconds) as low, max(c.elapsed_seconds) as high
                from unnest(${metrics}::text[], ${days}::date[]) as k(metric_key, day)
                join ticket_sla_clocks c
                  on c.metric_key = k.metric_key and c.state = 'stopped'
                 and c.stopped_at >= (k.day::timestamp at time zone 'UTC')
                 and c.stopped_at < ((k.day + 1)::timestamp at time zone 'UTC')
               where c.request_type_id is not null
               group by 1, 2, 3, 4) as buckets
       group by metric_key, day, request_type_id`);
    return dirty.rows.length;
  });
}

/** Marks every day that has stopped clocks, then recomputes them all. */
export async function rebuildDays(db: Db): Promise<number> {
  await db.execute(sql`
    insert into sla_clock_days_dirty (metric_key, day)
    select distinct metric_key, (stopped_at at time zone 'UTC')::date from ticket_sla_clocks where state = 'stopped'
    union select metric_key, day from sla_clock_days
    on conflict do nothing`);
  return refreshDirtyDays(db);
}

interface Parts {
  /** Whole UTC days [first, end) read from the rollup; empty when first = end. */
  first: string;
  end: string;
  /** Instants read from the clocks themselves: [from, to) pairs. */
  live: [Date, Date][];
}

function partsOf(from: Date, to: Date): Parts {
  const dayMs = 86_400_000;
  const firstMs = Math.ceil(from.getTime() / dayMs) * dayMs;
  const endMs = Math.floor(to.getTime() / dayMs) * dayMs;
  if (firstMs >= endMs) return { first: utcDay(from), end: utcDay(from), live: [[from, to]] };
  return {
    first: utcDay(new Date(firstMs)),
    end: utcDay(new Date(endMs)),
    live: [
      [from, new Date(firstMs)],
      [new Date(endMs), to],
    ],
  };
}

const liveCondition = (live: [Date, Date][]) =>
  sql.join(
    live.map(([a, b]) => sql`(stopped_at >= ${a.toISOString()} and stopped_at < ${b.toISOString()})`),
    sql` or `,
  );

export interface StoppedTotals {
  requestTypeId: string;
  metricKey: string;
  count: number;
  sumSeconds: number;
  met: number;
  breached: number;
  minSeconds: number;
  maxSeconds: number;
}

/** Per request type and metric: the clocks that stopped within [from, to). */
export async function stoppedClockTotals(
  db: Db,
  range: { from: Date; to: Date },
  metricKeys: readonly string[],
): Promise<StoppedTotals[]> {
  if (metricKeys.length === 0) return [];
  await refreshDirtyDays(db);
  const { first, end, live } = partsOf(range.from, range.to);
  const metrics = param([...metricKeys]);
  const rows = await db.execute<Record<string, string | number>>(sql`
    select request_type_id, metric_key, sum(n)::int as count, sum(total) as sum_seconds, sum(met)::int as met,
           sum(breached)::int as breached, min(low) as min_seconds, max(high) as max_seconds
      from (select request_type_id, metric_key, count as n, sum_seconds as total, met, breached,
                   min_seconds as low, max_seconds as high
              from sla_clock_days where metric_key = any(${metrics}::text[]) and day >= ${first} and day < ${end}
            union all
            select request_type_id, metric_key, count(*), sum(elapsed_seconds), count(*) filter (where met),
                   count(*) filter (where breached), min(elapsed_seconds), max(elapsed_seconds)
              from ticket_sla_clocks
             where state = 'stopped' and metric_key = any(${metrics}::text[]) and request_type_id is not null
               and (${liveCondition(live)})
             group by 1, 2) as parts
     group by request_type_id, metric_key`);
  return rows.rows.map((row) => ({
    requestTypeId: String(row.request_type_id),
    metricKey: String(row.metric_key),
    count: Number(row.count),
    sumSeconds: Number(row.sum_seconds),
    met: Number(row.met),
    breached: Number(row.breached),
    minSeconds: Number(row.min_seconds),
    maxSeconds: Number(row.max_seconds),
  }));
}

/** Per request type: the histogram of a metric's clocks that stopped within [from, to). */
export async function stoppedClockHistograms(
  db: Db,
  range: { from: Date; to: Date },
  metricKey: string,
  totals: readonly StoppedTotals[],
): Promise<Map<string, Histogram>> {
  const { first, end, live } = partsOf(range.from, range.to);
  const rows = await db.execute<{ request_type_id: string; bucket: number; n: number }>(sql`
    select request_type_id, bucket, sum(n)::int as n
      from (select request_type_id, u.bucket, u.n
              from sla_clock_days, unnest(buckets, counts) as u(bucket, n)
             where metric_key = ${metricKey} and day >= ${first} and day < ${end}
            union all
            select request_type_id, ${sql.raw(bucketSql)}, count(*)
              from ticket_sla_clocks
             where state = 'stopped' and metric_key = ${metricKey} and request_type_id is not null
               and (${liveCondition(live)})
             group by 1, 2) as parts
     group by request_type_id, bucket
     order by request_type_id, bucket`);
  const histograms = new Map<string, Histogram>();
  for (const total of totals) {
    if (total.metricKey !== metricKey) continue;
    const buckets = rows.rows
      .filter((row) => row.request_type_id === total.requestTypeId)
      .map((row) => [Number(row.bucket), Number(row.n)] as const);
    histograms.set(total.requestTypeId, { buckets, min: total.minSeconds, max: total.maxSeconds });
  }
  return histograms;
}

export interface OpenTotals {
  requestTypeId: string;
  metricKey: string;
  open: number;
  breached: number;
  atRisk: number;
}

/** Running and paused clocks with a goal: how many, breached by now, past their warning. */
export async function openClockTotals(q: Queryable, now: Date): Promise<OpenTotals[]> {
  const at = now.toISOString();
  const rows = await q.execute<{
    request_type_id: string;
    metric_key: string;
    open: number;
    breached: number;
    at_risk: number;
  }>(sql`
    select request_type_id, metric_key, count(*)::int as open,
           count(*) filter (where breached or breach_at <= ${at})::int as breached,
           count(*) filter (where state = 'running' and not breached and warn_at <= ${at} and breach_at > ${at})::int
             as at_risk
      from ticket_sla_clocks
     where state in ('running', 'paused') and goal_seconds is not null and request_type_id is not null
     group by 1, 2`);
  return rows.rows.map((row) => ({
    requestTypeId: row.request_type_id,
    metricKey: row.metric_key,
    open: row.open,
    breached: row.breached,
    atRisk: row.at_risk,
  }));
}
