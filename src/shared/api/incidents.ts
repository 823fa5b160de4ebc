// The incidents practice's API contract: opening and changing incidents, the incident part of a
// ticket's view, major-incident roles and updates, suggestions while reporting, the priority matrix.
import { z } from 'zod';
import { patchOf } from '../patch.js';
import { dateTime, ticketKeyParams } from './common.js';

export const levels = ['high', 'medium', 'low'] as const;
export const priorities = ['critical', 'high', 'moderate', 'low', 'planning'] as const;
export const incidentRoles = ['commander', 'communications', 'scribe'] as const;
export const serviceStatusKeys = [
  'operational',
  'degraded_performance',
  'partial_outage',
  'major_outage',
  'under_maintenance',
] as const;
export const publicStatuses = ['investigating', 'identified', 'monitoring', 'resolved'] as const;

const ciRef = z.string().min(1).max(300);

export const incidentIn = z
  .object({
    title: z.string().trim().min(1).max(300),
    description: z.string().max(20_000).optional(),
    service: ciRef.optional().describe('the affected service: id or name'),
    cis: z.array(ciRef).max(100).optional().describe('affected CIs: ids, names or class/name'),
    impact: z.enum(levels),
    urgency: z.enum(levels),
    category: z.string().trim().min(1).max(100).optional(),
    team: z.string().max(63).optional().describe('agents only: the team that works it'),
    assignee: z.string().max(254).optional().describe('agents only: a user id, email or "me"'),
    impactStartedAt: z.iso.datetime({ offset: true }).optional(),
  })
  .strict();

export const incidentPatchIn = patchOf(
  z.object({
    impact: z.enum(levels),
    urgency: z.enum(levels),
    service: ciRef,
    cis: z.array(ciRef).max(100),
    category: z.string().trim().min(1).max(100).nullable(),
    description: z.string().max(20_000),
    serviceStatus: z
      .enum(serviceStatusKeys)
      .nullable()
      .describe("an agent's word on the services' status; null: from the priority"),
    workaround: z.string().max(20_000).nullable(),
    rootCause: z.string().max(20_000).nullable(),
    impactEndedAt: z.iso.datetime({ offset: true }).nullable(),
  }),
);

export const incidentPartOut = z.object({
  description: z.string(),
  impact: z.enum(levels),
  urgency: z.enum(levels),
  category: z.string().nullable(),
  source: z.string(),
  major: z.boolean(),
  majorDeclaredAt: dateTime.nullable(),
  majorReason: z.string().nullable(),
  serviceStatusOverride: z.string().nullable(),
  impactStartedAt: dateTime,
  acknowledgedAt: dateTime.nullable(),
  impactEndedAt: dateTime.nullable(),
  workaround: z.string().nullable(),
  rootCause: z.string().nullable(),
  nextUpdateDueAt: dateTime.nullable(),
  roles: z.array(
    z.object({
      role: z.enum(incidentRoles),
      user: z.object({ id: z.uuid(), displayName: z.string(), email: z.string() }),
      since: dateTime,
    }),
  ),
  timeline: z.array(
    z.object({
      id: z.number(),
      at: dateTime,
      kind: z.string(),
      visibility: z.enum(['internal', 'stakeholders', 'public']),
      author: z.string(),
      body: z.string(),
      data: z.unknown(),
    }),
  ),
});

/** What the ticket view adds for an incident. */
export const incidentViewFields = {
  incident: incidentPartOut.optional(),
  services: z
    .array(z.object({ id: z.uuid(), name: z.string(), depth: z.number(), path: z.array(z.uuid()) }))
    .optional()
    .describe('the services the incident reaches (impact analysis), with the path that makes each affected'),
  cis: z.array(z.object({ id: z.uuid(), class: z.string(), name: z.string() })).optional(),
};

export const majorIn = z.object({ major: z.boolean(), reason: z.string().trim().min(1).max(2000) }).strict();

export const roleIn = z
  .object({ user: z.string().max(254).nullable().describe('a user id, email or "me"; null ends the role') })
  .strict();

export const updateIn = z
  .object({
    body: z.string().trim().min(1).max(20_000),
    visibility: z
      .enum(['internal', 'stakeholders', 'public'])
      .describe(
        'internal: a note for responders; stakeholders: sent to the lists and followers; public: also on the status page',
      ),
    status: z.enum(publicStatuses).optional(),
    nextUpdateInMinutes: z
      .number()
      .int()
      .min(5)
      .max(7 * 24 * 60)
      .optional(),
  })
  .strict();

export const suggestionQuery = z
  .object({
    q: z.string().max(300).optional().describe('what the person is typing'),
    service: ciRef.optional(),
  })
  .strict();

export const suggestionsOut = z.array(
  z.object({
    key: z.string(),
    title: z.string(),
    status: z.string(),
    priority: z.string(),
    services: z.array(z.string()),
    why: z.string().describe('why it is suggested: the services it affects, or similar words'),
  }),
);

export const matrixOut = z
  .record(z.enum(levels), z.record(z.enum(levels), z.enum(priorities)))
  .describe('rows: impact; columns: urgency');
export const matrixIn = z
  .object({
    high: z
      .object({ high: z.enum(priorities), medium: z.enum(priorities), low: z.enum(priorities) })
      .strict(),
    medium: z
      .object({ high: z.enum(priorities), medium: z.enum(priorities), low: z.enum(priorities) })
      .strict(),
    low: z.object({ high: z.enum(priorities), medium: z.enum(priorities), low: z.enum(priorities) }).strict(),
  })
  .strict();

/** PUT /incidents/{key}/roles/{role}. */
export const incidentRoleParams = ticketKeyParams.extend({ role: z.enum(incidentRoles) });

/** GET /incidents/report: live counts of open incidents, and acknowledge/resolve times of those that started in the range. */
export const incidentReportQuery = z
  .object({
    from: z.iso.date().optional().describe('impact started on or after (default: 30 days ago)'),
    to: z.iso.date().optional().describe('impact started before the end of this day (default: today)'),
  })
  .strict();

const timing = z.object({
  count: z.number(),
  mttaSeconds: z.number().nullable().describe('mean time from impact start to acknowledgement'),
  mttrSeconds: z.number().nullable().describe('mean time from impact start to its end (resolution)'),
});

export const incidentReportOut = z.object({
  from: z.string(),
  to: z.string(),
  open: z.object({
    total: z.number(),
    byPriority: z.array(z.object({ priority: z.enum(priorities), count: z.number() })),
    byService: z.array(z.object({ service: z.string(), count: z.number(), worst: z.enum(priorities) })),
  }),
  byPriority: z.array(timing.extend({ priority: z.enum(priorities) })),
  byService: z.array(timing.extend({ service: z.string() })),
  problems: z.object({ opened: z.number(), resolved: z.number() }),
});
