// What the status page shows at an instant, derived (never typed in twice): the services marked
// public as components with the status their open incidents and maintenance give them, the
// published incidents with their public updates, the maintenances, and 90 days of bars.
import { and, gt, inArray, isNull, or } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { type StatusService, serviceStates, statusPageServices } from '../cmdb/index.js';
import type { Principal } from '../identity/index.js';
import { type PublicIncident, publishedIncidents } from '../incidents/index.js';
import { inWindow, type Maintenance, maintenancesAt } from './maintenance.js';
import {
  type ComponentStatus,
  componentStatus,
  type DayBar,
  dailyBars,
  type Indicator,
  overall,
  type Span,
} from './status.js';
import { statusSpans } from './statuspage.schema.js';

export interface Component extends StatusService {
  status: ComponentStatus;
  /** Open incidents on it that the viewer may see (none for the public). */
  incidents: string[];
  bars: DayBar[];
}

export interface Snapshot {
  generatedAt: Date;
  components: Component[];
  indicator: Indicator;
  description: string;
  /** Published incidents not yet resolved, newest first. */
  active: PublicIncident[];
  /** Published incidents of the last 90 days (resolved ones included), newest first. */
  history: PublicIncident[];
  maintenances: Maintenance[];
}

export const historyDays = 90;

/** Current status of each service (incidents, CI maintenance, maintenance windows). */
export async function currentStatuses(
  db: Queryable,
  services: readonly StatusService[],
  now: Date,
  viewer: Principal | null = null,
  maintenances?: readonly Maintenance[],
) {
  const ids = services.map((service) => service.id);
  const [states, windows] = await Promise.all([
    serviceStates(db, ids, viewer),
    maintenances ? Promise.resolve(maintenances) : maintenancesAt(db, now),
  ]);
  const maintained = new Set(
    windows.filter((window) => inWindow(window, now)).flatMap((window) => window.serviceIds),
  );
  return new Map(
    services.map((service) => {
      const state = states.get(service.id)!;
      return [
        service.id,
        {
          status: componentStatus(state.status, service.inMaintenance || maintained.has(service.id)),
          incidents: state.incidents,
        },
      ];
    }),
  );
}

export async function spansOf(db: Queryable, serviceIds: readonly string[], since: Date) {
  if (serviceIds.length === 0) return new Map<string, Span[]>();
  const rows = await db
    .select()
    .from(statusSpans)
    .where(
      and(
        inArray(statusSpans.serviceId, [...serviceIds]),
        or(isNull(statusSpans.endedAt), gt(statusSpans.endedAt, since)),
      ),
    );
  const result = new Map<string, Span[]>();
  for (const row of rows) {
    const list = result.get(row.serviceId) ?? [];
    list.push({ status: row.status as ComponentStatus, startedAt: row.startedAt, endedAt: row.endedAt });
    result.set(row.serviceId, list);
  }
  return result;
}

export async function buildSnapshot(
  db: Queryable,
  now: Date,
  options: { viewer?: Principal | null; includeInternal?: boolean } = {},
): Promise<Snapshot> {
  const since = new Date(now.getTime() - historyDays * 86_400_000);
  const services = await statusPageServices(db, { includeInternal: options.includeInternal ?? false });
  const ids = services.map((service) => service.id);
  const maintenances = (await maintenancesAt(db, now)).filter((window) =>
    window.serviceIds.some((id) => ids.includes(id)),
  );
  const [statuses, spans, incidents] = await Promise.all([
    currentStatuses(db, services, now, options.viewer ?? null, maintenances),
    spansOf(db, ids, since),
    publishedIncidents(db, { since }),
  ]);
  const components = services.map((service) => {
    const { status, incidents: visible } = statuses.get(service.id)!;
    const recorded = spans.get(service.id) ?? [];
    // Until the recorder catches up, the current status counts from now on.
    const open = recorded.find((span) => span.endedAt === null);
    const live =
      open && open.status === status
        ? recorded
        : [
            ...recorded.map((span) => (span.endedAt === null ? { ...span, endedAt: now } : span)),
            { status, startedAt: now, endedAt: null },
          ];
    return { ...service, status, incidents: visible, bars: dailyBars(live, now, historyDays) };
  });
  const shown = new Set(ids);
  const history = incidents.map((incident) => ({
    ...incident,
    serviceIds: incident.serviceIds.filter((id) => shown.has(id)),
  }));
  return {
    generatedAt: now,
    components,
    ...overall(components.map((component) => component.status)),
    active: history.filter((incident) => incident.status !== 'resolved'),
    history,
    maintenances,
  };
}
