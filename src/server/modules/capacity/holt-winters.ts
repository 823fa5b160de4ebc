// Additive Holt-Winters (level, trend, one season), pure: the forecasting engine of capacity plans
// and the test oracle of any other engine (PRACTICES §9). Parameters are fitted by coordinate
// descent on the one-step-ahead squared error; prediction intervals use the ETS(A,A,A) variance
// σ²·(1 + Σ_{j<h} (α(1 + jβ) + γ·[j ≡ 0 mod m])²), σ² the residual variance.

export interface HoltWintersOptions {
  /** Season length in steps (7 for daily data with a weekly season, 168 for hourly); 0 or 1: none. */
  season: number;
  /** Fixed smoothing parameters; fitted when left out. */
  alpha?: number;
  beta?: number;
  gamma?: number;
}

export interface HoltWintersFit {
  alpha: number;
  beta: number;
  gamma: number;
  season: number;
  level: number;
  trend: number;
  /** The last `season` seasonal terms, oldest first. */
  seasonal: number[];
  /** Residual standard deviation of the one-step forecasts. */
  sigma: number;
  n: number;
}

export interface ForecastBand {
  point: number[];
  lower: number[];
  upper: number[];
  level: number;
}

const ALPHAS = [0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9];
const BETAS = [0, 0.01, 0.03, 0.1, 0.2];
const GAMMAS = [0.01, 0.05, 0.1, 0.2, 0.4];

function mean(values: ArrayLike<number>, from: number, to: number): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += values[i]!;
  return sum / (to - from);
}

/** Initial level, trend and season from the first two seasons (or the first points without one). */
function initialState(
  y: ArrayLike<number>,
  m: number,
): { level: number; trend: number; seasonal: Float64Array } {
  const seasonal = new Float64Array(Math.max(m, 1));
  if (m <= 1) {
    const k = Math.min(y.length, 4);
    return { level: y[0]!, trend: k > 1 ? (y[k - 1]! - y[0]!) / (k - 1) : 0, seasonal };
  }
  const first = mean(y, 0, m);
  const second = y.length >= 2 * m ? mean(y, m, 2 * m) : first;
  const trend = (second - first) / m;
  // Each seasonal term: the point less the season's mean with the trend taken out.
  for (let i = 0; i < m; i++) seasonal[i] = y[i]! - (first + (i - (m - 1) / 2) * trend);
  return { level: first + ((m - 1) / 2) * trend, trend, seasonal };
}

interface Run {
  sse: number;
  level: number;
  trend: number;
  seasonal: Float64Array;
}

/** Runs the recursions over the series from the end of the first season on. */
function run(y: ArrayLike<number>, m: number, alpha: number, beta: number, gamma: number): Run {
  const seasonal = m > 1 ? m : 1;
  const init = initialState(y, m);
  const s = init.seasonal;
  let level = init.level;
  let trend = init.trend;
  let sse = 0;
  const start = m > 1 ? m : 1;
  // The state after the first season: level at its last point.
  for (let t = start; t < y.length; t++) {
    const idx = t % seasonal;
    const season = m > 1 ? s[idx]! : 0;
    const forecast = level + trend + season;
    const error = y[t]! - forecast;
    sse += error * error;
    const previous = level;
    level = alpha * (y[t]! - season) + (1 - alpha) * (level + trend);
    trend = beta * (level - previous) + (1 - beta) * trend;
    if (m > 1) s[idx] = gamma * (y[t]! - level) + (1 - gamma) * season;
  }
  return { sse, level, trend, seasonal: s };
}

/** The smallest series a season of `m` can be fitted on. */
export function minimumLength(season: number): number {
  return season > 1 ? 2 * season + 2 : 4;
}

