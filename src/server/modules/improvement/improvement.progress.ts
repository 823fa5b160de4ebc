// Step 6, did we get there: every target measured from ticket data over the initiative's period,
// with the same reports the API serves (averages from the SLA clocks, the share of tickets that
// entered need_further_support from history), next to the baseline where there is one.
import { DateTime } from 'luxon';
import { improvementPercentage } from '../../../shared/duration.js';
import type { Db } from '../../db/client.js';
import type { StoredBaselineRow } from '../baseline/index.js';
import {
  needFurtherSupportReport,
  type ReportRange,
  type ResolutionRow,
  resolutionTimeReport,
} from '../reports/index.js';
import { needFurtherSupportShare, type Target } from './improvement.definitions.js';

export interface TargetResult extends Target {
  unit: 'seconds' | 'percent';
  /** The measured average (seconds) or share (percent); null without data. */
  actual: number | null;
  /** Tickets (share) or stopped clocks (averages) measured. */
  count: number;
  met: boolean | null;
  /** (target − actual) / actual × 100 for averages, the paper's Table 7 column. */
  improvementPercentage: number | null;
  baselineSeconds: number | null;
  /** (baseline − actual) / actual × 100. */
  improvementOverBaseline: number | null;
}

export interface Progress {
  from: Date;
  to: Date;
  timeZone: string;
  results: TargetResult[];
  /** Every target with data met, and at least one measured; null when nothing could be measured. */
  allMet: boolean | null;
}

export function measurementRange(
  initiative: { measureFrom: string; measureTo: string | null; timeZone: string },
  now: Date,
): ReportRange {
  const zone = initiative.timeZone;
  return {
    from: DateTime.fromISO(initiative.measureFrom, { zone }).toJSDate(),
    to: initiative.measureTo
      ? DateTime.fromISO(initiative.measureTo, { zone }).plus({ days: 1 }).toJSDate()
      : now,
    timeZone: zone,
  };
}

const compare = (target: Target, actual: number) =>
  target.comparison === 'below' ? actual < target.value : actual <= target.value;

export async function measureProgress(
  db: Db,
  targets: readonly Target[],
  baseline: readonly StoredBaselineRow[] | null,
  range: ReportRange,
): Promise<Progress> {
  const averages = new Map<string, ResolutionRow[]>();
  const share = targets.some((target) => target.metric === needFurtherSupportShare)
    ? await needFurtherSupportReport(db, range)
    : null;
  const results: TargetResult[] = [];
  for (const target of targets) {
    if (target.metric === needFurtherSupportShare) {
      const row = target.requestType
        ? share!.requestTypes.find((r) => r.requestType === target.requestType)
        : share!;
      const count = row?.total ?? 0;
      const actual = count > 0 ? row!.percentage : null;
      results.push({
        ...target,
        unit: 'percent',
        actual,
        count,
        met: actual === null ? null : compare(target, actual),
        improvementPercentage: null,
        baselineSeconds: null,
        improvementOverBaseline: null,
      });
      continue;
    }
    if (!averages.has(target.metric))
      averages.set(target.metric, await resolutionTimeReport(db, range, target.metric));
    const row = averages.get(target.metric)!.find((r) => r.requestType === target.requestType);
    const actual = row?.averageSeconds ?? null;
    const before = baseline?.find((r) => r.type === target.requestType)?.averageResolutionSeconds ?? null;
    const measurable = actual !== null && actual > 0;
    results.push({
      ...target,
      unit: 'seconds',
      actual,
      count: row?.count ?? 0,
      met: actual === null ? null : compare(target, actual),
      improvementPercentage: measurable ? improvementPercentage(target.value, actual) : null,
      baselineSeconds: before,
      improvementOverBaseline: measurable && before !== null ? improvementPercentage(before, actual) : null,
    });
  }
  const measured = results.filter((result) => result.met !== null);
  return {
    ...range,
    results,
    allMet: measured.length === 0 ? null : measured.every((result) => result.met),
  };
}
