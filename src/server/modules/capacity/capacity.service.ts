// Capacity: samples per CI and metric (pushed, or pulled from Prometheus), their series at an
// hourly or daily step, forecasts with the days until a threshold, the plan of a service (its CIs'
// headroom) and the rules that open a problem when a forecast crosses its threshold soon.
import { and, asc, desc, eq, inArray, isNull, or, param, sql } from 'drizzle-orm';
import type { CapacityPlan, ForecastOut, ForecastQuery, SamplesIn } from '../../../shared/api/capacity.js';
import type { AppContext } from '../../context.js';
import { type Actor, type Queryable, systemActor, withTransaction } from '../../db/client.js';
import { invalidField } from '../../lib/errors.js';
import { type CiRow, cisByIds, impactOf, resolveCi } from '../cmdb/index.js';
import { createProblemIn } from '../incidents/index.js';
import { ticketKeysByIds } from '../tickets/index.js';
import { augursError, forecastAugurs, loadAugurs } from './augurs.js';
import { capacityRuleHits, capacityRules, capacitySamples } from './capacity.schema.js';
import {
  type ForecastBand,
  fitHoltWinters,
  forecastHoltWinters,
  minimumLength,
  thresholdCrossing,
} from './holt-winters.js';

const HOUR = 3_600_000;
const DAY = 86_400_000;

export interface RawSample {
  ciId: string;
  metric: string;
  at: Date;
  value: number;
}

/** Stores raw samples (a later value at the same instant replaces the earlier one). */
export async function storeSamples(db: Queryable, samples: readonly RawSample[]): Promise<void> {
  for (let i = 0; i < samples.length; i += 5000) {
    const chunk = samples.slice(i, i + 5000);
    await db.execute(sql`
      insert into capacity_samples (ci_id, metric, resolution, at, count, sum, min, max)
      select s.ci_id, s.metric, 'raw', s.at, 1, s.value, s.value, s.value
        from unnest(${param(chunk.map((s) => s.ciId))}::uuid[],
                    ${param(chunk.map((s) => s.metric))}::text[],
                    ${param(chunk.map((s) => s.at.toISOString()))}::timestamptz[],
                    ${param(chunk.map((s) => s.value))}::float8[]) as s(ci_id, metric, at, value)
      on conflict (ci_id, metric, resolution, at)
      do update set count = 1, sum = excluded.sum, min = excluded.min, max = excluded.max`);
  }
}

/** The push API: every CI named is resolved first (a 400 names `samples.i.ci`), then all is stored. */
export async function ingest(
  context: AppContext,
  body: SamplesIn,
): Promise<{ accepted: number; cis: number }> {
  const now = context.clock.now();
  const byRef = new Map<string, CiRow>();
  for (const [index, sample] of body.samples.entries()) {
    if (byRef.has(sample.ci)) continue;
    byRef.set(sample.ci, await resolveCi(context.db, sample.ci, { field: `samples.${index}.ci` }));
  }
  // The last of equal (CI, metric, instant) wins, as a later push would.
  const unique = new Map<string, RawSample>();
  for (const sample of body.samples) {
    const ciId = byRef.get(sample.ci)!.id;
    const at = sample.at ?? now;
    unique.set(`${ciId}|${sample.metric}|${at.getTime()}`, {
      ciId,
      metric: sample.metric,
      at,
      value: sample.value,
    });
  }
  await storeSamples(context.db, [...unique.values()]);
  return { accepted: body.samples.length, cis: new Set([...byRef.values()].map((ci) => ci.id)).size };
}

/** Raw samples older than a week become hourly buckets, hourly older than 90 days daily ones. */
export const retention = { rawDays: 7, hourlyDays: 90, dailyDays: 730 } as const;

