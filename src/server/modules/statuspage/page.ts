// The public status page as server-rendered HTML: tiny, readable without JavaScript, every value
// escaped. The overall banner, active incidents with their public updates, maintenance, components
// in groups with 90-day uptime bars (days of one kind merged into one bar segment), and history.
import type { PublicIncident } from '../incidents/index.js';
import type { Maintenance } from './maintenance.js';
import { type Component, historyDays, type Snapshot } from './snapshot.service.js';
import { type ComponentStatus, type DayBar, uptimeOver, uptimeWeights } from './status.js';
import { statusLabels } from './summary.view.js';

const entities: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
export const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => entities[c] ?? c);

const style = `body{margin:0;font:15px/1.45 system-ui,Arial,sans-serif;color:#111827;background:#f9fafb}
main{max-width:860px;margin:0 auto;padding:24px 16px}a{color:#1d4ed8}h1{font-size:24px;margin:0 0 16px}
h2{font-size:18px;margin:28px 0 10px}h3{font-size:16px;margin:0 0 6px}
.banner{padding:14px 18px;color:#fff;font-weight:bold;font-size:18px;margin:0 0 20px}
.none{background:#15803d}.minor{background:#a16207}.major{background:#c2410c}.critical{background:#b91c1c}.maintenance{background:#1d4ed8}
.card{background:#fff;border:1px solid #d1d5db;padding:14px 16px;margin:0 0 12px}
.row{display:flex;justify-content:space-between;gap:12px;align-items:baseline}
.s-operational{color:#15803d}.s-degraded_performance{color:#a16207}.s-partial_outage{color:#c2410c}.s-major_outage{color:#b91c1c}.s-under_maintenance{color:#1d4ed8}
.bar{display:flex;height:26px;gap:0;margin:6px 0 2px}.bar i{display:block;flex:1;border-right:2px solid #fff;min-width:2px}
.b-operational{background:#16a34a}.b-degraded_performance{background:#ca8a04}.b-partial_outage{background:#ea580c}.b-major_outage{background:#dc2626}.b-under_maintenance{background:#2563eb}.b-none{background:#e5e7eb}
.muted{color:#4b5563;font-size:13px}.update{margin:8px 0 0;padding:0 0 0 10px;border-left:3px solid #d1d5db}
.group>summary{font-weight:bold;cursor:pointer;margin:0 0 8px}footer{margin:32px 0 0}`;

export function layout(title: string, name: string, body: string, head = ''): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>${head}<style>${style}</style></head>
<body><main><h1><a href="/status" style="color:inherit;text-decoration:none">${escapeHtml(name)}</a></h1>
${body}
<footer class="muted"><a href="/status/history">Incident history</a> · <a href="/status/feed.atom">Atom feed</a> · <a href="/status/summary.json">summary.json</a> · Uptime counts a major outage fully, a partial outage as ${uptimeWeights.partial_outage}, degraded performance as 0; maintenance is left out.</footer>
</main></body></html>
`;
}

const time = (date: Date) =>
  `<time datetime="${date.toISOString()}">${date.toISOString().slice(0, 16).replace('T', ' ')} UTC</time>`;

const capitalised = (status: string) => status.charAt(0).toUpperCase() + status.slice(1);

function updatesHtml(incident: PublicIncident): string {
  return [...incident.updates]
    .reverse()
    .map(
      (update) =>
        `<div class="update"><strong>${escapeHtml(capitalised(update.status))}</strong> — ${escapeHtml(update.body)}<div class="muted">${time(update.at)}</div></div>`,
    )
    .join('');
}

function incidentCard(incident: PublicIncident, names: Map<string, string>): string {
  const affected = incident.serviceIds.map((id) => names.get(id)).filter(Boolean) as string[];
  return `<article class="card"><h3><a href="/status/incidents/${encodeURIComponent(incident.key)}">${escapeHtml(incident.title)}</a></h3>
<div class="muted">${escapeHtml(capitalised(incident.status))}${affected.length ? ` · affects ${escapeHtml(affected.join(', '))}` : ''}</div>${updatesHtml(incident)}</article>`;
}

function maintenanceCard(maintenance: Maintenance, names: Map<string, string>): string {
  const affected = maintenance.serviceIds.map((id) => names.get(id)).filter(Boolean) as string[];
  return `<article class="card" id="maintenance-${escapeHtml(maintenance.reference)}"><h3>${escapeHtml(maintenance.name)}</h3>
