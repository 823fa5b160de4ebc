// Incident communications (incident managers: agents and admins) and the mailing lists they go
// to. Served by the notifications module until the incidents module takes them over.
import { z } from 'zod';
import { patchOf } from '../patch.js';
import { dateTime, isTimeZone } from './common.js';

export const incidentPhases = ['started', 'updated', 'resolved'] as const;
export type IncidentPhase = (typeof incidentPhases)[number];

/** Statuspage's vocabulary, which status-page readers already know. */
export const serviceStatuses = [
  'operational',
  'degraded_performance',
  'partial_outage',
  'major_outage',
  'under_maintenance',
] as const;

const names = z.array(z.string().trim().min(1).max(200)).max(50);
const instant = z.iso.datetime({ offset: true });

const fields = {
  reference: z.string().regex(/^[A-Za-z][A-Za-z0-9-]{0,62}$/, 'an incident reference such as INC-311'),
  phase: z.enum(incidentPhases),
  title: z.string().trim().min(1).max(300),
  description: z.string().trim().min(1).max(10_000),
  status: z.enum(['investigating', 'identified', 'monitoring', 'resolved']),
  serviceStatus: z.enum(serviceStatuses),
  impact: z.enum(['none', 'minor', 'major', 'critical']).default('major'),
  regions: names.default([]),
  services: names.default([]),
  components: names.default([]),
  impactStart: instant,
  impactEnd: instant.nullable().default(null),
  workaround: z.string().trim().max(10_000).nullable().default(null),
  rootCause: z.string().trim().max(10_000).nullable().default(null),
  nextUpdateAt: instant.nullable().default(null),
  message: z.string().trim().min(1).max(10_000),
  /** Send to these lists; null: to every list matching the services and regions. */
  mailingListIds: z.array(z.uuid()).max(100).nullable().default(null),
  /** People with accounts to tell as well (the followers of the services). */
  recipientUserIds: z.array(z.uuid()).max(10_000).default([]),
};

type Draft = { phase: string; impactStart: string; impactEnd: string | null };

function checkTimes(value: Partial<Draft>, ctx: z.RefinementCtx) {
  if (value.phase === 'resolved' && !value.impactEnd)
    ctx.addIssue({ code: 'custom', path: ['impactEnd'], message: 'a resolution says when the impact ended' });
  if (value.impactStart && value.impactEnd && value.impactEnd < value.impactStart)
    ctx.addIssue({ code: 'custom', path: ['impactEnd'], message: 'the impact cannot end before it started' });
}

export const communicationInput = z.object(fields).strict().superRefine(checkTimes);
export const communicationPatch = patchOf(z.object(fields).omit({ reference: true }));
export type CommunicationInput = z.infer<typeof communicationInput>;

export const communicationOut = z.object({
  id: z.uuid(),
  reference: z.string(),
  phase: z.string(),
  event: z.string(),
  title: z.string(),
  description: z.string(),
  status: z.string(),
  serviceStatus: z.string(),
  impact: z.string(),
  regions: z.array(z.string()),
  services: z.array(z.string()),
  components: z.array(z.string()),
  impactStart: dateTime,
  impactEnd: dateTime.nullable(),
  workaround: z.string().nullable(),
  rootCause: z.string().nullable(),
  nextUpdateAt: dateTime.nullable(),
  message: z.string(),
  authorLabel: z.string(),
  mailingListIds: z.array(z.uuid()).nullable(),
  state: z.string(),
  sentAt: dateTime.nullable(),
  createdAt: dateTime,
  audiences: z.array(z.object({ id: z.uuid(), key: z.string(), name: z.string() })),
  deliveries: z.record(z.string(), z.number()),
});
export const communicationListOut = z.array(communicationOut);
export const communicationListQuery = z.object({ reference: z.string().max(64).optional() }).strict();
export const referenceParams = z.object({ reference: z.string().max(64) });

/** The message as each audience will read it. */
export const communicationPreviewOut = z.array(
  z.object({
    mailingListId: z.uuid().nullable(),
    audience: z.string(),
    timeZone: z.string(),
    rendered: z.object({ subject: z.string(), html: z.string(), text: z.string() }).nullable(),
    problem: z.string().nullable(),
  }),
);

// Mailing lists: audiences by service and region, whose members may have no account.
const listNames = z.array(z.string().trim().min(1).max(200)).max(100);

export const mailingListInput = z
  .object({
    key: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lower-case letters, digits and dashes'),
    name: z.string().trim().min(1).max(200),
    description: z.string().max(2_000).default(''),
    services: listNames.default([]),
    regions: listNames.default([]),
    timeZone: z.string().refine(isTimeZone, 'not a known IANA time zone').default('UTC'),
  })
  .strict();
export const mailingListPatch = patchOf(mailingListInput.omit({ key: true }));
export const memberInput = z
  .object({ email: z.email(), name: z.string().trim().min(1).max(200).optional() })
  .strict();

export const mailingListOut = z.object({
  id: z.uuid(),
  key: z.string(),
  name: z.string(),
  description: z.string(),
  services: z.array(z.string()),
  regions: z.array(z.string()),
  timeZone: z.string(),
  members: z.number(),
});
export const mailingListListOut = z.array(mailingListOut);
export const memberOut = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string().nullable(),
  userId: z.uuid().nullable(),
  unsubscribedAt: dateTime.nullable(),
  createdAt: dateTime,
});
export const mailingListDetailOut = mailingListOut.extend({ memberList: z.array(memberOut) });
export const memberParams = z.object({ id: z.uuid(), memberId: z.uuid() });
