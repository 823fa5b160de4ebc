// Percentiles and the formatting of figures shared by the benchmarks.
import { availableParallelism, loadavg } from 'node:os';

/** Nearest-rank percentile of values sorted ascending (p in 0..100). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] as number;
}

export interface Summary {
  count: number;
  min: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export function summarise(values: readonly number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    count: sorted.length,
    min: sorted[0] ?? Number.NaN,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? Number.NaN,
  };
}

export const ms = (value: number) => `${value < 10 ? value.toFixed(2) : value.toFixed(1)} ms`;
export const seconds = (valueMs: number) => `${(valueMs / 1000).toFixed(2)} s`;
export const mb = (kb: number) => `${(kb / 1024).toFixed(1)} MB`;

export function verdict(value: number, target: number): string {
  return value < target ? 'met' : 'NOT met';
}

/** What else the machine is doing: these benchmarks share its cores with everything else. */
export function machineLoad(): string {
  const [oneMinute] = loadavg();
  return `load average ${oneMinute?.toFixed(2)} on ${availableParallelism()} CPUs before the run`;
}
