// Pure SLA logic behind <SlaClock> (a ticket's clocks: what state a metric is in now, which one
// to show, how to describe it) and <SlaCell> (the one-clock summary ticket lists carry).
import type { Wire } from '../../shared/api/common';
import type { ticketSlaOut } from '../../shared/api/sla';
import type { slaSummaryOut } from '../../shared/api/tickets';
import { duration } from '../lib/format';

/** GET /api/v1/tickets/{key}/sla: every clock of a ticket, explained. */
export type TicketSla = Wire<typeof ticketSlaOut>;
/** What the clock's logic reads of a metric (the intervals and cycles are for the explanation). */
export type SlaMetric = Omit<TicketSla['metrics'][number], 'cycles' | 'intervals'>;

export type SlaState = 'met' | 'breached' | 'at_risk' | 'paused' | 'running' | 'not_started';

export const slaStateLabel: Record<SlaState, string> = {
  met: 'Met',
  breached: 'Breached',
  at_risk: 'At risk',
  paused: 'Paused',
  running: 'On track',
  not_started: 'Not started',
};

/** Mantine colours (the light badge variant keeps AA contrast). */
export const slaStateColor: Record<SlaState, string> = {
  met: 'green',
  breached: 'red',
  at_risk: 'orange',
  paused: 'gray',
  running: 'blue',
  not_started: 'gray',
};

export const slaQueryKey = (ticketKey: string) => ['ticket', ticketKey, 'sla'] as const;
export const slaPath = (ticketKey: string) => `/api/v1/tickets/${encodeURIComponent(ticketKey)}/sla`;

/** Seconds counted so far, advanced locally for a running clock since the server computed it. */
export function elapsedNow(metric: SlaMetric, now: number, computedAt: number): number {
  const live = metric.state === 'running' ? Math.max(0, now - computedAt) / 1000 : 0;
  return metric.elapsedSeconds + live;
}

/** What a metric means now (`now` and `computedAt` in ms). */
export function slaState(metric: SlaMetric, now: number, computedAt: number): SlaState {
  const elapsed = elapsedNow(metric, now, computedAt);
  if (metric.breached || (metric.goalSeconds !== null && elapsed > metric.goalSeconds)) return 'breached';
  if (metric.state === 'stopped') return metric.met || metric.goalSeconds === null ? 'met' : 'breached';
  if (metric.state === 'paused') return 'paused';
  if (metric.state === 'not_started') return 'not_started';
  if (metric.warnAt && now >= new Date(metric.warnAt).getTime()) return 'at_risk';
  return 'running';
}

/** Remaining seconds now (negative when over), or null without a target. */
export function remainingNow(metric: SlaMetric, now: number, computedAt: number): number | null {
  if (metric.goalSeconds === null) return null;
  return metric.goalSeconds - elapsedNow(metric, now, computedAt);
}

/**
 * The metric worth showing: a running or paused one with a target, closest to it; else one with
 * a target that is breached; else one with a target; else the first.
 */
export function primaryMetric(metrics: SlaMetric[]): SlaMetric | undefined {
  const withGoal = metrics.filter((m) => m.goalSeconds !== null);
  const open = withGoal.filter((m) => m.state === 'running' || m.state === 'paused');
  if (open.length) {
    return [...open].sort(
      (a, b) =>
        (a.remainingSeconds ?? Number.POSITIVE_INFINITY) - (b.remainingSeconds ?? Number.POSITIVE_INFINITY),
    )[0];
  }
  return withGoal.find((m) => m.breached) ?? withGoal[0] ?? metrics[0];
}

export function describeMetric(metric: SlaMetric, state: SlaState, now: number, computedAt: number): string {
  const elapsed = elapsedNow(metric, now, computedAt);
  const goal = metric.goalSeconds;
  if (goal === null) return `${duration(elapsed)} elapsed, no target`;
  if (state === 'met') return `${duration(elapsed)} of ${duration(goal)}`;
  if (state === 'not_started') return `target ${duration(goal)}`;
  const remaining = goal - elapsed;
  if (remaining < 0) return `${duration(-remaining)} over ${duration(goal)}`;
  return `${duration(remaining)} left of ${duration(goal)}`;
}

// ---------------------------------------------------------------------------------------------
// The SLA summary lists carry (GET /api/v1/tickets items' `sla`): one clock per ticket, the most
// pressing one. Read by <SlaCell> and the agent queue's SLA sort.

/** The summary a list row carries; null when the ticket has no clock with a goal. */
export type SlaSummary = NonNullable<Wire<typeof slaSummaryOut>>;
export type SlaSummaryStatus = SlaSummary['status'];

