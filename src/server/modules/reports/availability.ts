// Availability arithmetic, pure (PRACTICES §9): interval algebra over the outage record instead of
// ticket timestamps. Outages are clipped to the period, overlapping ones counted once (at any
// instant the worst weight wins), declared maintenance is taken out of both the agreed time and
// the downtime, and the merged intervals behind the number are returned with it.

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

function clip(interval: Interval, period: Interval): Interval | null {
  const start = Math.max(interval.start, period.start);
  const end = Math.min(interval.end, period.end);
  return end > start ? { start, end } : null;
}

/** `interval` minus the (merged, sorted) `holes`. */
function subtract(interval: Interval, holes: readonly Interval[]): Interval[] {
  const pieces: Interval[] = [];
  let cursor = interval.start;
  for (const hole of holes) {
    if (hole.end <= cursor) continue;
    if (hole.start >= interval.end) break;
    if (hole.start > cursor) pieces.push({ start: cursor, end: hole.start });
    cursor = Math.max(cursor, hole.end);
  }
  if (cursor < interval.end) pieces.push({ start: cursor, end: interval.end });
  return pieces;
}

/** Milliseconds of each weight level inside `window`, the worst weight winning where outages overlap. */
function weightedMs(window: Interval, outages: readonly OutageInput[]): number {
  const inside = outages
    .map((outage) => ({ clipped: clip(outage, window), weight: outage.weight }))
    .filter((entry): entry is { clipped: Interval; weight: number } => entry.clipped !== null);
  const points = [...new Set(inside.flatMap((entry) => [entry.clipped.start, entry.clipped.end]))].sort(
    (a, b) => a - b,
  );
  let total = 0;
  for (let i = 0; i + 1 < points.length; i++) {
    const start = points[i]!;
    const end = points[i + 1]!;
    let worst = 0;
    for (const entry of inside)
      if (entry.clipped.start <= start && entry.clipped.end >= end) worst = Math.max(worst, entry.weight);
    total += worst * (end - start);
  }
  return total;
}

/**
 * Availability of one service over `period` (epoch milliseconds, end exclusive) from its outages
 * and its maintenance windows.
 */
export function computeAvailability(
  period: Interval,
  outages: readonly OutageInput[],
  maintenance: readonly Interval[],
): Availability {
  const holes = mergeIntervals(
    maintenance.map((window) => clip(window, period)).filter((w): w is Interval => w !== null),
  );
  const maintenanceMs = holes.reduce((sum, hole) => sum + hole.end - hole.start, 0);
  const agreedMs = period.end - period.start - maintenanceMs;
  const counted = outages.filter((outage) => outage.weight > 0);
  const episodes: OutageEpisode[] = [];
  for (const merged of mergeIntervals(
    counted.map((outage) => clip(outage, period)).filter((o): o is Interval => o !== null),
  )) {
    const pieces = subtract(merged, holes);
    const downMs = pieces.reduce((sum, piece) => sum + piece.end - piece.start, 0);
    if (downMs === 0) continue; // entirely inside maintenance
    const within = counted.filter((outage) => outage.start < merged.end && outage.end > merged.start);
    episodes.push({
      start: merged.start,
      end: merged.end,
      downSeconds: downMs / 1000,
      weightedDownSeconds: pieces.reduce((sum, piece) => sum + weightedMs(piece, within), 0) / 1000,
      weight: Math.max(...within.map((outage) => outage.weight)),
      sources: [...new Set(within.flatMap((outage) => outage.sources))],
    });
  }
  const downSeconds = episodes.reduce((sum, episode) => sum + episode.downSeconds, 0);
  const weightedDownSeconds = episodes.reduce((sum, episode) => sum + episode.weightedDownSeconds, 0);
  const agreedSeconds = agreedMs / 1000;
  const count = episodes.length;
  return {
    agreedSeconds,
    maintenanceSeconds: maintenanceMs / 1000,
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
