import { z } from 'zod';
import type { Calendar } from './calendar.js';
import { type SlaMetric, slaMetricSchema } from './policy.js';

// Policies as admins store them: like the pure engine's SlaMetric, but naming a stored calendar
// by key, so that editing a calendar re-measures every policy that uses it.

export const calendarKeySchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'expected a key like berlin-office or 24x7');
export const policyKeySchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,62}$/, 'expected a key like staging_create_staging_domain');

/** The built-in 24×7 calendar (UTC), seeded by the migration. */
export const allDayCalendarKey = '24x7';

export const storedSlaMetricSchema = slaMetricSchema
  .omit({ calendar: true })
  .extend({ calendar: calendarKeySchema.default(allDayCalendarKey) });
export type StoredSlaMetric = z.infer<typeof storedSlaMetricSchema>;
export type StoredSlaMetricInput = z.input<typeof storedSlaMetricSchema>;

export const storedPolicyMetricsSchema = z
  .array(storedSlaMetricSchema)
  .min(1)
  .max(20)
  .refine(
    (metrics) => new Set(metrics.map((metric) => metric.key)).size === metrics.length,
    'two metrics share a key',
  );

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
