// The status page's arithmetic, pure: a component's status from what is known about it, the
// page's overall indicator, and the daily uptime bars from status spans (weights shown on the page).
import type { serviceStatuses } from '../../../shared/api/cmdb.js';

export type ComponentStatus = (typeof serviceStatuses)[number];

const severity: Record<ComponentStatus, number> = {
  operational: 0,
  under_maintenance: 1,
  degraded_performance: 2,
  partial_outage: 3,
  major_outage: 4,
};

export function worst(statuses: readonly ComponentStatus[]): ComponentStatus {
  return statuses.reduce<ComponentStatus>(
    (acc, status) => (severity[status] > severity[acc] ? status : acc),
    'operational',
  );
}

/** An outage (the incidents say so) wins over maintenance; maintenance wins over "operational". */
export function componentStatus(fromIncidents: ComponentStatus, inMaintenance: boolean): ComponentStatus {
  return inMaintenance ? worst([fromIncidents, 'under_maintenance']) : fromIncidents;
}

export type Indicator = 'none' | 'minor' | 'major' | 'critical' | 'maintenance';

export function overall(statuses: readonly ComponentStatus[]): { indicator: Indicator; description: string } {
  switch (worst(statuses)) {
    case 'major_outage':
      return { indicator: 'critical', description: 'Major System Outage' };
    case 'partial_outage':
      return { indicator: 'major', description: 'Partial System Outage' };
    case 'degraded_performance':
      return { indicator: 'minor', description: 'Minor Service Outage' };
    case 'under_maintenance':
      return { indicator: 'maintenance', description: 'Service Under Maintenance' };
    default:
      return { indicator: 'none', description: 'All Systems Operational' };
  }
}

/** Statuspage's incident impact from an incident's priority. */
export function impactOf(priority: string): 'none' | 'minor' | 'major' | 'critical' {
  if (priority === 'critical') return 'critical';
  if (priority === 'high') return 'major';
  if (priority === 'planning') return 'none';
  return 'minor';
}

/** How much of a second in each status counts as down (maintenance counts neither way). */
export const uptimeWeights: Record<ComponentStatus, number> = {
  operational: 0,
  degraded_performance: 0,
  partial_outage: 0.3,
  major_outage: 1,
  under_maintenance: 0,
};

export interface Span {
  status: ComponentStatus;
  startedAt: Date;
  endedAt: Date | null;
}

export interface DayBar {
  /** YYYY-MM-DD (UTC). */
  day: string;
  /** Null when nothing was recorded that day (the component did not exist yet). */
  uptime: number | null;
  worst: ComponentStatus | null;
  seconds: {
    major_outage: number;
    partial_outage: number;
    degraded_performance: number;
    under_maintenance: number;
  };
}

const dayMs = 86_400_000;

/** One bar per UTC day, the last one being today (up to `now`). */
export function dailyBars(spans: readonly Span[], now: Date, days = 90): DayBar[] {
  const today = Math.floor(now.getTime() / dayMs) * dayMs;
  const bars: DayBar[] = [];
  for (let index = days - 1; index >= 0; index--) {
    const from = today - index * dayMs;
    const to = Math.min(from + dayMs, now.getTime());
    const seconds = { major_outage: 0, partial_outage: 0, degraded_performance: 0, under_maintenance: 0 };
    let covered = 0;
    let down = 0;
    let worstToday: ComponentStatus | null = null;
    for (const span of spans) {
      const start = Math.max(span.startedAt.getTime(), from);
      const end = Math.min(span.endedAt?.getTime() ?? now.getTime(), to);
      if (end <= start) continue;
      const length = (end - start) / 1000;
      worstToday = worst([worstToday ?? 'operational', span.status]);
      if (span.status === 'under_maintenance') {
        seconds.under_maintenance += length;
        continue;
      }
      covered += length;
      down += length * uptimeWeights[span.status];
      if (span.status !== 'operational') seconds[span.status] += length;
    }
    const recorded = worstToday !== null;
    bars.push({
      day: new Date(from).toISOString().slice(0, 10),
      uptime: recorded ? (covered > 0 ? 1 - down / covered : 1) : null,
      worst: worstToday,
      seconds: {
        major_outage: Math.round(seconds.major_outage),
        partial_outage: Math.round(seconds.partial_outage),
        degraded_performance: Math.round(seconds.degraded_performance),
        under_maintenance: Math.round(seconds.under_maintenance),
      },
    });
  }
  return bars;
}

/** Uptime over all recorded days of the bars (what the page prints beside them). */
export function uptimeOver(bars: readonly DayBar[]): number | null {
  const recorded = bars.filter((bar) => bar.uptime !== null);
  if (recorded.length === 0) return null;
  return recorded.reduce((sum, bar) => sum + bar.uptime!, 0) / recorded.length;
}
