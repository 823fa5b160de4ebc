// Availability arithmetic, pure (PRACTICES §9): interval algebra over the outage record instead of
// ticket timestamps. Outages are clipped to the period, overlapping ones counted once (at any
// instant the worst weight wins), declared maintenance is taken out of both the agreed time and
// the downtime, and so is time outside the service's hours when they are given (ITIL: agreed
// service time); the merged intervals behind the number are returned with it.

export interface Interval {
  start: number;
  end: number;
}

export interface OutageInput extends Interval {
  /** 1 for a major outage, the partial weight (e.g. 0.3) for a partial one. */
  weight: number;
  /** What says so (incident keys). */
  sources: readonly string[];
}

export interface OutageEpisode extends Interval {
  /** Seconds down, maintenance left out. */
  downSeconds: number;
  /** Seconds down weighted (the worst weight at each instant). */
  weightedDownSeconds: number;
  /** The heaviest weight reached. */
  weight: number;
  sources: string[];
}

export interface Availability {
  agreedSeconds: number;
  maintenanceSeconds: number;
  /** Time outside the service's hours (0 without them): neither agreed nor down. */
  outsideHoursSeconds: number;
  downSeconds: number;
  weightedDownSeconds: number;
  /** (agreed − weighted downtime) ÷ agreed × 100; 100 when no time was agreed. */
  availabilityPercent: number;
  outages: number;
  /** Mean uptime between failures: (agreed − downtime) ÷ outages; null without outages. */
  mtbfSeconds: number | null;
  /** Mean time to restore service: downtime ÷ outages; null without outages. */
  mttrSeconds: number | null;
  episodes: OutageEpisode[];
}

/** Sorted, non-overlapping union of intervals (touching ones merge). */
export function mergeIntervals(intervals: readonly Interval[]): Interval[] {
  const sorted = intervals.filter((i) => i.end > i.start).sort((a, b) => a.start - b.start);
  const merged: Interval[] = [];
  for (const interval of sorted) {
    const last = merged.at(-1);
    if (last && interval.start <= last.end) last.end = Math.max(last.end, interval.end);
    else merged.push({ start: interval.start, end: interval.end });
  }
  return merged;
}

function measure(intervals: readonly Interval[]): number {
  return intervals.reduce((sum, interval) => sum + interval.end - interval.start, 0);
}

/** The parts of `period` outside the sorted, disjoint `inside`. */
function complement(inside: readonly Interval[], period: Interval): Interval[] {
  const out: Interval[] = [];
  let cursor = period.start;
  for (const interval of inside) {
    if (interval.end <= cursor) continue;
    if (interval.start >= period.end) break;
    if (interval.start > cursor) out.push({ start: cursor, end: interval.start });
    cursor = Math.max(cursor, interval.end);
  }
  if (cursor < period.end) out.push({ start: cursor, end: period.end });
  return out;
}

function clip(interval: Interval, period: Interval): Interval | null {
  const start = Math.max(interval.start, period.start);
  const end = Math.min(interval.end, period.end);
  return end > start ? { start, end } : null;
}

/**
 * Availability of one service over `period` (epoch milliseconds, end exclusive) from its outages
 * and its maintenance windows. One sweep over every start and end (O(n log n)): between two
 * instants the state is how many outages of each weight are on and whether maintenance is.
 */
