import { z } from 'zod';
import {
  type ClockCondition,
  metricKeySchema,
  type PauseCondition,
  slaMetricSchema,
} from '../../../shared/api/sla.js';

// An SLA policy is data that admins edit as JSON; its metrics and conditions are part of the API
// contract (src/shared/api/sla.ts, which says what the conditions mean).
export {
  type ClockCondition,
  clockConditionSchema,
  type PauseCondition,
  pauseConditionSchema,
  type SlaMetric,
  type SlaMetricInput,
  slaMetricSchema,
} from '../../../shared/api/sla.js';

export const slaPolicySchema = z.strictObject({
  key: metricKeySchema,
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
