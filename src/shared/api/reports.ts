// The reports API: each report takes a date range (and a format: JSON with chart data, or CSV) and
// answers its rows plus a `chart` part (labels and series) ready for a bar or line chart.
import { z } from 'zod';
import { dateOrDateTime, dateTime, isTimeZone } from './common.js';

// The date range every report takes: `from` and `to` as dates (whole local days, `to` included)
// or instants, in the report's time zone (default UTC). Without them: the last 30 days up to now.
export const rangeQuery = z.object({
  from: dateOrDateTime
    .optional()
    .describe('a date (start of that day) or an instant; default: 30 days before `to`'),
  to: dateOrDateTime
    .optional()
    .describe('a date (that whole day included) or an instant (excluded); default: now'),
  timeZone: z
    .string()
    .refine(isTimeZone, 'not an IANA time zone, e.g. Asia/Jakarta')
    .default('UTC')
    .describe('the zone in which dates and days are read'),
});
export type RangeQuery = z.infer<typeof rangeQuery>;

export const chartOut = z.object({
  labels: z.array(z.string()),
  series: z.array(
    z.object({
      key: z.string(),
      label: z.string(),
      unit: z.enum(['seconds', 'count', 'percent']),
      data: z.array(z.number().nullable()),
    }),
  ),
});
export type Chart = z.infer<typeof chartOut>;

export const buckets = ['day', 'week', 'month'] as const;
export type Bucket = (typeof buckets)[number];

const format = z
  .enum(['json', 'csv'])
  .optional()
  .describe('csv: the same rows as CSV (or send Accept: text/csv)');
const rangeOut = { from: dateTime, to: dateTime.describe('exclusive'), timeZone: z.string() };
const metric = z
  .string()
  .regex(/^[a-z][a-z0-9_]*$/)
  .default('time_to_resolution');

export const resolutionTimeQuery = rangeQuery.extend({ metric, format });
export const resolutionTimeOut = z.object({
  ...rangeOut,
  metric: z.string(),
  requestTypes: z.array(
    z.object({
      requestType: z.string(),
      name: z.string(),
      count: z.number(),
      averageSeconds: z.number().nullable(),
      p50Seconds: z.number().nullable(),
      p90Seconds: z.number().nullable(),
      p95Seconds: z.number().nullable(),
      minSeconds: z.number().nullable(),
      maxSeconds: z.number().nullable(),
      targetMetric: z.string().nullable(),
      targetSeconds: z.number().nullable(),
      metCount: z.number(),
      breachedCount: z.number(),
      /** (target − average) / average × 100, the paper's Table 7 column; null without both. */
      improvementPercentage: z.number().nullable(),
      /** Whether the average is within the target; null without both. */
      averageWithinTarget: z.boolean().nullable(),
    }),
  ),
  chart: chartOut,
});

export const needFurtherSupportQuery = rangeQuery.extend({ format });
export const needFurtherSupportOut = z.object({
  ...rangeOut,
  total: z.number(),
  withNeedFurtherSupport: z.number(),
  percentage: z.number().describe('rounded to 2 decimals: 5 of 108 → 4.63'),
  requestTypes: z.array(
    z.object({
      requestType: z.string(),
      name: z.string(),
      total: z.number(),
      withNeedFurtherSupport: z.number(),
      percentage: z.number(),
    }),
  ),
  chart: chartOut,
});

export const slaReportQuery = rangeQuery.extend({ format });
export const slaReportOut = z.object({
  ...rangeOut,
  rows: z.array(
    z.object({
      requestType: z.string(),
      name: z.string(),
      metric: z.string(),
      goalSeconds: z.number().nullable(),
      completed: z.number(),
      met: z.number(),
      breached: z.number(),
      metPercentage: z.number().nullable(),
      open: z.number(),
      openBreached: z.number(),
      openAtRisk: z.number(),
    }),
  ),
  chart: chartOut,
});

export const createdResolvedQuery = rangeQuery.extend({ format, bucket: z.enum(buckets).default('day') });
export const createdResolvedOut = z.object({
  ...rangeOut,
  bucket: z.enum(buckets),
  days: z.array(z.object({ day: z.string(), created: z.number(), resolved: z.number() })),
  chart: chartOut,
});

export const comparisonQuery = rangeQuery.extend({
  metric,
  against: z.enum(['baseline', 'target']).default('target'),
  baseline: z.string().max(100).optional().describe('the baseline’s name, with against=baseline'),
  format,
});
export const comparisonOut = z.object({
  ...rangeOut,
  metric: z.string(),
  against: z.string(),
  requestTypes: z.array(
    z.object({
      requestType: z.string(),
      name: z.string(),
      beforeSeconds: z.number().nullable(),
      actualSeconds: z.number().nullable(),
      count: z.number(),
      improvementPercentage: z.number().nullable(),
      /** The actual average is below the baseline or target; null without both. */
      improved: z.boolean().nullable(),
    }),
  ),
  chart: chartOut,
});

export type ResolutionRow = z.infer<typeof resolutionTimeOut>['requestTypes'][number];
export type NeedFurtherSupportRow = z.infer<typeof needFurtherSupportOut>['requestTypes'][number];
export type ComparisonRow = z.infer<typeof comparisonOut>['requestTypes'][number];
export type DayCount = z.infer<typeof createdResolvedOut>['days'][number];
