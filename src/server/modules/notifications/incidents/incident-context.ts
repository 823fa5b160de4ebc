// The render context of an incident communication (seed 001's fields), shared by every audience;
// each recipient adds their own time zone and unsubscribe link.
import { eq } from 'drizzle-orm';
import type { AppContext } from '../../../context.js';
import { incidentCommunications } from '../audiences/audiences.schema.js';
import { incidentUrl } from '../links/urls.js';
import type { serviceStatuses } from '../pipeline/event-contexts.js';
import { site } from '../pipeline/ticket-context.js';

export type IncidentCommunicationRow = typeof incidentCommunications.$inferSelect;
export type ServiceStatus = (typeof serviceStatuses)[number];

export const incidentStatusLabels: Record<IncidentCommunicationRow['status'], string> = {
  investigating: 'Investigating',
  identified: 'Identified',
  monitoring: 'Monitoring',
  resolved: 'Resolved',
};

export const serviceStatusLabels: Record<ServiceStatus, string> = {
  operational: 'Operational',
  degraded_performance: 'Degraded performance',
  partial_outage: 'Partial outage',
  major_outage: 'Major outage',
  under_maintenance: 'Under maintenance',
};

export const incidentEventOf = {
  started: 'incident.started',
  updated: 'incident.updated',
  resolved: 'incident.resolved',
} as const;

const isoOrNull = (date: Date | null) => (date ? date.toISOString() : null);

export function incidentContextOf(row: IncidentCommunicationRow, publicUrl: string, postedAt: Date) {
  const statusLabel = incidentStatusLabels[row.status];
  const serviceStatus = row.serviceStatus as ServiceStatus;
  return {
    site: site(publicUrl),
    ticket: {
      key: row.reference,
      title: row.title,
      kind: 'incident' as const,
      requestType: null,
      status: { key: row.status, name: statusLabel },
      priority: null,
      createdAt: row.impactStart.toISOString(),
      updatedAt: postedAt.toISOString(),
      fields: {},
      fieldList: [],
    },
    incident: {
      description: row.description,
      status: row.status,
      statusLabel,
      serviceStatus,
      serviceStatusLabel: serviceStatusLabels[serviceStatus] ?? row.serviceStatus,
      impact: row.impact,
      regions: row.regions,
      services: row.services,
      components: row.components,
      impactStart: row.impactStart.toISOString(),
      impactEnd: isoOrNull(row.impactEnd),
      workaround: row.workaround,
      rootCause: row.rootCause,
      nextUpdateAt: isoOrNull(row.nextUpdateAt),
      update: { message: row.message, postedAt: postedAt.toISOString(), author: row.authorLabel },
    },
    links: { ticket: incidentUrl(publicUrl, row.reference), statusPage: null },
  };
}

export async function incidentBaseContext(context: AppContext, communicationId: string) {
  const [row] = await context.db
    .select()
    .from(incidentCommunications)
    .where(eq(incidentCommunications.id, communicationId));
  if (!row) return null;
  return incidentContextOf(row, context.config.publicUrl, row.sentAt ?? row.updatedAt);
}
