// The capacity API: metrics per CI pushed in batches or pulled from Prometheus, forecasts with
// "days until the threshold" and their interval, capacity plans per service, and the rules that
// open a problem when a forecast crosses its threshold soon (PRACTICES §9).
import { z } from 'zod';
import { dateTime } from './common.js';

export const metricName = z
  .string()
  .regex(
    /^[a-z][a-z0-9_.:-]{0,99}$/,
    'a metric name: lower case letters, digits, _ . : -, starting with a letter (cpu, memory, disk, connections, …)',
  );

export const sampleIn = z.strictObject({
  ci: z.string().min(1).max(200).describe('a CI: its id, its name, or class/name'),
  metric: metricName,
  value: z.number().describe('a finite number (percent used, bytes, connections, …)'),
  at: dateTime.optional().describe('when it was measured; default now'),
});

export const samplesIn = z.strictObject({
  samples: z.array(sampleIn).min(1).max(10_000),
});
export type SamplesIn = z.infer<typeof samplesIn>;

export const samplesOut = z.object({ accepted: z.number().int(), cis: z.number().int() });

export const forecastQuery = z.object({
  ci: z.string().min(1).max(200).describe('a CI: its id, its name, or class/name'),
  metric: metricName,
  threshold: z.coerce
    .number()
    .refine(Number.isFinite, 'a finite number')
    .optional()
    .describe('the level to reach; default: the threshold of the capacity rule for this CI and metric'),
  horizonDays: z.coerce.number().int().min(1).max(365).default(60),
  engine: z
    .enum(['holt-winters', 'augurs'])
    .default('holt-winters')
    .describe('holt-winters (built in) or augurs (MSTL + AutoETS, WASM); falls back to holt-winters'),
});
export type ForecastQuery = z.infer<typeof forecastQuery>;

const crossingOut = z.object({
  expectedDays: z
    .number()
    .nullable()
    .describe('days from now until the point forecast reaches it; null: not within the horizon'),
  earliestDays: z.number().nullable().describe('days until the upper bound of the 95 % interval reaches it'),
  latestDays: z
    .number()
    .nullable()
    .describe('days until the lower bound reaches it; null: not surely within the horizon'),
  expectedAt: dateTime.nullable(),
});

export const forecastOut = z.object({
  ci: z.object({ id: z.string(), name: z.string() }),
  metric: z.string(),
  engine: z.enum(['holt-winters', 'augurs']),
  note: z.string().nullable().describe('why another engine than asked for answered, if so'),
  step: z.enum(['hour', 'day']),
  season: z.number().int().describe('season length in steps (168 or 24 hourly, 7 daily; 0 none)'),
  level: z.number().describe('the prediction interval level'),
  last: z.object({ at: dateTime, value: z.number() }),
  threshold: z.number().nullable(),
  crossing: crossingOut.nullable().describe('null without a threshold'),
  history: z.array(z.object({ at: dateTime, value: z.number() })),
  forecast: z.array(z.object({ at: dateTime, value: z.number(), lower: z.number(), upper: z.number() })),
});
export type ForecastOut = z.infer<typeof forecastOut>;

export const capacityRuleIn = z.strictObject({
  metric: metricName,
  ci: z.string().min(1).max(200).optional().describe('one CI; default every CI with this metric'),
  threshold: z.number(),
  withinDays: z
    .number()
    .int()
    .min(1)
    .max(365)
    .describe('open a problem when the forecast reaches the threshold within this many days'),
});

export const capacityRuleOut = z.object({
  id: z.string(),
  metric: z.string(),
  ci: z.object({ id: z.string(), name: z.string() }).nullable(),
  threshold: z.number(),
  withinDays: z.number().int(),
  enabled: z.boolean(),
  createdAt: dateTime,
});

export const evaluationOut = z.object({
  checked: z.number().int().describe('CI and metric pairs forecast'),
  opened: z.array(
    z.object({ problem: z.string(), ci: z.string(), metric: z.string(), expectedDays: z.number() }),
  ),
});

export const planParams = z.object({ service: z.string().min(1).max(200) });

export const planOut = z.object({
  service: z.object({ id: z.string(), name: z.string() }),
  rows: z.array(
    z.object({
      ci: z.object({ id: z.string(), name: z.string(), class: z.string() }),
      metric: z.string(),
      last: z.object({ at: dateTime, value: z.number() }),
      threshold: z.number().nullable(),
      headroom: z.number().nullable().describe('threshold − last value'),
      headroomPercent: z.number().nullable().describe('headroom as a percentage of the threshold'),
      crossing: crossingOut.nullable(),
      problem: z.string().nullable().describe('the problem a rule opened for it, if any'),
    }),
  ),
});
export type CapacityPlan = z.infer<typeof planOut>;

export const prometheusSourceIn = z.strictObject({
  name: z.string().min(1).max(100),
  url: z.url().describe('the Prometheus server, e.g. http://prometheus:9090'),
  query: z.string().min(1).max(2000).describe('a PromQL instant query'),
  metric: metricName.describe('the Opsdesk metric its values become'),
  ci: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .describe('one CI for every series; default: the `ciLabel` label names it'),
  ciLabel: z.string().min(1).max(100).default('instance'),
});

export const prometheusSourceOut = z.object({
  id: z.string(),
  name: z.string(),
  url: z.string(),
  query: z.string(),
  metric: z.string(),
  ciId: z.string().nullable(),
  ciLabel: z.string(),
  enabled: z.boolean(),
  lastRunAt: dateTime.nullable(),
  lastError: z.string().nullable(),
});

export const pullOut = z.object({
  stored: z.number().int(),
  skipped: z.array(z.string()).describe('series not stored, and why'),
});

/** Lists, as the routes answer them (one schema object, shared with the web app). */
export const capacityRulesOut = z.array(capacityRuleOut);
export const prometheusSourcesOut = z.array(prometheusSourceOut);
