// Time to resolution (or any other SLA metric) per request type over a date range: the paper's
// Table 7, with percentiles and the SLA outcome. It reads the clocks the SLA engine derived from
// each ticket's history (ticket_sla_clocks, summed per day in sla_clock_days): a clock counts when
// it stopped within the range, so a reopened ticket counts once, with all its counted time, on
// the day it was resolved again. Counts, averages, minimum and maximum are exact; percentiles
// are estimated from log-scale histograms, within 2.5 % (sla.histogram.ts).
//
// The target shown per type is the goal of the reported metric when its policy sets one, and
// otherwise the first goal of the type's policy — for the staging types, time to fulfilment
// with the paper's Table 3 targets, which the paper itself compared with time to resolution.
// metCount and breachedCount are the outcomes of that target's clocks stopped within the range.

import type { ResolutionRow } from '../../../shared/api/reports.js';
import { improvementPercentage } from '../../../shared/duration.js';
import type { Db, Queryable } from '../../db/client.js';
import { getCatalog } from '../catalog/index.js';
import {
  percentile,
  slaGoalsByRequestType,
  stoppedClockHistograms,
  stoppedClockTotals,
} from '../sla/index.js';
import type { ReportRange } from './range.js';

export interface RequestTypeRef {
  id: string;
  key: string;
  name: string;
}

export async function requestTypeRefs(q: Queryable): Promise<RequestTypeRef[]> {
  return (await getCatalog(q, { includeInactive: true })).flatMap((category) =>
    category.requestTypes.map((type) => ({ id: type.id, key: type.key, name: type.name })),
  );
}

/** A row of the report: its shape is the API's (src/shared/api/reports.ts). */
export type { ResolutionRow };

const round2 = (value: number | null) => (value === null ? null : Math.round(value * 100) / 100);

export async function resolutionTimeReport(
  db: Db,
  range: ReportRange,
  metric: string,
): Promise<ResolutionRow[]> {
  const [types, goals] = await Promise.all([requestTypeRefs(db), slaGoalsByRequestType(db)]);
  const targetOf = (typeId: string) => {
    const typeGoals = goals.get(typeId) ?? [];
    return typeGoals.find((goal) => goal.metricKey === metric) ?? typeGoals[0] ?? null;
  };
  const targetMetrics = types.flatMap((type) => targetOf(type.id)?.metricKey ?? []);
  const totals = await stoppedClockTotals(db, range, [...new Set([metric, ...targetMetrics])]);
  const histograms = await stoppedClockHistograms(db, range, metric, totals);
  const find = (typeId: string, metricKey: string | undefined) =>
    totals.find((total) => total.requestTypeId === typeId && total.metricKey === metricKey);
  return types.map((type): ResolutionRow => {
    const row = find(type.id, metric);
    const target = targetOf(type.id);
    const outcome = find(type.id, target?.metricKey);
    const histogram = histograms.get(type.id);
    const average = row && row.count > 0 ? row.sumSeconds / row.count : null;
    const at = (p: number) => (histogram ? round2(percentile(histogram, p)) : null);
    return {
      requestType: type.key,
      name: type.name,
      count: row?.count ?? 0,
      averageSeconds: round2(average),
      p50Seconds: at(0.5),
      p90Seconds: at(0.9),
      p95Seconds: at(0.95),
      minSeconds: row ? row.minSeconds : null,
      maxSeconds: row ? row.maxSeconds : null,
      targetMetric: target?.metricKey ?? null,
      targetSeconds: target?.goalSeconds ?? null,
      metCount: outcome?.met ?? 0,
      breachedCount: outcome?.breached ?? 0,
      improvementPercentage: target && average ? improvementPercentage(target.goalSeconds, average) : null,
      averageWithinTarget: target && average !== null ? average <= target.goalSeconds : null,
    };
  });
}
