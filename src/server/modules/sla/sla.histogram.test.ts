import { describe, expect, it } from 'vitest';
import { bucketMiddle, bucketOf, type Histogram, percentile } from './sla.histogram.js';
import { seededRandom } from './sla.test-support.js';

function histogramOf(values: number[]): Histogram {
  const counts = new Map<number, number>();
  for (const value of values) counts.set(bucketOf(value), (counts.get(bucketOf(value)) ?? 0) + 1);
  return {
    buckets: [...counts].sort((a, b) => a[0] - b[0]),
    min: Math.min(...values),
    max: Math.max(...values),
  };
}

/** percentile_cont's value at the same position, without interpolation. */
const exact = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.floor(p * (values.length - 1))]!;

describe('log-scale histograms', () => {
  it('put a value in the bucket whose bounds hold it', () => {
    expect(bucketOf(0)).toBe(0);
    expect(bucketOf(0.99)).toBe(0);
    expect(bucketOf(1)).toBe(1);
    for (const seconds of [1.5, 36, 525, 57_204, 144_036]) {
      const bucket = bucketOf(seconds);
      expect(1.05 ** (bucket - 1)).toBeLessThanOrEqual(seconds);
      expect(seconds).toBeLessThan(1.05 ** bucket);
    }
  });

  it('estimate percentiles within 2.5 % of the values at the same position', () => {
    const random = seededRandom(11);
    const values = Array.from({ length: 5000 }, () => 20 + random() * random() * 20_000);
    const histogram = histogramOf(values);
    for (const p of [0.5, 0.9, 0.95]) {
      const estimate = percentile(histogram, p)!;
      expect(Math.abs(estimate - exact(values, p)) / exact(values, p)).toBeLessThanOrEqual(0.025);
    }
  });

  it('are exact when every value is the same, thanks to the minimum and maximum', () => {
    expect(percentile(histogramOf([36, 36, 36]), 0.9)).toBe(36);
    expect(bucketMiddle(bucketOf(36))).not.toBe(36);
  });

  it('have no percentile when empty', () => {
    expect(percentile({ buckets: [], min: 0, max: 0 }, 0.5)).toBeNull();
  });
});
