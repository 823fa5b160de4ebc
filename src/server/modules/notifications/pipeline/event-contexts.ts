// What a template can use, per event: the schemas of the render contexts. Every key is always
// present (optional facts are null, not missing) so that strict templates can test them with
// `{% if %}` and so that a template valid against the sample is valid against real data.

import { z } from 'zod';
import { serviceStatuses } from '../../../../shared/api/incident-communications.js';
import { isKnownTimeZone } from '../../../lib/time-zones.js';

const isoDateTime = z.iso.datetime({ offset: true });
const webUrl = z.url({ protocol: /^https?$/ });
const timeZone = z.string().refine((zone) => isKnownTimeZone(zone), 'not a known IANA time zone');

export const personSchema = z.object({
  id: z.string().nullable(),
  name: z.string(),
  email: z.email().nullable(),
});

/** Who this copy is rendered for: dates are shown in their time zone. A chat channel is a recipient too. */
export const recipientSchema = z.object({
  name: z.string(),
  email: z.email().nullable(),
  timeZone,
  locale: z.string().min(2),
});

export const siteSchema = z.object({ name: z.string(), url: webUrl });

export const fieldValueSchema = z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.string())]);
export type FieldValue = z.infer<typeof fieldValueSchema>;

export const ticketSchema = z.object({
  key: z.string(),
  title: z.string(),
  kind: z.enum(['service_request', 'incident', 'problem', 'change']),
  requestType: z.object({ key: z.string(), name: z.string() }).nullable(),
  status: z.object({ key: z.string(), name: z.string() }),
  priority: z.string().nullable(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
  /** Custom fields by key: `{{ ticket.fields.environment }}`. */
  fields: z.record(z.string(), fieldValueSchema),
  /** The same fields in form order, labelled and formatted for display, for templates that list them all. */
  fieldList: z.array(z.object({ key: z.string(), label: z.string(), value: z.string() })),
});

export const teamSchema = z.object({ name: z.string(), email: z.email().nullable() });

const baseLinks = { ticket: webUrl, unsubscribe: webUrl.nullable() };
export const ticketLinksSchema = z.object(baseLinks);
export const approvalLinksSchema = z.object({ ...baseLinks, approve: webUrl, decline: webUrl });
export const incidentLinksSchema = z.object({ ...baseLinks, statusPage: webUrl.nullable() });

const common = { site: siteSchema, recipient: recipientSchema };
const requestCommon = { ...common, ticket: ticketSchema, requester: personSchema, links: ticketLinksSchema };

export const requestFiledSchema = z.object(requestCommon);

export const verificationFailedSchema = z.object({
  ...requestCommon,
  verification: z.object({
    checkedAt: isoDateTime,
    reasons: z
      .array(z.object({ field: z.string(), label: z.string(), value: z.string(), reason: z.string() }))
      .min(1),
  }),
});

export const approvalRequestedSchema = z.object({
  ...requestCommon,
  approver: personSchema,
  links: approvalLinksSchema,
  approval: z.object({ requestedAt: isoDateTime, linksExpireAt: isoDateTime }),
});

export const requestApprovedSchema = z.object({
  ...requestCommon,
  approver: personSchema,
  approval: z.object({ decidedAt: isoDateTime, comment: z.string().nullable() }),
});

export const requestDeclinedSchema = z.object({
  ...requestCommon,
  approver: personSchema,
  approval: z.object({ decidedAt: isoDateTime, comment: z.string() }),
});

export const requestFulfilledSchema = z.object({
  ...requestCommon,
  fulfilment: z.object({
    result: z.string(),
    completedAt: isoDateTime,
    durationSeconds: z.number().nonnegative(),
    /** When the request closes by itself if the requester does not answer. */
    autoCloseAt: isoDateTime.nullable(),
  }),
});

export const needFurtherSupportSchema = z.object({
  ...requestCommon,
  team: teamSchema,
  assignee: personSchema.nullable(),
  escalation: z.object({
    reason: z.enum(['automation_failed', 'requester_reported_problem']),
    /** Starts a sentence: "The automation failed", "The requester reported a problem". */
    reasonLabel: z.string(),
    message: z.string(),
    at: isoDateTime,
  }),
});

export const waitingForCustomerReminderSchema = z.object({
  ...requestCommon,
  reminder: z.object({
    waitingSince: isoDateTime,
    waitingSeconds: z.number().nonnegative(),
    autoCloseAt: isoDateTime,
    result: z.string(),
  }),
});

const slaCommon = {
  name: z.string(),
  /** The SLA policy's metric key (time_to_resolution, time_to_fulfilment …): policies are data. */
  metric: z.string().regex(/^[a-z][a-z0-9_]*$/),
  metricLabel: z.string(),
  goalSeconds: z.number().nonnegative(),
  elapsedSeconds: z.number().nonnegative(),
  dueAt: isoDateTime,
  team: teamSchema,
};

export const slaWarningSchema = z.object({
  ...requestCommon,
  assignee: personSchema.nullable(),
  sla: z.object({ ...slaCommon, remainingSeconds: z.number().nonnegative() }),
});

export const slaBreachedSchema = z.object({
  ...requestCommon,
  assignee: personSchema.nullable(),
  sla: z.object({ ...slaCommon, overdueSeconds: z.number().nonnegative(), breachedAt: isoDateTime }),
});

export const requestClosedSchema = z.object({
  ...requestCommon,
  closure: z.object({
    reason: z.enum(['confirmed_by_requester', 'no_answer']),
    /** Ends a sentence, "…is closed: you confirmed that it works", "…: nobody answered for 3 days". */
    reasonLabel: z.string(),
    closedAt: isoDateTime,
    resolutionSeconds: z.number().nonnegative(),
  }),
});

/** Events of every kind of ticket (incidents, problems, changes): opened, assigned, resolved. */
export const ticketOpenedSchema = z.object({
  ...requestCommon,
  team: teamSchema,
  assignee: personSchema.nullable(),
});

export const ticketAssignedSchema = z.object({
  ...requestCommon,
  team: teamSchema,
  assignee: personSchema,
  assignedBy: personSchema,
});

export const ticketResolvedSchema = z.object({
  ...requestCommon,
  resolution: z.object({
    message: z.string(),
    resolvedAt: isoDateTime,
    /** The ticket this one was resolved with (a parent incident), or null. */
    resolvedWith: z.string().nullable(),
  }),
});

export { serviceStatuses } from '../../../../shared/api/incident-communications.js';

/** Seed 001's incident communication: the fields stakeholders expect in every message. */
export const incidentSchema = z.object({
  description: z.string(),
  status: z.enum(['investigating', 'identified', 'monitoring', 'resolved']),
  statusLabel: z.string(),
  serviceStatus: z.enum(serviceStatuses),
  serviceStatusLabel: z.string(),
  impact: z.enum(['none', 'minor', 'major', 'critical']),
  regions: z.array(z.string()),
  services: z.array(z.string()),
  components: z.array(z.string()),
  impactStart: isoDateTime,
  impactEnd: isoDateTime.nullable(),
  workaround: z.string().nullable(),
  rootCause: z.string().nullable(),
  nextUpdateAt: isoDateTime.nullable(),
  /** The message of this communication, written by the communications officer. */
  update: z.object({ message: z.string(), postedAt: isoDateTime, author: z.string() }),
});

export const incidentEventSchema = z.object({
  ...common,
  ticket: ticketSchema,
  incident: incidentSchema,
  links: incidentLinksSchema,
});

/** The render context schema of every event; the keys are the event vocabulary. */
export const eventContextSchemas = {
  'request.filed': requestFiledSchema,
  'request.verification_failed': verificationFailedSchema,
  'approval.requested': approvalRequestedSchema,
  'request.approved': requestApprovedSchema,
  'request.declined': requestDeclinedSchema,
  'request.fulfilled': requestFulfilledSchema,
  'request.need_further_support': needFurtherSupportSchema,
  'request.waiting_for_customer_reminder': waitingForCustomerReminderSchema,
  'sla.warning': slaWarningSchema,
  'sla.breached': slaBreachedSchema,
  'request.closed': requestClosedSchema,
  'incident.started': incidentEventSchema,
  'incident.updated': incidentEventSchema,
  'incident.resolved': incidentEventSchema,
  'ticket.opened': ticketOpenedSchema,
  'ticket.assigned': ticketAssignedSchema,
  'ticket.resolved': ticketResolvedSchema,
} as const;

export type NotificationEvent = keyof typeof eventContextSchemas;
export type EventContext<E extends NotificationEvent> = z.infer<(typeof eventContextSchemas)[E]>;
