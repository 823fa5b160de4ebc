// The baselines API: chat exports analysed into the paper's Table 2 (or a Table 2 typed in), the
// requests recognised in them for review, and the stored classifier model.
import { z } from 'zod';
import { dateTime } from './common.js';

// The manual, repetitive staging requests the paper measured (its Table 1). Keys are stable:
// stored baselines, training examples and the catalogue's request types refer to them.
export const requestTypeKeys = [
  'start-request-only-staging',
  'recreate-staging',
  'copy-database-data',
  'create-staging-domain',
] as const;
export const requestTypeKeySchema = z.enum(requestTypeKeys);
export type RequestTypeKey = z.infer<typeof requestTypeKeySchema>;

export const baselineNameSchema = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9 ._-]{0,99}$/,
    'letters, digits, spaces, dots, dashes and underscores (at most 100)',
  );
export const baselineParams = z.object({ name: baselineNameSchema });

const tableRowOut = z.object({
  type: z.string(),
  label: z.string(),
  count: z.number().nullable(),
  averageResolutionSeconds: z.number().nullable(),
  average: z.string().nullable().describe('H:MM:SS, as the paper’s Table 2 prints it'),
  unanswered: z.number().nullable(),
});
export const baselineOut = z.object({
  name: z.string(),
  source: z.enum(['chat_export', 'manual']),
  description: z.string(),
  options: z.record(z.string(), z.unknown()),
  messageCount: z.number().nullable(),
  periodFrom: dateTime.nullable(),
  periodTo: dateTime.nullable(),
  requests: z.number().describe('requests counted in the table'),
  table: z.array(tableRowOut),
  createdBy: z.string(),
  createdAt: dateTime,
  updatedAt: dateTime,
});
export type BaselineOut = z.infer<typeof baselineOut>;
export const baselineListOut = z.array(baselineOut);

export const recognisedRequestOut = z.object({
  id: z.uuid(),
  position: z.number(),
  line: z.number(),
  messageId: z.string().nullable(),
  author: z.string(),
  at: dateTime,
  text: z.string(),
  detectedType: z.string(),
  confidence: z.number(),
  via: z.string(),
  type: z.string().nullable().describe('null: marked not a request'),
  answer: z.object({ at: dateTime, author: z.string(), text: z.string() }).nullable(),
  resolutionSeconds: z.number().nullable(),
  reviewedBy: z.string().nullable(),
  reviewedAt: dateTime.nullable(),
});
export type RecognisedRequestOut = z.infer<typeof recognisedRequestOut>;
export const recognisedRequestListOut = z.array(recognisedRequestOut);

/** POST /baselines: the CSV is the body (text/csv), the options are in the query string. */
export const chatImportQuery = z
  .object({
    name: baselineNameSchema,
    support: z
      .string()
      .min(1)
      .optional()
      .describe(
        'comma-separated names of the support team as they appear in the export; without it the team is inferred from who answers requests',
      ),
    timeZone: z.string().optional().describe('for exports whose dates carry no offset'),
    dayFirst: z.enum(['true', 'false']).default('false').describe('01/02/2023 is 1 February'),
    description: z.string().max(2000).optional(),
  })
  .strict();
export const chatExportBody = z.string().min(1, 'the CSV is empty');

export const manualRowSchema = z
  .object({
    type: requestTypeKeySchema,
    averageResolutionSeconds: z.number().int().min(0).nullable(),
    count: z.number().int().min(0).nullable().default(null),
    unanswered: z.number().int().min(0).nullable().default(null),
  })
  .strict();
export const manualBaselineIn = z
  .object({
    name: baselineNameSchema,
    description: z.string().max(2000).optional(),
    rows: z.array(manualRowSchema).min(1).max(50),
  })
  .strict();

export const baselineFormatQuery = z.object({ format: z.enum(['json', 'csv']).optional() }).strict();

export const requestFilterSchema = z.object({
  type: z
    .union([requestTypeKeySchema, z.literal('none')])
    .optional()
    .describe('none: marked not a request'),
  reviewed: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

export const recognisedRequestParams = baselineParams.extend({ id: z.uuid() });
export const reviewIn = z.object({ type: requestTypeKeySchema.nullable() }).strict();
export const reviewOut = z.object({ request: recognisedRequestOut, baseline: baselineOut });

export const baselineModelOut = z
  .object({ bundledExamples: z.number(), corrections: z.number(), updatedAt: dateTime })
  .nullable();
