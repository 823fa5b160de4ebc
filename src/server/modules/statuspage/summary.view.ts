// The snapshot in Atlassian Statuspage's v2 `summary.json` shape. Services become components;
// a `statusGroup` attribute becomes a group component listing its members.
import { createHash } from 'node:crypto';
import type { StatuspageSummary } from '../../../shared/api/statuspage.js';
import type { PublicIncident } from '../incidents/index.js';
import type { Maintenance } from './maintenance.js';
import type { Component, Snapshot } from './snapshot.service.js';
import { type ComponentStatus, impactOf, worst } from './status.js';

type SpComponent = StatuspageSummary['components'][number];
type SpIncident = StatuspageSummary['incidents'][number];

export const pageId = 'opsdesk';
export const pageName = 'Service status';

/** A group's id: stable for its name. */
export function groupId(name: string): string {
  return `group-${createHash('sha256').update(name.toLowerCase()).digest('hex').slice(0, 16)}`;
}

export function pageUrl(publicUrl: string): string {
  return `${publicUrl}/status`;
}

export function incidentUrl(publicUrl: string, key: string): string {
  return `${publicUrl}/status/incidents/${encodeURIComponent(key)}`;
}

function componentOut(component: Component, position: number, group: string | null): SpComponent {
  return {
    id: component.id,
    name: component.name,
    status: component.status,
    created_at: component.createdAt.toISOString(),
    updated_at: component.updatedAt.toISOString(),
    position,
    description: component.description,
    showcase: true,
    start_date: component.createdAt.toISOString().slice(0, 10),
    group_id: group,
    page_id: pageId,
    group: false,
    only_show_if_degraded: false,
  };
}

/** Components in page order: ungrouped first, then each group followed by its members. */
export function componentsOut(components: readonly Component[]): SpComponent[] {
  const out: SpComponent[] = [];
  let position = 1;
  for (const component of components.filter((c) => !c.group))
    out.push(componentOut(component, position++, null));
  const groups = [...new Set(components.map((c) => c.group).filter((g): g is string => !!g))].sort();
  for (const name of groups) {
    const members = components.filter((c) => c.group === name);
    const id = groupId(name);
    const created = new Date(Math.min(...members.map((m) => m.createdAt.getTime())));
    const updated = new Date(Math.max(...members.map((m) => m.updatedAt.getTime())));
    out.push({
      id,
      name,
      status: worst(members.map((m) => m.status)),
      created_at: created.toISOString(),
      updated_at: updated.toISOString(),
      position: position++,
      description: null,
      showcase: false,
      start_date: null,
      group_id: null,
      page_id: pageId,
      group: true,
      only_show_if_degraded: false,
      components: members.map((m) => m.id),
    });
    for (const member of members) out.push(componentOut(member, position++, id));
  }
  return out;
}

function incidentOut(
  incident: PublicIncident,
  byId: Map<string, SpComponent>,
  publicUrl: string,
): SpIncident {
  const components = incident.serviceIds.map((id) => byId.get(id)).filter((c): c is SpComponent => !!c);
  const monitoring = incident.updates.find((update) => update.status === 'monitoring');
  const updates = [...incident.updates].reverse().map((update) => ({
    id: `${incident.key}-${update.id}`,
    status: update.status,
    body: update.body,
    incident_id: incident.key,
    created_at: update.at.toISOString(),
    updated_at: update.at.toISOString(),
    display_at: update.at.toISOString(),
    affected_components: null,
    deliver_notifications: true,
  }));
  return {
    id: incident.key,
    name: incident.title,
    status: incident.status,
    created_at: incident.createdAt.toISOString(),
    updated_at: incident.updatedAt.toISOString(),
    monitoring_at: monitoring?.at.toISOString() ?? null,
    resolved_at: incident.resolvedAt?.toISOString() ?? null,
    impact: impactOf(incident.priority),
    shortlink: incidentUrl(publicUrl, incident.key),
    started_at: incident.impactStartedAt.toISOString(),
    page_id: pageId,
    incident_updates: updates,
    components,
  };
}

function maintenanceOut(maintenance: Maintenance, byId: Map<string, SpComponent>, publicUrl: string) {
  const at = maintenance.updatedAt.toISOString();
  return {
    id: maintenance.reference,
    name: maintenance.name,
    status: maintenance.status,
    created_at: maintenance.createdAt.toISOString(),
    updated_at: at,
    monitoring_at: null,
    resolved_at: maintenance.status === 'completed' ? maintenance.scheduledUntil.toISOString() : null,
    impact: 'maintenance' as const,
    shortlink: `${pageUrl(publicUrl)}#maintenance-${encodeURIComponent(maintenance.reference)}`,
    started_at: maintenance.scheduledFor.toISOString(),
    page_id: pageId,
    incident_updates: [
      {
        id: `${maintenance.reference}-scheduled`,
        status: maintenance.status,
        body: maintenance.description,
        incident_id: maintenance.reference,
        created_at: maintenance.createdAt.toISOString(),
        updated_at: at,
        display_at: maintenance.createdAt.toISOString(),
        affected_components: null,
        deliver_notifications: true,
      },
    ],
    components: maintenance.serviceIds.map((id) => byId.get(id)).filter((c): c is SpComponent => !!c),
    scheduled_for: maintenance.scheduledFor.toISOString(),
    scheduled_until: maintenance.scheduledUntil.toISOString(),
  };
}

export function summaryOut(
  snapshot: Snapshot,
  options: { publicUrl: string; name: string },
): StatuspageSummary {
  const components = componentsOut(snapshot.components);
  const byId = new Map(components.map((component) => [component.id, component]));
  const updatedAt = [
    ...snapshot.components.map((c) => c.updatedAt.getTime()),
    ...snapshot.history.map((i) => i.updatedAt.getTime()),
  ];
  return {
    page: {
      id: pageId,
      name: options.name,
      url: pageUrl(options.publicUrl),
      time_zone: 'Etc/UTC',
      updated_at: new Date(
        updatedAt.length > 0 ? Math.max(...updatedAt) : snapshot.generatedAt.getTime(),
      ).toISOString(),
    },
    status: { indicator: snapshot.indicator, description: snapshot.description },
    components,
    incidents: snapshot.active.map((incident) => incidentOut(incident, byId, options.publicUrl)),
    scheduled_maintenances: snapshot.maintenances
      .filter((maintenance) => maintenance.status !== 'completed')
      .map((maintenance) => maintenanceOut(maintenance, byId, options.publicUrl)),
  };
}

export const statusLabels: Record<ComponentStatus, string> = {
  operational: 'Operational',
  degraded_performance: 'Degraded performance',
  partial_outage: 'Partial outage',
  major_outage: 'Major outage',
  under_maintenance: 'Under maintenance',
};
