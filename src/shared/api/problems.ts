// The problem practice's API contract: opening and changing problems (root cause, workaround,
// affected CIs), linking incidents, the problem part of a ticket's view, known errors shown on
// incidents, and the recurring-incident detector's proposals.
import { z } from 'zod';
import { patchOf } from '../patch.js';
import { dateTime } from './common.js';

const ciRef = z.string().min(1).max(300);
const priorities = ['critical', 'high', 'moderate', 'low', 'planning'] as const;
const ticketKey = z.string().trim().min(1).max(40);

export const problemIn = z
  .object({
    title: z.string().trim().min(1).max(300),
    description: z.string().max(20_000).optional(),
    priority: z.enum(priorities).optional().describe('default moderate'),
    service: ciRef.optional().describe('the affected service: id or name'),
    cis: z.array(ciRef).max(100).optional().describe('affected CIs: ids, names or class/name'),
    incidents: z.array(ticketKey).max(200).optional().describe('keys of incidents this problem causes'),
    team: z.string().max(63).optional(),
    rootCause: z.string().max(20_000).optional(),
    workaround: z.string().max(20_000).optional(),
  })
  .strict();

export const problemPatchIn = patchOf(
  z.object({
    description: z.string().max(20_000),
    cis: z.array(ciRef).max(100).describe('replaces the affected CIs and services'),
    rootCause: z.string().max(20_000).nullable(),
    workaround: z.string().max(20_000).nullable(),
  }),
);

export const problemIncidentIn = z.object({ incident: ticketKey }).strict();

const ticketBrief = z.object({
  key: z.string(),
  title: z.string(),
  status: z.string(),
  priority: z.string(),
  createdAt: dateTime,
});

export const problemPartOut = z.object({
  description: z.string(),
  rootCause: z.string().nullable(),
  workaround: z.string().nullable(),
  knownErrorAt: dateTime.nullable(),
  fromProposal: z.boolean(),
  incidents: z.array(ticketBrief).describe('the incidents this problem causes'),
});

export const knownErrorOut = z.object({
  key: z.string(),
  title: z.string(),
  workaround: z.string().nullable(),
  matches: z.array(z.string()).describe('names of the CIs and services it shares with the incident'),
});

/** What the ticket view adds for a problem, and the known errors matching an incident. */
export const problemViewFields = {
  problem: problemPartOut.optional(),
  knownErrors: z
    .array(knownErrorOut)
    .optional()
    .describe('incidents: known errors (problems) on the same CIs or services, with their workaround'),
};

export const proposalOut = z.object({
  id: z.uuid(),
  state: z.enum(['pending', 'accepted', 'dismissed']),
  title: z.string(),
  ci: z.object({ id: z.uuid(), class: z.string(), name: z.string() }),
  incidents: z.array(ticketBrief),
  evidence: z.object({
    count: z.number(),
    windowDays: z.number(),
    words: z.array(z.string()).describe('words the incidents share'),
  }),
  createdAt: dateTime,
  decidedAt: dateTime.nullable(),
  decidedBy: z.string().nullable(),
  problem: z.string().nullable().describe('key of the problem made when accepted'),
});
export const proposalsOut = z.array(proposalOut);
export const proposalsQuery = z
  .object({ state: z.enum(['pending', 'accepted', 'dismissed']).default('pending') })
  .strict();
export const proposalParams = z.object({ id: z.uuid() }).strict();
export const acceptIn = z
  .object({ title: z.string().trim().min(1).max(300).optional() })
  .strict()
  .default({});
export const dismissIn = z
  .object({ reason: z.string().trim().max(2000).optional() })
  .strict()
  .default({});

export const detectionSettings = z
  .object({
    threshold: z.number().int().min(2).max(100).describe('incidents on one CI or service (default 3)'),
    windowDays: z.number().int().min(1).max(365).describe('within this many days (default 30)'),
    similarity: z.number().min(0).max(1).describe('how alike their words must be, 0–1 (default 0.3)'),
  })
  .strict();
export const detectOut = z.object({ proposed: z.number() });
