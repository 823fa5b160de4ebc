// Holt-Winters on synthetic series whose truth is known: a linear trend plus a weekly season, with
// and without noise. Error bounds stated per case: noise-free, the 14-day forecast is within 0.5 %
// of the truth at every step; with Gaussian noise of σ = 2, its mean absolute error is under
// 2σ = 4, the fitted σ is within 40 % of 2, and the 95 % band holds the truth at ≥ 90 % of steps.
import { describe, expect, it } from 'vitest';
import { fitHoltWinters, forecastHoltWinters, thresholdCrossing } from './holt-winters.js';

/** Deterministic standard normal noise (mulberry32 + Box-Muller). */
function noise(seed: number): () => number {
  let a = seed >>> 0;
  const uniform = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}

// Daily disk use: 200 GB, +1.5 GB a day, weekends 12 GB lower (a weekly season).
const weekly = [4, 6, 5, 5, 4, -12, -12];
const truth = (t: number) => 200 + 1.5 * t + weekly[t % 7]!;
const days = 10 * 7;

describe('Holt-Winters (additive)', () => {
  it('noise-free trend and weekly season: 14 days ahead within 0.5 % of the truth at every step', () => {
    const y = Array.from({ length: days }, (_, t) => truth(t));
    const fit = fitHoltWinters(y, { season: 7 });
    const band = forecastHoltWinters(fit, 14);
    band.point.forEach((value, h) => {
      const expected = truth(days + h);
      expect(Math.abs(value - expected) / expected).toBeLessThan(0.005);
    });
    expect(fit.trend).toBeCloseTo(1.5, 1);
  });

  it('with noise σ = 2: MAE under 2σ, σ recovered within 40 %, the 95 % band holds the truth at ≥ 90 % of steps', () => {
    const normal = noise(19);
    const y = Array.from({ length: days }, (_, t) => truth(t) + 2 * normal());
    const fit = fitHoltWinters(y, { season: 7 });
    const band = forecastHoltWinters(fit, 14, 0.95);
    let absolute = 0;
    let inside = 0;
    band.point.forEach((value, h) => {
      const expected = truth(days + h);
      absolute += Math.abs(value - expected);
      if (band.lower[h]! <= expected && expected <= band.upper[h]!) inside++;
    });
    expect(absolute / 14).toBeLessThan(4);
    expect(Math.abs(fit.sigma - 2) / 2).toBeLessThan(0.4);
    expect(inside / 14).toBeGreaterThanOrEqual(0.9);
    // The band widens with the horizon.
    expect(band.upper[13]! - band.lower[13]!).toBeGreaterThan(band.upper[0]! - band.lower[0]!);
  });

  it('hourly data with a daily season of 24 steps', () => {
    const hourly = (t: number) => 40 + 0.05 * t + 15 * Math.sin((2 * Math.PI * t) / 24);
    const y = Array.from({ length: 24 * 14 }, (_, t) => hourly(t));
    const band = forecastHoltWinters(fitHoltWinters(y, { season: 24 }), 48);
    band.point.forEach((value, h) => {
      expect(Math.abs(value - hourly(24 * 14 + h))).toBeLessThan(1);
    });
  });

  it('days until a threshold: a disk at 1.5 GB a day reaches 400 GB when the truth does, ± 1 day', () => {
    const normal = noise(7);
    const y = Array.from({ length: days }, (_, t) => truth(t) + normal());
    const band = forecastHoltWinters(fitHoltWinters(y, { season: 7 }), 120);
    const crossing = thresholdCrossing(band, y.at(-1)!, 400);
    // The truth first reaches 400 on day t with 200 + 1.5t + weekly ≥ 400.
    let t = days;
    while (truth(t) < 400) t++;
    const trueSteps = t - (days - 1);
    expect(crossing.expected).not.toBeNull();
    expect(Math.abs(crossing.expected! - trueSteps)).toBeLessThanOrEqual(1);
    expect(crossing.earliest!).toBeLessThanOrEqual(crossing.expected!);
    expect(crossing.latest === null || crossing.latest >= crossing.expected!).toBe(true);
  });

  it('a flat series never reaches a threshold above it; one already above it reached it now', () => {
    const y = Array.from({ length: 30 }, (_, t) => 50 + (t % 2));
    const band = forecastHoltWinters(fitHoltWinters(y, { season: 0 }), 60);
    expect(thresholdCrossing(band, 50, 90).expected).toBeNull();
    expect(thresholdCrossing(band, 95, 90)).toEqual({ expected: 0, earliest: 0, latest: 0 });
  });

  it('refuses too short a series and non-finite points, naming them', () => {
    expect(() => fitHoltWinters([1, 2, 3], { season: 7 })).toThrow(/at least 16 points/);
    expect(() => fitHoltWinters([1, 2, Number.NaN, 4, 5], { season: 0 })).toThrow(/point 2/);
  });
});

describe('augurs MSTL checked against Holt-Winters (the oracle)', () => {
  it('on the noisy trend + weekly season: both within 2σ MAE of the truth, and within 3 of each other on average', async () => {
    const { forecastAugurs, loadAugurs } = await import('./augurs.js');
    const mstl = await loadAugurs();
    expect(mstl, 'the @bsull/augurs WASM loads').not.toBeNull();
    const normal = noise(19);
    const y = Array.from({ length: days }, (_, t) => truth(t) + 2 * normal());
    const oracle = forecastHoltWinters(fitHoltWinters(y, { season: 7 }), 14);
    const augurs = forecastAugurs(mstl!, y, [7], 14);
    let fromTruth = 0;
    let fromOracle = 0;
    augurs.point.forEach((value, h) => {
      fromTruth += Math.abs(value - truth(days + h));
      fromOracle += Math.abs(value - oracle.point[h]!);
    });
    expect(fromTruth / 14).toBeLessThan(4);
    expect(fromOracle / 14).toBeLessThan(3);
    expect(
      augurs.lower.every((low, h) => low <= augurs.point[h]! && augurs.point[h]! <= augurs.upper[h]!),
    ).toBe(true);
  });
});
