// SLA met and breached per request type and goal of its policy: clocks that stopped within the
// range, and the clocks still open now (breached already, or past their warning).
import type { Db } from '../../db/client.js';
import { openClockTotals, slaGoalsByRequestType, stoppedClockTotals } from '../sla/index.js';
import type { ReportRange } from './range.js';
import { requestTypeRefs } from './resolution.js';

export interface SlaOutcomeRow {
  requestType: string;
  name: string;
  metric: string;
  goalSeconds: number;
  completed: number;
  met: number;
  breached: number;
  /** met / completed × 100; null when none completed. */
  metPercentage: number | null;
  open: number;
  openBreached: number;
  /** Open, past the warning share, not yet breached. */
  openAtRisk: number;
}

export async function slaOutcomeReport(db: Db, range: ReportRange, now: Date): Promise<SlaOutcomeRow[]> {
  const [types, goals] = await Promise.all([requestTypeRefs(db), slaGoalsByRequestType(db)]);
  const metricKeys = [...new Set([...goals.values()].flat().map((goal) => goal.metricKey))];
  const [stopped, open] = await Promise.all([
    stoppedClockTotals(db, range, metricKeys),
    openClockTotals(db, now),
  ]);
  return types.flatMap((type) =>
    (goals.get(type.id) ?? []).map((goal) => {
      const done = stopped.find((row) => row.requestTypeId === type.id && row.metricKey === goal.metricKey);
      const live = open.find((row) => row.requestTypeId === type.id && row.metricKey === goal.metricKey);
      const completed = done?.count ?? 0;
      return {
        requestType: type.key,
        name: type.name,
        metric: goal.metricKey,
        goalSeconds: goal.goalSeconds,
        completed,
        met: done?.met ?? 0,
        breached: done?.breached ?? 0,
        metPercentage: completed === 0 ? null : Math.round((10_000 * (done?.met ?? 0)) / completed) / 100,
        open: live?.open ?? 0,
        openBreached: live?.breached ?? 0,
        openAtRisk: live?.atRisk ?? 0,
      };
    }),
  );
}