export async function downsample(db: Queryable, now: Date): Promise<{ hourly: number; daily: number }> {
  const roll = async (from: 'raw' | 'hour', to: 'hour' | 'day', olderThan: Date) => {
    const unit = sql.raw(`'${to}'`); // a literal, so the select and the group by are the same expression
    const result = await db.execute(sql`
      with moved as (
        delete from capacity_samples
         where resolution = ${from} and at < ${olderThan.toISOString()}::timestamptz
        returning ci_id, metric, at, count, sum, min, max)
      insert into capacity_samples (ci_id, metric, resolution, at, count, sum, min, max)
      select ci_id, metric, ${unit}, date_trunc(${unit}, at, 'UTC'), sum(count), sum(sum), min(min), max(max)
        from moved group by ci_id, metric, date_trunc(${unit}, at, 'UTC')
      on conflict (ci_id, metric, resolution, at) do update
        set count = capacity_samples.count + excluded.count, sum = capacity_samples.sum + excluded.sum,
            min = least(capacity_samples.min, excluded.min), max = greatest(capacity_samples.max, excluded.max)`);
    return result.rowCount ?? 0;
  };
  // Whole buckets only: the cut is at the start of an hour (a day) so no bucket is split.
  const rawCut = new Date(Math.floor((now.getTime() - retention.rawDays * DAY) / HOUR) * HOUR);
  const hourCut = new Date(Math.floor((now.getTime() - retention.hourlyDays * DAY) / DAY) * DAY);
  const hourly = await roll('raw', 'hour', rawCut);
  const daily = await roll('hour', 'day', hourCut);
  await db
    .delete(capacitySamples)
    .where(
      and(
        eq(capacitySamples.resolution, 'day'),
        sql`${capacitySamples.at} < ${new Date(now.getTime() - retention.dailyDays * DAY).toISOString()}::timestamptz`,
      ),
    );
  return { hourly, daily };
}

export interface Series {
  step: 'hour' | 'day';
  stepMs: number;
  season: number;
  start: number;
  values: number[];
}

/** Mean per bucket, gaps filled linearly, over `since` onwards. */
async function buckets(
  db: Queryable,
  ciId: string,
  metric: string,
  step: 'hour' | 'day',
  since: Date,
): Promise<{ start: number; values: number[]; observed: number }> {
  const rows = await db.execute<{ bucket: string; mean: number }>(sql`
    select date_trunc(${sql.raw(`'${step}'`)}, at, 'UTC') as bucket, sum(sum) / sum(count) as mean
      from capacity_samples
     where ci_id = ${ciId} and metric = ${metric} and at >= ${since.toISOString()}::timestamptz
       ${step === 'hour' ? sql`and resolution <> 'day'` : sql``}
     group by 1 order by 1`);
  if (rows.rows.length === 0) return { start: 0, values: [], observed: 0 };
  const stepMs = step === 'hour' ? HOUR : DAY;
  const points = rows.rows.map((row) => ({ t: new Date(row.bucket).getTime(), v: Number(row.mean) }));
  const start = points[0]!.t;
  const values: number[] = [];
  for (let i = 0; i < points.length; i++) {
    const point = points[i]!;
    const previous = points[i - 1];
    if (previous) {
      const gap = Math.round((point.t - previous.t) / stepMs);
      for (let k = 1; k < gap; k++) values.push(previous.v + ((point.v - previous.v) * k) / gap);
    }
    values.push(point.v);
  }
  return { start, values, observed: points.length };
}

/** The series to forecast: hourly over 4 weeks when there is enough of it, else daily over a year. */
export async function seriesOf(
  db: Queryable,
  ciId: string,
  metric: string,
  now: Date,
): Promise<Series | null> {
  const hourly = await buckets(db, ciId, metric, 'hour', new Date(now.getTime() - 28 * DAY));
  // Hourly only when most hours were observed (not daily samples interpolated into hours).
  if (hourly.observed >= minimumLength(24) && hourly.observed >= hourly.values.length / 2) {
    const season = hourly.values.length >= minimumLength(168) ? 168 : 24;
    return { step: 'hour', stepMs: HOUR, season, start: hourly.start, values: hourly.values };
  }
  const daily = await buckets(db, ciId, metric, 'day', new Date(now.getTime() - 365 * DAY));
  const { start, values } = daily;
  if (daily.observed >= minimumLength(7)) return { step: 'day', stepMs: DAY, season: 7, start, values };
  if (daily.observed >= minimumLength(0)) return { step: 'day', stepMs: DAY, season: 0, start, values };
  return null;
}