/** Fits additive Holt-Winters to `y` (equally spaced, no gaps). */
export function fitHoltWinters(y: ArrayLike<number>, options: HoltWintersOptions): HoltWintersFit {
  const m = options.season > 1 ? Math.floor(options.season) : 0;
  if (y.length < minimumLength(m))
    throw new RangeError(`at least ${minimumLength(m)} points are needed (got ${y.length})`);
  for (let i = 0; i < y.length; i++)
    if (!Number.isFinite(y[i]!)) throw new RangeError(`point ${i} is not a finite number`);
  let alpha = options.alpha ?? 0.3;
  let beta = options.beta ?? 0.01;
  let gamma = m > 1 ? (options.gamma ?? 0.1) : 0;
  let best = run(y, m, alpha, beta, gamma).sse;
  // Coordinate descent over small grids: each parameter in turn, twice round.
  for (let round = 0; round < 2; round++) {
    if (options.alpha === undefined)
      for (const candidate of ALPHAS) {
        const sse = run(y, m, candidate, beta, gamma).sse;
        if (sse < best) [best, alpha] = [sse, candidate];
      }
    if (options.beta === undefined)
      for (const candidate of BETAS) {
        const sse = run(y, m, alpha, candidate, gamma).sse;
        if (sse < best) [best, beta] = [sse, candidate];
      }
    if (m > 1 && options.gamma === undefined)
      for (const candidate of GAMMAS) {
        const sse = run(y, m, alpha, beta, candidate).sse;
        if (sse < best) [best, gamma] = [sse, candidate];
      }
  }
  const final = run(y, m, alpha, beta, gamma);
  const steps = y.length - (m > 1 ? m : 1);
  const parameters = m > 1 ? 3 : 2;
  const sigma = Math.sqrt(final.sse / Math.max(1, steps - parameters));
  const seasonal: number[] = [];
  // Oldest first: the term for the step after the last point comes first.
  for (let k = 0; k < m; k++) seasonal.push(final.seasonal[(y.length + k) % m]!);
  return {
    alpha,
    beta,
    gamma,
    season: m,
    level: final.level,
    trend: final.trend,
    seasonal,
    sigma,
    n: y.length,
  };
}

/** z of a two-sided normal interval at `level` (0.8, 0.9, 0.95, 0.99; others approximated). */
function zOf(level: number): number {
  const known: Record<string, number> = { '0.8': 1.2816, '0.9': 1.6449, '0.95': 1.96, '0.99': 2.5758 };
  const hit = known[String(level)];
  if (hit) return hit;
  // Acklam-free approximation good to ~1e-3: inverse of the logistic-ish erf fit.
  const p = (1 + level) / 2;
  const t = Math.sqrt(-2 * Math.log(1 - p));
  return (
    t -
    (2.515517 + 0.802853 * t + 0.010328 * t * t) / (1 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t ** 3)
  );
}

/** The next `horizon` steps with a `level` prediction interval. */
export function forecastHoltWinters(fit: HoltWintersFit, horizon: number, level = 0.95): ForecastBand {
  const z = zOf(level);
  const point: number[] = [];
  const lower: number[] = [];
  const upper: number[] = [];
  let sumSquares = 0;
  for (let h = 1; h <= horizon; h++) {
    const season = fit.season > 1 ? fit.seasonal[(h - 1) % fit.season]! : 0;
    const value = fit.level + h * fit.trend + season;
    if (h > 1) {
      const j = h - 1;
      const c = fit.alpha * (1 + j * fit.beta) + (fit.season > 1 && j % fit.season === 0 ? fit.gamma : 0);
      sumSquares += c * c;
    }
    const half = z * fit.sigma * Math.sqrt(1 + sumSquares);
    point.push(value);
    lower.push(value - half);
    upper.push(value + half);
  }
  return { point, lower, upper, level };
}

/** Where a path first reaches `threshold` (upwards), in steps after the last point (fractional). */
function firstCrossing(path: readonly number[], last: number, threshold: number): number | null {
  let previous = last;
  for (let h = 1; h <= path.length; h++) {
    const value = path[h - 1]!;
    if (value >= threshold) {
      const rise = value - previous;
      const fraction = previous >= threshold || rise <= 0 ? 0 : (threshold - previous) / rise;
      return h - 1 + fraction;
    }
    previous = value;
  }
  return null;
}

export interface ThresholdCrossing {
  /** Steps after the last point until the point forecast reaches the threshold; null: not within the horizon. */
  expected: number | null;
  /** Steps until the upper bound reaches it (the earliest plausible). */
  earliest: number | null;
  /** Steps until the lower bound reaches it; null: not surely within the horizon. */
  latest: number | null;
}

/** When a forecast reaches a threshold, with the interval's bounds. `last` is the last observed value. */
export function thresholdCrossing(band: ForecastBand, last: number, threshold: number): ThresholdCrossing {
  if (last >= threshold) return { expected: 0, earliest: 0, latest: 0 };
  return {
    expected: firstCrossing(band.point, last, threshold),
    earliest: firstCrossing(band.upper, last, threshold),
    latest: firstCrossing(band.lower, last, threshold),
  };
}