<div class="muted">${escapeHtml(maintenance.status.replace('_', ' '))} · ${time(maintenance.scheduledFor)} – ${time(maintenance.scheduledUntil)}${affected.length ? ` · ${escapeHtml(affected.join(', '))}` : ''}</div>
<p>${escapeHtml(maintenance.description)}</p></article>`;
}

const shortDay = (day: string) => day.slice(5);

/**
 * Consecutive days of the same kind become one segment, and only days with trouble carry a title
 * (a page of 200 components stays small: most bars are one or two segments).
 */
function barHtml(bars: readonly DayBar[]): string {
  const segments: { kind: ComponentStatus | 'none'; days: DayBar[] }[] = [];
  for (const bar of bars) {
    const kind = bar.worst ?? 'none';
    const last = segments.at(-1);
    if (last && last.kind === kind) last.days.push(bar);
    else segments.push({ kind, days: [bar] });
  }
  let troubled = 0;
  const cells = segments.map(({ kind, days }) => {
    const flex = days.length === 1 ? '' : ` style="flex:${days.length}"`;
    if (kind === 'operational' || kind === 'none') return `<i class="b-${kind}"${flex}></i>`;
    troubled += days.length;
    const first = shortDay(days[0]!.day);
    const range = days.length === 1 ? first : `${first}–${shortDay(days.at(-1)!.day)}`;
    return `<i class="b-${kind}"${flex} title="${range} ${statusLabels[kind]}"></i>`;
  });
  const label = `Last ${bars.length} days: ${troubled === 0 ? 'no trouble' : `${troubled} with trouble`}`;
  return `<div class="bar" role="img" aria-label="${label}">${cells.join('')}</div>`;
}

function componentHtml(component: Component): string {
  const uptime = uptimeOver(component.bars);
  return `<div class="card"><div class="row"><strong>${escapeHtml(component.name)}</strong><span class="s-${component.status}">${statusLabels[component.status]}</span></div>
${component.description ? `<div class="muted">${escapeHtml(component.description)}</div>` : ''}${barHtml(component.bars)}<div class="muted">${uptime === null ? 'no data yet' : `${(uptime * 100).toFixed(2)}% uptime`}</div></div>`;
}

export function componentsHtml(components: readonly Component[]): string {
  const loose = components.filter((c) => !c.group).map(componentHtml);
  const groups = [...new Set(components.map((c) => c.group).filter((g): g is string => !!g))].sort();
  const grouped = groups.map((group) => {
    const members = components.filter((c) => c.group === group);
    const worstMember = members.find((m) => m.status !== 'operational');
    return `<details class="group" open><summary>${escapeHtml(group)}${worstMember ? ` <span class="s-${worstMember.status}">(${statusLabels[worstMember.status]})</span>` : ''}</summary>${members.map(componentHtml).join('\n')}</details>`;
  });
  return [...loose, ...grouped].join('\n');
}

export function statusPageHtml(snapshot: Snapshot, name: string): string {
  const names = new Map(snapshot.components.map((c) => [c.id, c.name]));
  const active = snapshot.active.map((incident) => incidentCard(incident, names)).join('\n');
  const maintenance = snapshot.maintenances
    .filter((m) => m.status !== 'completed')
    .map((m) => maintenanceCard(m, names))
    .join('\n');
  const body = `<div class="banner ${snapshot.indicator}" role="status">${escapeHtml(snapshot.description)}</div>
${active ? `<h2>Active incidents</h2>\n${active}` : ''}
${maintenance ? `<h2>Scheduled maintenance</h2>\n${maintenance}` : ''}
<h2>Components</h2>
<p class="muted">Bars: the last ${historyDays} days, today on the right. <a href="/status/subscribe">Subscribe to updates</a></p>
${snapshot.components.length ? componentsHtml(snapshot.components) : '<p class="muted">No public services yet.</p>'}
<p class="muted">Updated ${time(snapshot.generatedAt)}</p>`;
  return layout(
    `${name}`,
    name,
    body,
    '<link rel="alternate" type="application/atom+xml" title="Incidents" href="/status/feed.atom">',
  );
}

export function historyPageHtml(snapshot: Snapshot, name: string): string {
  const names = new Map(snapshot.components.map((c) => [c.id, c.name]));
  const months = new Map<string, PublicIncident[]>();
  for (const incident of snapshot.history) {
    const month = incident.createdAt.toISOString().slice(0, 7);
    months.set(month, [...(months.get(month) ?? []), incident]);
  }
  const body =
    [...months.entries()]
      .map(
        ([month, incidents]) =>
          `<h2>${month}</h2>\n${incidents.map((incident) => incidentCard(incident, names)).join('\n')}`,
      )
      .join('\n') || '<p>No incidents in the last 90 days.</p>';
  return layout(`Incident history · ${name}`, name, `<h2>Incident history (90 days)</h2>${body}`);
}

export function incidentPageHtml(incident: PublicIncident, snapshot: Snapshot, name: string): string {
  const names = new Map(snapshot.components.map((c) => [c.id, c.name]));
  return layout(`${incident.title} · ${name}`, name, incidentCard(incident, names));
}

export function notFoundHtml(name: string): string {
  return layout(`Not found · ${name}`, name, '<p>There is no such incident on this page.</p>');
}