export interface SeriesForecast {
  engine: 'holt-winters' | 'augurs';
  note: string | null;
  band: ForecastBand;
}

export async function forecastSeries(
  series: Series,
  horizonSteps: number,
  engine: 'holt-winters' | 'augurs',
): Promise<SeriesForecast> {
  if (engine === 'augurs') {
    const mstl = await loadAugurs();
    if (mstl) {
      const periods = series.season > 1 ? [series.season] : [];
      try {
        return { engine, note: null, band: forecastAugurs(mstl, series.values, periods, horizonSteps) };
      } catch (error) {
        const why = error instanceof Error ? error.message : String(error);
        return holtWinters(
          series,
          horizonSteps,
          `augurs failed on this series (${why}); Holt-Winters answered`,
        );
      }
    }
    return holtWinters(
      series,
      horizonSteps,
      `augurs could not be loaded (${augursError}); Holt-Winters answered`,
    );
  }
  return holtWinters(series, horizonSteps, null);
}

function holtWinters(series: Series, horizonSteps: number, note: string | null): SeriesForecast {
  const fit = fitHoltWinters(series.values, { season: series.season });
  return { engine: 'holt-winters', note, band: forecastHoltWinters(fit, horizonSteps, 0.95) };
}

export interface Crossing {
  expectedDays: number | null;
  earliestDays: number | null;
  latestDays: number | null;
  expectedAt: Date | null;
}

function crossingOf(series: Series, band: ForecastBand, threshold: number, now: number): Crossing {
  const lastAt = series.start + (series.values.length - 1) * series.stepMs;
  const steps = thresholdCrossing(band, series.values.at(-1)!, threshold);
  const days = (value: number | null) =>
    value === null ? null : Math.max(0, (lastAt + value * series.stepMs - now) / DAY);
  return {
    expectedDays: days(steps.expected),
    earliestDays: days(steps.earliest),
    latestDays: days(steps.latest),
    expectedAt: steps.expected === null ? null : new Date(lastAt + steps.expected * series.stepMs),
  };
}

/** The threshold of the rule for this CI and metric: the CI's own rule first, else the general one. */
async function ruleFor(db: Queryable, ciId: string, metric: string) {
  const rules = await db
    .select()
    .from(capacityRules)
    .where(
      and(
        eq(capacityRules.metric, metric),
        eq(capacityRules.enabled, true),
        or(eq(capacityRules.ciId, ciId), isNull(capacityRules.ciId)),
      ),
    );
  return rules.find((rule) => rule.ciId === ciId) ?? rules[0] ?? null;
}

export async function forecast(context: AppContext, query: ForecastQuery): Promise<ForecastOut> {
  const now = context.clock.now();
  const ci = await resolveCi(context.db, query.ci, { field: 'ci' });
  const series = await seriesOf(context.db, ci.id, query.metric, now);
  if (!series)
    throw invalidField(
      'metric',
      `${ci.name} has too few samples of ${query.metric} to forecast (at least 4 days or 50 hours).`,
      'not_enough_data',
    );
  const threshold = query.threshold ?? (await ruleFor(context.db, ci.id, query.metric))?.threshold ?? null;
  const steps = Math.ceil((query.horizonDays * DAY) / series.stepMs);
  const result = await forecastSeries(series, steps, query.engine);
  const lastAt = series.start + (series.values.length - 1) * series.stepMs;
  const historyFrom = Math.max(0, series.values.length - steps);
  return {
    ci: { id: ci.id, name: ci.name },
    metric: query.metric,
    engine: result.engine,
    note: result.note,
    step: series.step,
    season: series.season,
    level: result.band.level,
    last: { at: new Date(lastAt), value: series.values.at(-1)! },
    threshold,
    crossing: threshold === null ? null : crossingOf(series, result.band, threshold, now.getTime()),
    history: series.values
      .slice(historyFrom)
      .map((value, i) => ({ at: new Date(series.start + (historyFrom + i) * series.stepMs), value })),
    forecast: result.band.point.map((value, i) => ({
      at: new Date(lastAt + (i + 1) * series.stepMs),
      value,
      lower: result.band.lower[i]!,
      upper: result.band.upper[i]!,
    })),
  };
}

