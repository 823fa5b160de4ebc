// The availability report of one service: its outages from the incidents that reach it with
// outage impact (the incidents practice); its maintenance from the status history (the status
// page's `under_maintenance` spans) and from implemented changes on it or on what it depends on,
// inside their approved windows (the changes practice); the arithmetic of availability.ts over them.
import type {
  AvailabilityQuery,
  AvailabilityReport,
  ChangeComparison,
  ChangeComparisonQuery,
} from '../../../shared/api/availability.js';
import type { AppContext } from '../../context.js';
import type { Queryable } from '../../db/client.js';
import { changeImplementation, maintenanceWindowsOn } from '../changes/index.js';
import { impactOf, resolveCi } from '../cmdb/index.js';
import { incidentOutagesOn } from '../incidents/index.js';
import { serviceHoursOf } from '../sla/index.js';
import { statusHistoryOf } from '../statuspage/index.js';
import { computeAvailability, errorBudget, type Interval, type OutageInput } from './availability.js';
import { reportRange } from './range.js';

export async function availabilityReport(
  db: Queryable,
  query: AvailabilityQuery,
  now: Date,
): Promise<AvailabilityReport> {
  const { from, to, timeZone } = reportRange(query, now);
  const service = await resolveCi(db, query.service, { field: 'service', classKey: 'service' });
  // Time after now is not known yet: the period counts up to now, an ongoing outage until now.
  const until = Math.max(from.getTime(), Math.min(to.getTime(), now.getTime()));
  const period: Interval = { start: from.getTime(), end: until };
  const weights = { major_outage: 1, partial_outage: query.partialWeight } as const;
  const incidents = await incidentOutagesOn(db, service.id, from, to);
  const outages: OutageInput[] = incidents.map((incident) => ({
    start: incident.startedAt.getTime(),
    end: incident.endedAt?.getTime() ?? until,
    weight: weights[incident.status],
    sources: [incident.key],
  }));
  const declared = (await statusHistoryOf(db, service.id, from, to))
    .filter((span) => span.status === 'under_maintenance')
    .map((span) => ({ start: span.startedAt.getTime(), end: span.endedAt?.getTime() ?? until }));
  const dependsOn = await impactOf(db, service.id, 'up', 10);
  const changes = await maintenanceWindowsOn(
    db,
    [service.id, ...dependsOn.map((entry) => entry.id)],
    from,
    to,
  );
  const maintenance = [
    ...declared,
    ...changes.map((window) => ({ start: window.start.getTime(), end: window.end.getTime() })),
  ];
  const hours = query.calendar
    ? await serviceHoursOf(db, query.calendar, new Date(period.start), new Date(period.end))
    : null;
  const result = computeAvailability(
    period,
    outages,
    maintenance,
    hours?.intervals.map((interval) => ({ start: interval.from.getTime(), end: interval.to.getTime() })),
  );
  const major = new Set(incidents.filter((i) => i.status === 'major_outage').map((i) => i.key));
  const ongoing = new Set(incidents.filter((i) => i.endedAt === null).map((i) => i.key));
  return {
    service: { id: service.id, name: service.name },
    from,
    to,
    timeZone,
    partialWeight: query.partialWeight,
    availabilityPercent: result.availabilityPercent,
    mtbfSeconds: result.mtbfSeconds,
    mttrSeconds: result.mttrSeconds,
    outages: result.outages,
    agreedSeconds: result.agreedSeconds,
    calendar: hours && query.calendar ? { key: query.calendar, name: hours.name } : null,
    outsideHoursSeconds: result.outsideHoursSeconds,
    maintenanceSeconds: result.maintenanceSeconds,
    downSeconds: result.downSeconds,
    weightedDownSeconds: result.weightedDownSeconds,
    target: query.target ?? null,
    errorBudget: query.target === undefined ? null : errorBudget(result, query.target),
    maintenanceChanges: [...new Set(changes.map((window) => window.key))],
    intervals: result.episodes.map((episode) => ({
      start: new Date(episode.start),
      end: new Date(episode.end),
      ongoing: episode.end === until && episode.sources.some((key) => ongoing.has(key)),
      worst: episode.sources.some((key) => major.has(key)) ? 'major_outage' : 'partial_outage',
      downSeconds: episode.downSeconds,
      weightedDownSeconds: episode.weightedDownSeconds,
      incidents: episode.sources,
    })),
  };
}

/** Availability over equal periods before a change's implementation began and after it ended. */
export async function changeComparison(
  context: AppContext,
  query: ChangeComparisonQuery,
): Promise<ChangeComparison> {
  const now = context.clock.now();
  const change = await changeImplementation(context, query.change);
  const span = query.days * 86_400_000;
  const common = { service: query.service, partialWeight: query.partialWeight, calendar: query.calendar };
  const period = async (from: Date, to: Date) => {
    const report = await availabilityReport(
      context.db,
      { ...common, from: from.toISOString(), to: to.toISOString(), timeZone: 'UTC' },
      now,
    );
    return {
      from: report.from,
      to: new Date(Math.min(report.to.getTime(), now.getTime())),
      availabilityPercent: report.availabilityPercent,
      mtbfSeconds: report.mtbfSeconds,
      mttrSeconds: report.mttrSeconds,
      outages: report.outages,
      weightedDownSeconds: report.weightedDownSeconds,
      intervals: report.intervals,
      service: report.service,
    };
  };
  const { service, ...before } = await period(new Date(change.start.getTime() - span), change.start);
  const afterEnd = change.end ? new Date(change.end.getTime() + span) : null;
  const after =
    change.end && afterEnd && change.end.getTime() < now.getTime()
      ? (({ service: _, ...rest }) => rest)(await period(change.end, afterEnd))
      : null;
  const minus = (a: number | null, b: number | null) => (a === null || b === null ? null : a - b);
  return {
    service,
    change: {
      key: change.key,
      title: change.title,
      implementedFrom: change.start,
      implementedTo: change.end,
    },
    days: query.days,
    before,
    after,
    delta: after
      ? {
          availabilityPoints: after.availabilityPercent - before.availabilityPercent,
          mtbfSeconds: minus(after.mtbfSeconds, before.mtbfSeconds),
          mttrSeconds: minus(after.mttrSeconds, before.mttrSeconds),
          outages: after.outages - before.outages,
        }
      : null,
  };
}