export const summaryStatusLabel: Record<SlaSummaryStatus, string> = {
  on_track: 'On track',
  at_risk: 'At risk',
  breached: 'Breached',
  paused: 'Paused',
  met: 'Met',
  not_started: 'Not started',
};

/** Mantine colours; as text they are used at shade 8/9 for AA contrast. */
export const summaryStatusColor: Record<SlaSummaryStatus, string> = {
  on_track: 'blue',
  at_risk: 'orange',
  breached: 'red',
  paused: 'gray',
  met: 'green',
  not_started: 'gray',
};

/** "time_to_resolution" → "Time to resolution". */
export function metricLabel(metric: string): string {
  const words = metric.replaceAll('_', ' ').trim();
  return words ? words[0]!.toUpperCase() + words.slice(1) : metric;
}

const isRunning = (status: SlaSummaryStatus) => status === 'on_track' || status === 'at_risk';

export interface SlaSummaryView {
  /** The status now: a running clock can have passed its warning or its goal since computedAt. */
  status: SlaSummaryStatus;
  /** Seconds left now (negative: over) for a running or paused clock; null otherwise. */
  remaining: number | null;
  /** Compact text for a table cell: "2 h 5 min left", "Breached", "Met", "Paused". */
  short: string;
  /** The whole sentence (tooltip, accessible name). */
  long: string;
}

/** How a list row's SLA reads at `now` (ms); null when the ticket has no SLA clock. */
export function slaSummaryView(sla: SlaSummary | null | undefined, now: number): SlaSummaryView | null {
  if (!sla) return null;
  const computedAt = Date.parse(sla.computedAt);
  const metric = metricLabel(sla.metric);
  const goal = duration(sla.goalSeconds);
  let status = sla.status;
  let remaining: number | null = null;
  if (isRunning(status)) {
    const live = Number.isFinite(computedAt) ? Math.max(0, now - computedAt) / 1000 : 0;
    remaining = sla.goalSeconds - sla.elapsedSeconds - live;
    if (remaining <= 0) status = 'breached';
    else if (status === 'on_track' && sla.warnAt && Date.parse(sla.warnAt) <= now) status = 'at_risk';
  } else if (status === 'paused') {
    remaining = sla.goalSeconds - sla.elapsedSeconds;
  }
  switch (status) {
    case 'on_track':
    case 'at_risk': {
      const left = `${duration(remaining)} left`;
      return {
        status,
        remaining,
        short: left,
        long: `${metric}: ${summaryStatusLabel[status]}, ${left} of ${goal}`,
      };
    }
    case 'breached': {
      const over = remaining !== null ? `, ${duration(-remaining)} over ${goal}` : ` (target ${goal})`;
      return { status, remaining, short: 'Breached', long: `${metric}: Breached${over}` };
    }
    case 'paused':
      return {
        status,
        remaining,
        short: 'Paused',
        long: `${metric}: Paused, ${duration(Math.max(0, remaining ?? 0))} left of ${goal}`,
      };
    case 'met':
      return { status, remaining, short: 'Met', long: `${metric}: Met (target ${goal})` };
    default:
      return { status, remaining, short: 'Not started', long: `${metric}: Not started (target ${goal})` };
  }
}

/** Most urgent first: breached, at risk, on track, paused, not started, met. */
const urgency: Record<SlaSummaryStatus, number> = {
  breached: 0,
  at_risk: 1,
  on_track: 2,
  paused: 3,
  not_started: 4,
  met: 5,
};

/**
 * A sort value for a row's SLA (smaller: more urgent), or null without an SLA: the status's
 * severity, then within it the breach time (the earliest first) or, without one, the time left.
 */
export function slaUrgency(sla: SlaSummary | null | undefined, now: number): [number, number] | null {
  const view = slaSummaryView(sla, now);
  if (!sla || !view) return null;
  const breachAt = sla.breachAt ? Date.parse(sla.breachAt) : Number.NaN;
  const when = Number.isFinite(breachAt)
    ? breachAt
    : view.remaining !== null
      ? now + view.remaining * 1000
      : Number.MAX_SAFE_INTEGER;
  return [urgency[view.status], when];
}

/** Compares two urgencies (as slaUrgency returns them; null: no SLA). */
export function compareUrgency(a: [number, number] | null, b: [number, number] | null): number {
  if (!a || !b) return a ? -1 : b ? 1 : 0;
  return a[0] - b[0] || a[1] - b[1];
}