/** Each CI the service depends on (and the service): its metrics, last values, headroom, forecast. */
export async function capacityPlan(context: AppContext, serviceRef: string): Promise<CapacityPlan> {
  const now = context.clock.now();
  const service = await resolveCi(context.db, serviceRef, { field: 'service', classKey: 'service' });
  const members = [service, ...(await impactOf(context.db, service.id, 'up', 10)).map((entry) => entry.ci)];
  const ids = members.map((ci) => ci.id);
  const latest = await context.db.execute<{ ci_id: string; metric: string; at: string; value: number }>(sql`
    select distinct on (ci_id, metric) ci_id, metric, at, sum / count as value
      from capacity_samples
     where ci_id = any(${param(ids)}::uuid[])
     order by ci_id, metric, at desc`);
  const hits = ids.length
    ? await context.db.select().from(capacityRuleHits).where(inArray(capacityRuleHits.ciId, ids))
    : [];
  const rules = await context.db.select().from(capacityRules).where(eq(capacityRules.enabled, true));
  const problemKeys = await ticketKeysByIds(
    context.db,
    hits.map((hit) => hit.ticketId),
  );
  const byId = new Map(members.map((ci) => [ci.id, ci]));
  const rows: CapacityPlan['rows'] = [];
  for (const row of latest.rows) {
    const ci = byId.get(row.ci_id)!;
    const rule =
      rules.find((r) => r.metric === row.metric && r.ciId === ci.id) ??
      rules.find((r) => r.metric === row.metric && r.ciId === null) ??
      null;
    const threshold = rule?.threshold ?? null;
    const value = Number(row.value);
    let crossing: Crossing | null = null;
    if (threshold !== null) {
      const series = await seriesOf(context.db, ci.id, row.metric, now);
      if (series) {
        const result = await forecastSeries(series, Math.ceil((90 * DAY) / series.stepMs), 'holt-winters');
        crossing = crossingOf(series, result.band, threshold, now.getTime());
      }
    }
    const hit = hits.find(
      (h) => h.ciId === ci.id && rules.some((r) => r.id === h.ruleId && r.metric === row.metric),
    );
    rows.push({
      ci: { id: ci.id, name: ci.name, class: ci.classKey },
      metric: row.metric,
      last: { at: new Date(row.at), value },
      threshold,
      headroom: threshold === null ? null : threshold - value,
      headroomPercent: threshold === null || threshold === 0 ? null : ((threshold - value) / threshold) * 100,
      crossing,
      problem: hit ? (problemKeys.get(hit.ticketId) ?? null) : null,
    });
  }
  // Least headroom first; those without a threshold last.
  rows.sort(
    (a, b) =>
      (a.crossing?.expectedDays ?? Number.POSITIVE_INFINITY) -
        (b.crossing?.expectedDays ?? Number.POSITIVE_INFINITY) ||
      (a.headroomPercent ?? Number.POSITIVE_INFINITY) - (b.headroomPercent ?? Number.POSITIVE_INFINITY) ||
      a.ci.name.localeCompare(b.ci.name),
  );
  return { service: { id: service.id, name: service.name }, rows };
}

export async function createRule(
  context: AppContext,
  userId: string,
  input: { metric: string; ci?: string | undefined; threshold: number; withinDays: number },
) {
  const ci = input.ci ? await resolveCi(context.db, input.ci, { field: 'ci' }) : null;
  const [rule] = await context.db
    .insert(capacityRules)
    .values({
      metric: input.metric,
      ciId: ci?.id ?? null,
      threshold: input.threshold,
      withinDays: input.withinDays,
      createdBy: userId,
    })
    .returning();
  return { ...rule!, ci: ci ? { id: ci.id, name: ci.name } : null };
}

