// Pure SLA logic behind <SlaClock> and the agent queue's "SLA at risk" filter and SLA sort:
// what state a metric is in now, which metric to show, and how to describe it.
import { duration } from '../lib/format';

export interface SlaMetric {
  key: string;
  name: string;
  calendar: string;
  state: 'not_started' | 'running' | 'paused' | 'stopped';
  cycle: number | null;
  elapsedSeconds: number;
  goalSeconds: number | null;
  remainingSeconds: number | null;
  met: boolean;
  breached: boolean;
  warnAt: string | null;
  breachAt: string | null;
}

export interface TicketSla {
  ticket: string;
  policy: { key: string; name: string; version: number } | null;
  computedAt: string;
  metrics: SlaMetric[];
}

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

/** The ticket's overall SLA state (its primary metric's), or undefined without metrics. */
export function ticketSlaState(sla: TicketSla | undefined, now: number): SlaState | undefined {
  if (!sla) return undefined;
  const metric = primaryMetric(sla.metrics);
  if (!metric) return undefined;
  const computedAt = new Date(sla.computedAt).getTime();
  // Any metric breached or at risk counts, even when another one is shown.
  const states = sla.metrics.map((m) => slaState(m, now, computedAt));
  if (states.includes('breached')) return 'breached';
  if (states.includes('at_risk')) return 'at_risk';
  return slaState(metric, now, computedAt);
}

/** True for the "SLA at risk" queue: a clock is at risk or already breached. */
export const slaNeedsAttention = (state: SlaState | undefined) => state === 'at_risk' || state === 'breached';
