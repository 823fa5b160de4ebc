// Elapsed times on a logarithmic scale: bucket b ≥ 1 holds [1.05^(b−1), 1.05^b) seconds, bucket 0
// holds under a second. Histograms of days add up, so percentiles over a year come from a few
// thousand rows; an estimate is the bucket's geometric middle, at most 2.5 % off the true value,
// kept within the exact minimum and maximum.

export const bucketRatio = 1.05;

/** The SQL expression of the bucket of `elapsed_seconds` (must agree with bucketOf). */
export const bucketSql = `case when elapsed_seconds < 1 then 0 else 1 + floor(ln(elapsed_seconds) / ln(${bucketRatio}))::int end`;

export function bucketOf(seconds: number): number {
  return seconds < 1 ? 0 : 1 + Math.floor(Math.log(seconds) / Math.log(bucketRatio));
}

export function bucketMiddle(bucket: number): number {
  return bucket === 0 ? 0.5 : bucketRatio ** (bucket - 0.5);
}

export interface Histogram {
  /** [bucket, count] in bucket order. */
  buckets: ReadonlyArray<readonly [number, number]>;
  min: number;
  max: number;
}

/**
 * The p-th percentile (0–1) as percentile_cont ranks it — position p × (n − 1) among the sorted
 * values — estimated by the middle of the bucket holding that position.
 */
export function percentile(histogram: Histogram, p: number): number | null {
  const total = histogram.buckets.reduce((sum, [, count]) => sum + count, 0);
  if (total === 0) return null;
  const position = Math.floor(p * (total - 1));
  let seen = 0;
  for (const [bucket, count] of histogram.buckets) {
    seen += count;
    if (position < seen) return Math.min(histogram.max, Math.max(histogram.min, bucketMiddle(bucket)));
  }
  return histogram.max;
}
