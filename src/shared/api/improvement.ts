// The improvement API: continual improvement initiatives by the seven steps of the ITIL continual
// improvement model (paper, section 4): what admins send, what is stored, and how it is measured.
import { z } from 'zod';
import { patchOf } from '../patch.js';
import { dateTime } from './common.js';
import { rangeQuery } from './reports.js';

export const initiativeKeySchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lowercase letters, digits and dashes (at most 63)');
const requestTypeKey = z.string().min(1).max(100);
const isoDate = z.iso.date();

export const needFurtherSupportShare = 'need_further_support_share';

/** Step 3, where do we want to be: a goal per metric (and request type). */
export const targetSchema = z
  .object({
    /** An SLA metric key (an average in seconds), or need_further_support_share (a percentage). */
    metric: z.string().regex(/^[a-z][a-z0-9_]*$/),
    /** Required for time metrics; for the share, null means all request types together. */
    requestType: requestTypeKey.nullable().default(null),
    comparison: z.enum(['at_most', 'below']).default('at_most'),
    /** Seconds for time metrics, percent for the share. */
    value: z.number().positive(),
    note: z.string().max(2000).default(''),
  })
  .strict()
  .refine((target) => target.metric === needFurtherSupportShare || target.requestType !== null, {
    message: 'a time target names its request type',
    path: ['requestType'],
  });
export type Target = z.infer<typeof targetSchema>;

/** Step 4, how do we get there: the service improvement plan (the paper's Table 4). */
export const planItemSchema = z
  .object({
    process: z.string().min(1).max(200).describe('process or service concerned'),
    requestType: requestTypeKey.nullable().default(null),
    priority: z.enum(['very_low', 'low', 'medium', 'high', 'very_high']),
    description: z.string().max(5000).default(''),
    sourceOfMeasure: z.string().max(500).default(''),
    implementationFrom: isoDate.nullable().default(null),
    implementationTo: isoDate.nullable().default(null),
    expectedRelease: isoDate.nullable().default(null),
    expectedOutcome: z.string().max(2000).default(''),
    desiredResults: z.array(z.string().min(1).max(2000)).max(20).default([]),
  })
  .strict();
export type PlanItem = z.infer<typeof planItemSchema>;

/** Step 5, take action: the request types delivered, tickets worked, releases made. */
export const actionSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('request_type'),
      requestType: requestTypeKey,
      releasedAt: isoDate.nullable().default(null),
      note: z.string().max(2000).default(''),
    })
    .strict(),
  z
    .object({
      kind: z.literal('ticket'),
      ticket: z.string().regex(/^[A-Za-z]+-\d+$/),
      note: z.string().max(2000).default(''),
    })
    .strict(),
  z
    .object({
      kind: z.literal('release'),
      name: z.string().min(1).max(200),
      releasedAt: isoDate.nullable().default(null),
      url: z.url().nullable().default(null),
      note: z.string().max(2000).default(''),
    })
    .strict(),
]);
export type Action = z.infer<typeof actionSchema>;

export const initiativeFieldsSchema = z
  .object({
    title: z.string().trim().min(1).max(200),
    status: z.enum(['planned', 'in_progress', 'done']).default('planned'),
    /** Step 1, what is the vision. */
    vision: z.string().max(10_000).default(''),
    /** Step 2, where are we now: a stored baseline (by name) and words. */
    baseline: z.string().max(100).nullable().default(null),
    currentState: z.string().max(10_000).default(''),
    targets: z.array(targetSchema).max(100).default([]),
    plan: z.array(planItemSchema).max(100).default([]),
    actions: z.array(actionSchema).max(500).default([]),
    /** Step 6 measures tickets from this date to `measureTo` (default: until now). */
    measureFrom: isoDate,
    measureTo: isoDate.nullable().default(null),
    timeZone: z.string().default('UTC'),
  })
  .strict();
export type InitiativeFields = z.infer<typeof initiativeFieldsSchema>;

export const initiativeCreateSchema = initiativeFieldsSchema.extend({ key: initiativeKeySchema }).strict();
export const initiativePatchSchema = patchOf(initiativeFieldsSchema);

/** Step 7, keep the momentum: notes, lessons and documentation links. */
export const noteSchema = z
  .object({
    kind: z.enum(['note', 'lesson', 'documentation']).default('note'),
    body: z.string().trim().min(1).max(10_000),
    url: z.url().nullable().default(null),
  })
  .strict();

export const noteOut = z.object({
  id: z.uuid(),
  kind: z.string(),
  body: z.string(),
  url: z.string().nullable(),
  author: z.string(),
  at: dateTime,
});
export const progressOut = z.object({
  from: dateTime,
  to: dateTime,
  timeZone: z.string(),
  allMet: z.boolean().nullable(),
  results: z.array(
    z.object({
      metric: z.string(),
      requestType: z.string().nullable(),
      comparison: z.string(),
      value: z.number(),
      note: z.string(),
      unit: z.enum(['seconds', 'percent']),
      actual: z.number().nullable(),
      /** H:MM:SS of actual, for averages. */
      actualHms: z.string().nullable(),
      count: z.number(),
      met: z.boolean().nullable(),
      improvementPercentage: z.number().nullable(),
      baselineSeconds: z.number().nullable(),
      improvementOverBaseline: z.number().nullable(),
    }),
  ),
});
export const initiativeOut = z.object({
  key: z.string(),
  title: z.string(),
  status: z.string(),
  vision: z.string().describe('step 1: what is the vision'),
  whereAreWeNow: z.object({
    summary: z.string(),
    baseline: z
      .object({
        name: z.string(),
        table: z.array(
          z.object({
            type: z.string(),
            label: z.string(),
            count: z.number().nullable(),
            averageResolutionSeconds: z.number().nullable(),
            unanswered: z.number().nullable(),
          }),
        ),
      })
      .nullable(),
  }),
  whereDoWeWantToBe: z.object({ targets: z.array(targetSchema) }),
  howDoWeGetThere: z.object({ plan: z.array(planItemSchema) }),
  takeAction: z.object({ actions: z.array(actionSchema) }),
  didWeGetThere: progressOut,
  keepTheMomentum: z.object({ notes: z.array(noteOut) }),
  measureFrom: z.string(),
  measureTo: z.string().nullable(),
  timeZone: z.string(),
  createdAt: dateTime,
  updatedAt: dateTime,
});

export type ProgressOut = z.infer<typeof progressOut>;

export const initiativeParams = z.object({ key: initiativeKeySchema });
export const initiativeListOut = z.array(
  z.object({ key: z.string(), title: z.string(), status: z.string(), updatedAt: dateTime }),
);
/** GET /improvements/{key}: didWeGetThere over another range than the initiative's own. */
export const initiativeRangeQuery = rangeQuery.partial();