export function computeAvailability(
  period: Interval,
  outages: readonly OutageInput[],
  maintenance: readonly Interval[],
  serviceHours?: readonly Interval[],
): Availability {
  const offHours = serviceHours ? complement(mergeIntervals(serviceHours), period) : [];
  const outsideMs = measure(offHours);
  const holes = mergeIntervals(
    [...maintenance, ...offHours]
      .map((window) => clip(window, period))
      .filter((w): w is Interval => w !== null),
  );
  const holesMs = measure(holes);
  const maintenanceMs = holesMs - outsideMs;
  const agreedMs = period.end - period.start - holesMs;

  // Events: +1/−1 of an outage (with its weight and sources), +1/−1 of maintenance.
  type Event = { at: number; outage?: OutageInput; delta: number };
  const events: Event[] = [];
  for (const outage of outages) {
    if (outage.weight <= 0) continue;
    const clipped = clip(outage, period);
    if (!clipped) continue;
    events.push({ at: clipped.start, outage, delta: 1 }, { at: clipped.end, outage, delta: -1 });
  }
  for (const hole of holes) events.push({ at: hole.start, delta: 1 }, { at: hole.end, delta: -1 });
  events.sort((a, b) => a.at - b.at);

  const on = new Map<number, number>(); // weight → outages on
  let active = 0;
  let inMaintenance = 0;
  let current: {
    start: number;
    downMs: number;
    weightedMs: number;
    weight: number;
    sources: Set<string>;
  } | null = null;
  const episodes: OutageEpisode[] = [];
  for (let i = 0; i < events.length; ) {
    const at = events[i]!.at;
    // Apply every event at this instant (touching outages merge), then look at the state after it.
    for (; i < events.length && events[i]!.at === at; i++) {
      const event = events[i]!;
      if (!event.outage) {
        inMaintenance += event.delta;
        continue;
      }
      const weight = event.outage.weight;
      on.set(weight, (on.get(weight) ?? 0) + event.delta);
      active += event.delta;
      if (event.delta > 0) {
        current ??= { start: at, downMs: 0, weightedMs: 0, weight: 0, sources: new Set() };
        current.weight = Math.max(current.weight, weight);
        for (const source of event.outage.sources) current.sources.add(source);
      }
    }
    if (current && active === 0) {
      if (current.downMs > 0)
        episodes.push({
          start: current.start,
          end: at,
          downSeconds: current.downMs / 1000,
          weightedDownSeconds: current.weightedMs / 1000,
          weight: current.weight,
          sources: [...current.sources],
        });
      current = null;
    }
    const next = events[i]?.at;
    if (current && next !== undefined && inMaintenance === 0) {
      let worst = 0;
      for (const [weight, count] of on) if (count > 0 && weight > worst) worst = weight;
      current.downMs += next - at;
      current.weightedMs += worst * (next - at);
    }
  }

  const downSeconds = episodes.reduce((sum, episode) => sum + episode.downSeconds, 0);
  const weightedDownSeconds = episodes.reduce((sum, episode) => sum + episode.weightedDownSeconds, 0);
  const agreedSeconds = agreedMs / 1000;
  const count = episodes.length;
  return {
    agreedSeconds,
    maintenanceSeconds: maintenanceMs / 1000,
    outsideHoursSeconds: outsideMs / 1000,
    downSeconds,
    weightedDownSeconds,
    availabilityPercent:
      agreedSeconds > 0 ? ((agreedSeconds - weightedDownSeconds) / agreedSeconds) * 100 : 100,
    outages: count,
    mtbfSeconds: count > 0 ? (agreedSeconds - downSeconds) / count : null,
    mttrSeconds: count > 0 ? downSeconds / count : null,
    episodes,
  };
}

export interface ErrorBudget {
  /** Weighted downtime the target allows over the agreed time. */
  budgetSeconds: number;
  /** What is left of it (negative once spent). */
  remainingSeconds: number;
  /** (1 − availability) ÷ (1 − target): 1 spends the budget exactly by the period's end. */
  burnRate: number;
}

/** The error budget of an availability target in percent (e.g. 99.9). */
export function errorBudget(result: Availability, targetPercent: number): ErrorBudget {
  const allowed = 1 - targetPercent / 100;
  const budgetSeconds = result.agreedSeconds * allowed;
  return {
    budgetSeconds,
    remainingSeconds: budgetSeconds - result.weightedDownSeconds,
    burnRate: allowed > 0 ? (1 - result.availabilityPercent / 100) / allowed : 0,
  };
}
