// The availability report (CONTRACT: GET /reports/availability?service&from&to answers
// availabilityPercent, mtbfSeconds, mttrSeconds, outages), with the intervals behind the number.
import { z } from 'zod';
import { dateTime } from './common.js';
import { rangeQuery } from './reports.js';

export const availabilityQuery = rangeQuery.extend({
  service: z.string().min(1).max(200).describe('a service: its id or its name'),
  partialWeight: z.coerce
    .number()
    .min(0)
    .max(1)
    .default(0.3)
    .describe(
      'how much a second of partial outage counts as down (a major outage counts 1); default 0.3 as on the status page',
    ),
  target: z.coerce
    .number()
    .gt(0)
    .lt(100)
    .optional()
    .describe('an availability target in percent, e.g. 99.9: the answer adds its error budget'),
  format: z
    .enum(['json', 'csv'])
    .optional()
    .describe('csv: the outage intervals as CSV (or send Accept: text/csv)'),
});
export type AvailabilityQuery = z.infer<typeof availabilityQuery>;

export const availabilityOutageOut = z.object({
  start: dateTime,
  end: dateTime.describe('exclusive; the end of the period or now while it goes on'),
  ongoing: z.boolean(),
  /** major_outage when a major outage was part of it, else partial_outage. */
  worst: z.enum(['major_outage', 'partial_outage']),
  downSeconds: z.number().describe('maintenance left out'),
  weightedDownSeconds: z.number(),
  incidents: z.array(z.string()).describe('keys of the incidents behind it'),
});

export const availabilityOut = z.object({
  service: z.object({ id: z.string(), name: z.string() }),
  from: dateTime,
  to: dateTime.describe('exclusive'),
  timeZone: z.string(),
  partialWeight: z.number(),
  availabilityPercent: z.number().describe('(agreed time − weighted downtime) ÷ agreed time × 100'),
  mtbfSeconds: z.number().nullable().describe('mean uptime between failures; null without outages'),
  mttrSeconds: z.number().nullable().describe('mean time to restore service; null without outages'),
  outages: z.number().int().describe('outages in the period, overlapping ones counted once'),
  agreedSeconds: z.number().describe('the period less declared maintenance'),
  maintenanceSeconds: z
    .number()
    .describe('declared maintenance and changes implemented inside their approved window'),
  maintenanceChanges: z.array(z.string()).describe('keys of the changes whose windows were left out'),
  downSeconds: z.number(),
  weightedDownSeconds: z.number(),
  target: z.number().nullable(),
  errorBudget: z
    .object({
      budgetSeconds: z.number().describe('weighted downtime the target allows over the agreed time'),
      remainingSeconds: z.number().describe('negative once spent'),
      burnRate: z.number().describe('(1 − availability) ÷ (1 − target)'),
    })
    .nullable()
    .describe('null without a target'),
  intervals: z.array(availabilityOutageOut),
});
export type AvailabilityInterval = z.infer<typeof availabilityOutageOut>;
export type AvailabilityReport = z.infer<typeof availabilityOut>;
