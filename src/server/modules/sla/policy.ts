import { z } from 'zod';
import { calendarSchema } from './calendar.js';

// An SLA policy is data that admins edit as JSON. Its conditions speak of the ticket's history
// only, in three words:
//   { "on": "created" }                         the ticket was created
//   { "on": "entered", "status": "in_progress" } the ticket came into a status (creation enters
//                                                its initial status)
//   { "on": "left", "status": "in_progress" }    the ticket went out of a status
// and pauses say where time does not count: { "whileIn": "waiting_for_customer" }.
// Several conditions in one list mean "any of them". Status keys are whatever the workflow
// uses; nothing here knows the default workflow.

const statusKey = z.string().min(1);

export const clockConditionSchema = z.discriminatedUnion('on', [
  z.strictObject({ on: z.literal('created') }),
  z.strictObject({ on: z.literal('entered'), status: statusKey }),
  z.strictObject({ on: z.literal('left'), status: statusKey }),
]);
export type ClockCondition = z.infer<typeof clockConditionSchema>;

export const pauseConditionSchema = z.strictObject({ whileIn: statusKey });
export type PauseCondition = z.infer<typeof pauseConditionSchema>;

const keySchema = z.string().regex(/^[a-z][a-z0-9_]*$/, 'expected a key like time_to_resolution');

export const slaMetricSchema = z.strictObject({
  key: keySchema,
  name: z.string().min(1),
  /** null: the clock is measured and explained but promises nothing (no warning, no breach). */
  goalSeconds: z.number().int().positive().nullable(),
  /** Share of the goal at which a warning is due, e.g. 0.8. */
  warnAtShare: z.number().gt(0).max(1).default(0.8),
  calendar: calendarSchema,
  start: z.array(clockConditionSchema).min(1),
  pause: z.array(pauseConditionSchema).default([]),
  stop: z.array(clockConditionSchema).default([]),
  /**
   * When a stopped clock's start condition fires again (a reopen): 'continue' keeps counting on
   * top of the time already spent; 'new_cycle' measures the new round against the goal afresh.
   */
  onRestart: z.enum(['continue', 'new_cycle']),
});
export type SlaMetric = z.infer<typeof slaMetricSchema>;
export type SlaMetricInput = z.input<typeof slaMetricSchema>;

export const slaPolicySchema = z.strictObject({
  key: keySchema,
  name: z.string().min(1),
  metrics: z
    .array(slaMetricSchema)
    .min(1)
    .refine(
      (metrics) => new Set(metrics.map((metric) => metric.key)).size === metrics.length,
      'two metrics share a key',
    ),
});
export type SlaPolicy = z.infer<typeof slaPolicySchema>;
export type SlaPolicyInput = z.input<typeof slaPolicySchema>;

/** What one history event did to the ticket's status, in the terms conditions speak. */
export interface StatusChange {
  created: boolean;
  left: string | null;
  entered: string;
}

function fires(condition: ClockCondition, change: StatusChange): boolean {
  switch (condition.on) {
    case 'created':
      return change.created;
    case 'entered':
      return change.entered === condition.status;
    case 'left':
      return change.left === condition.status;
  }
}

export function anyConditionFires(conditions: readonly ClockCondition[], change: StatusChange): boolean {
  return conditions.some((condition) => fires(condition, change));
}

export function pausedIn(pause: readonly PauseCondition[], status: string): boolean {
  return pause.some((condition) => condition.whileIn === status);
}