export async function listRules(context: AppContext) {
  const rules = await context.db.select().from(capacityRules).orderBy(asc(capacityRules.createdAt));
  const cis = await cisByIds(
    context.db,
    rules.flatMap((rule) => (rule.ciId ? [rule.ciId] : [])),
  );
  return rules.map((rule) => {
    const ci = rule.ciId ? cis.get(rule.ciId) : undefined;
    return { ...rule, ci: ci ? { id: ci.id, name: ci.name } : null };
  });
}

const actor: Actor = systemActor('capacity');

/**
 * Every enabled rule against the forecast of each CI it covers: a forecast reaching the threshold
 * within the rule's days opens a problem on the CI (once per rule and CI), in one transaction
 * with the record of it.
 */
export async function evaluateRules(context: AppContext) {
  const now = context.clock.now();
  const rules = await context.db
    .select()
    .from(capacityRules)
    .where(eq(capacityRules.enabled, true))
    .orderBy(desc(capacityRules.createdAt));
  const opened: Array<{ problem: string; ci: string; metric: string; expectedDays: number }> = [];
  let checked = 0;
  for (const rule of rules) {
    const ciIds = rule.ciId
      ? [rule.ciId]
      : (
          await context.db
            .selectDistinct({ ciId: capacitySamples.ciId })
            .from(capacitySamples)
            .where(eq(capacitySamples.metric, rule.metric))
        ).map((row) => row.ciId);
    const done = new Set(
      (await context.db.select().from(capacityRuleHits).where(eq(capacityRuleHits.ruleId, rule.id))).map(
        (hit) => hit.ciId,
      ),
    );
    const cis = await cisByIds(
      context.db,
      ciIds.filter((id) => !done.has(id)),
    );
    for (const ci of cis.values()) {
      // A CI's own rule for the metric overrides the general one.
      if (rule.ciId === null && (await ruleFor(context.db, ci.id, rule.metric))?.id !== rule.id) continue;
      const series = await seriesOf(context.db, ci.id, rule.metric, now);
      if (!series) continue;
      checked++;
      const result = await forecastSeries(
        series,
        Math.ceil((rule.withinDays * DAY) / series.stepMs) + 1,
        'holt-winters',
      );
      const crossing = crossingOf(series, result.band, rule.threshold, now.getTime());
      if (crossing.expectedDays === null || crossing.expectedDays > rule.withinDays) continue;
      const days = crossing.expectedDays;
      const fmt = (value: number | null) =>
        value === null ? 'beyond the horizon' : `${value.toFixed(1)} days`;
      const ticket = await withTransaction(context.db, actor, async (tx) => {
        await tx.execute(
          sql`select pg_advisory_xact_lock(hashtext('capacity.rule:' || ${rule.id}::text || ${ci.id}::text))`,
        );
        const [existing] = await tx
          .select()
          .from(capacityRuleHits)
          .where(and(eq(capacityRuleHits.ruleId, rule.id), eq(capacityRuleHits.ciId, ci.id)));
        if (existing) return null;
        const made = await createProblemIn(
          tx,
          actor,
          {
            title:
              `Capacity: ${ci.name} ${rule.metric} reaches ${rule.threshold} in about ${Math.round(days)} days`.slice(
                0,
                300,
              ),
            description:
              `The ${result.engine} forecast of ${rule.metric} on ${ci.name} (last ${series.values.at(-1)!.toFixed(2)}) ` +
              `reaches the threshold ${rule.threshold} in ${fmt(days)} (95 % interval: ${fmt(crossing.earliestDays)} to ` +
              `${fmt(crossing.latestDays)}), within the rule's ${rule.withinDays} days.`,
            priority: days <= 7 ? 'high' : 'moderate',
            requesterId: rule.createdBy,
            teamId: ci.teamId ?? null,
            ciIds: [ci.id],
            incidents: [],
          },
          now,
        );
        await tx
          .insert(capacityRuleHits)
          .values({ ruleId: rule.id, ciId: ci.id, ticketId: made.id, openedAt: now });
        return made;
      });
      if (ticket) opened.push({ problem: ticket.key, ci: ci.name, metric: rule.metric, expectedDays: days });
    }
  }
  return { checked, opened };
}
