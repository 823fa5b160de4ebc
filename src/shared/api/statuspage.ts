// The status page's contract: `GET /status/summary.json` in Atlassian Statuspage's v2 shape (so
// existing Statuspage clients and widgets read it), and the signed-in status of every service.
import { z } from 'zod';
import { dateTime } from './common.js';

export const componentStatuses = [
  'operational',
  'degraded_performance',
  'partial_outage',
  'major_outage',
  'under_maintenance',
] as const;
export const statusIndicators = ['none', 'minor', 'major', 'critical', 'maintenance'] as const;
export const incidentStatuses = [
  'investigating',
  'identified',
  'monitoring',
  'resolved',
  'postmortem',
] as const;
export const maintenanceStatuses = ['scheduled', 'in_progress', 'verifying', 'completed'] as const;
export const incidentImpacts = ['none', 'minor', 'major', 'critical', 'maintenance'] as const;

const instant = z.iso.datetime({ offset: true });

export const statuspagePage = z.object({
  id: z.string(),
  name: z.string(),
  url: z.string(),
  time_zone: z.string(),
  updated_at: instant,
});

export const statuspageComponent = z.object({
  id: z.string(),
  name: z.string(),
  status: z.enum(componentStatuses),
  created_at: instant,
  updated_at: instant,
  position: z.number().int(),
  description: z.string().nullable(),
  showcase: z.boolean(),
  start_date: z.iso.date().nullable(),
  group_id: z.string().nullable(),
  page_id: z.string(),
  group: z.boolean(),
  only_show_if_degraded: z.boolean(),
  /** A group's members (ids). */
  components: z.array(z.string()).optional(),
});

export const statuspageAffectedComponent = z.object({
  code: z.string(),
  name: z.string(),
  old_status: z.enum(componentStatuses),
  new_status: z.enum(componentStatuses),
});

export const statuspageIncidentUpdate = z.object({
  id: z.string(),
  status: z.enum([...incidentStatuses, ...maintenanceStatuses]),
  body: z.string(),
  incident_id: z.string(),
  created_at: instant,
  updated_at: instant,
  display_at: instant,
  affected_components: z.array(statuspageAffectedComponent).nullable(),
  deliver_notifications: z.boolean(),
});

export const statuspageIncident = z.object({
  id: z.string(),
  name: z.string(),
  status: z.enum(incidentStatuses),
  created_at: instant,
  updated_at: instant,
  monitoring_at: instant.nullable(),
  resolved_at: instant.nullable(),
  impact: z.enum(incidentImpacts),
  shortlink: z.string(),
  started_at: instant,
  page_id: z.string(),
  incident_updates: z.array(statuspageIncidentUpdate),
  components: z.array(statuspageComponent),
});

export const statuspageMaintenance = statuspageIncident.extend({
  status: z.enum(maintenanceStatuses),
  scheduled_for: instant,
  scheduled_until: instant,
});

/** Statuspage v2 `summary.json`. */
export const statuspageSummary = z.object({
  page: statuspagePage,
  status: z.object({ indicator: z.enum(statusIndicators), description: z.string() }),
  components: z.array(statuspageComponent),
  incidents: z.array(statuspageIncident),
  scheduled_maintenances: z.array(statuspageMaintenance),
});
export type StatuspageSummary = z.infer<typeof statuspageSummary>;

/** The status of every service as a signed-in person sees it (internal services too). */
export const internalStatusOut = z.object({
  indicator: z.enum(statusIndicators),
  description: z.string(),
  services: z.array(
    z.object({
      id: z.uuid(),
      name: z.string(),
      group: z.string().nullable(),
      public: z.boolean(),
      status: z.enum(componentStatuses),
      /** Open incidents on it that the viewer may see. */
      incidents: z.array(z.string()),
      /** Uptime over the last 90 days (null: nothing recorded yet). */
      uptime: z.number().nullable(),
    }),
  ),
  incidents: z.array(
    z.object({
      key: z.string(),
      title: z.string(),
      status: z.enum(incidentStatuses),
      updates: z.array(z.object({ at: dateTime, body: z.string(), status: z.enum(incidentStatuses) })),
    }),
  ),
});

export const statusIncidentParams = z.object({
  key: z
    .string()
    .regex(/^[A-Za-z]+-\d+$/)
    .max(40),
});

/**
 * Subscribing to the public status page without an account: an email address or a chat webhook,
 * for the whole page (no components) or some components (their ids in summary.json). Sent as
 * JSON or as the page's HTML form (`components` repeated).
 */
export const statusSubscriptionIn = z
  .object({
    email: z.email().max(254).optional(),
    webhook: z
      .object({
        platform: z.enum(['discord', 'slack', 'teams']),
        url: z.url({ protocol: /^https?$/ }).max(2000),
      })
      .optional(),
    components: z
      .union([z.uuid(), z.array(z.uuid()).max(500)])
      .optional()
      .transform((value) => (value === undefined ? [] : Array.isArray(value) ? value : [value])),
  })
  .refine((value) => (value.email === undefined) !== (value.webhook === undefined), {
    message: 'give an email address or a chat webhook (one of them)',
    path: ['email'],
  });
export type StatusSubscriptionIn = z.infer<typeof statusSubscriptionIn>;

export const statusSubscriptionOut = z.object({ message: z.string() });

/** A signed link's token, the rest of the path (longer than a route parameter may be). */
export const statusLinkParams = z.object({ '*': z.string().min(1).max(2000) });
