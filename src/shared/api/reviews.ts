// Post-incident reviews: the review of an incident (summary, impact, detection, response, recovery,
// five whys, root cause), its automatically assembled timeline, follow-up actions and reviewers.
import { z } from 'zod';
import { patchOf } from '../patch.js';
import { dateTime } from './common.js';

export const reviewStatuses = ['draft', 'in_review', 'published'] as const;
const text = z.string().max(20_000);

export const reviewPatchIn = patchOf(
  z.object({
    summary: text,
    impact: text,
    detection: text,
    response: text,
    recovery: text,
    rootCause: text.nullable(),
    whys: z
      .array(z.string().trim().min(1).max(2000))
      .max(10)
      .describe(
        'the answers, in order: the first answers why the incident happened, each next one why the answer before happened',
      ),
  }),
);

export const actionIn = z
  .object({
    title: z.string().trim().min(1).max(300),
    owner: z.string().min(1).max(254).describe('a user id, email or "me": an agent'),
    dueDate: z.iso.date().describe('YYYY-MM-DD'),
    ticket: z
      .string()
      .trim()
      .min(1)
      .max(40)
      .optional()
      .describe('an existing ticket to carry it; else a problem is opened'),
  })
  .strict();

export const reviewerIn = z.object({ user: z.string().min(1).max(254) }).strict();
export const reviewStatusIn = z.object({ status: z.enum(reviewStatuses) }).strict();

const person = z.object({ id: z.uuid(), displayName: z.string(), email: z.string() });

export const reviewOut = z.object({
  incident: z.object({ key: z.string(), title: z.string(), priority: z.string(), major: z.boolean() }),
  status: z.enum(reviewStatuses),
  summary: z.string(),
  impact: z.string(),
  detection: z.string(),
  response: z.string(),
  recovery: z.string(),
  rootCause: z.string().nullable(),
  whys: z.array(z.object({ question: z.string(), answer: z.string() })),
  timeline: z
    .array(z.object({ at: dateTime, kind: z.string(), author: z.string(), body: z.string() }))
    .describe('assembled from the incident: opened, status and role changes, updates, notes, impact'),
  metrics: z.object({
    impactStartedAt: dateTime,
    acknowledgedAt: dateTime.nullable(),
    impactEndedAt: dateTime.nullable(),
    timeToAcknowledgeSeconds: z.number().nullable(),
    timeToRecoverSeconds: z.number().nullable(),
  }),
  actions: z.array(
    z.object({
      id: z.number(),
      key: z.string(),
      title: z.string(),
      status: z.string(),
      done: z.boolean(),
      owner: person,
      dueDate: z.string(),
      overdue: z.boolean(),
    }),
  ),
  reviewers: z.array(z.object({ user: person, approvedAt: dateTime.nullable() })),
  createdAt: dateTime,
  updatedAt: dateTime,
  publishedAt: dateTime.nullable(),
});
