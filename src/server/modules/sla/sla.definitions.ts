import type { Calendar, SlaMetric, StoredSlaMetric } from '../../../shared/api/sla.js';

// Policies as admins store them (metrics naming a stored calendar by key) are part of the API
// contract (src/shared/api/sla.ts).
export {
  allDayCalendarKey,
  calendarKeySchema,
  policyKeySchema,
  type StoredSlaMetric,
  type StoredSlaMetricInput,
  storedPolicyMetricsSchema,
  storedSlaMetricSchema,
} from '../../../shared/api/sla.js';

/** The policy in force for a request type, with its calendars looked up. */
export interface ResolvedPolicy {
  id: string;
  key: string;
  name: string;
  version: number;
  metrics: SlaMetric[];
}

/** A stored metric with its calendar in place, ready for `computeClock`. */
export function resolveMetric(metric: StoredSlaMetric, calendars: ReadonlyMap<string, Calendar>): SlaMetric {
  const calendar = calendars.get(metric.calendar);
  if (!calendar) throw new Error(`metric ${metric.key} uses the unknown calendar ${metric.calendar}`);
  return { ...metric, calendar };
}

/** The metrics with a goal, as the catalog shows them (request_types.sla_targets). */
export function slaTargetsOf(metrics: readonly Pick<StoredSlaMetric, 'key' | 'goalSeconds'>[]) {
  return metrics.flatMap((metric) =>
    metric.goalSeconds === null ? [] : [{ metric: metric.key, goalSeconds: metric.goalSeconds }],
  );
}
