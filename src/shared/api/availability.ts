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
  calendar: z
    .string()
    .min(1)
    .max(100)
    .optional()
    .describe(
      'the key of a working-time calendar (SLA calendars): only time inside its hours is agreed service time',
    ),
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
  agreedSeconds: z
    .number()
    .describe('the period less declared maintenance and time outside the service hours'),
  calendar: z
    .object({ key: z.string(), name: z.string() })
    .nullable()
    .describe('the service hours applied; null: all hours'),
  outsideHoursSeconds: z.number().describe('time outside the service hours (0 without a calendar)'),
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

// Seed 004's "before and after" a change: the same figures over equal periods either side of the
// change's implementation (the implementation itself belongs to neither).
export const changeComparisonQuery = z.object({
  service: z.string().min(1).max(200).describe('a service: its id or its name'),
  change: z.string().min(1).max(40).describe('the key of an implemented change, e.g. CHG-12'),
  days: z.coerce.number().int().min(1).max(366).default(30).describe('length of each period in days'),
  partialWeight: availabilityQuery.shape.partialWeight,
  calendar: availabilityQuery.shape.calendar,
});
export type ChangeComparisonQuery = z.infer<typeof changeComparisonQuery>;

const comparedPeriod = z.object({
  from: dateTime,
  to: dateTime.describe('exclusive; after a change, never later than now'),
  availabilityPercent: z.number(),
  mtbfSeconds: z.number().nullable(),
  mttrSeconds: z.number().nullable(),
  outages: z.number().int(),
  weightedDownSeconds: z.number(),
  intervals: z.array(availabilityOutageOut),
});

export const changeComparisonOut = z.object({
  service: z.object({ id: z.string(), name: z.string() }),
  change: z.object({
    key: z.string(),
    title: z.string(),
    implementedFrom: dateTime,
    implementedTo: dateTime.nullable().describe('null while it goes on'),
  }),
  days: z.number().int(),
  before: comparedPeriod,
  after: comparedPeriod.nullable().describe('null while the change is being implemented'),
  delta: z
    .object({
      availabilityPoints: z.number().describe('after − before, in percentage points'),
      mtbfSeconds: z.number().nullable(),
      mttrSeconds: z.number().nullable(),
      outages: z.number().int(),
    })
    .nullable(),
});
export type ChangeComparison = z.infer<typeof changeComparisonOut>;
