// The second forecasting engine: augurs' MSTL with an AutoETS trend (the WASM build of
// grafana/augurs, `@bsull/augurs`). Loaded on first use; when its WASM cannot be loaded the
// capacity module answers with its own Holt-Winters and says so (`engine` in the answer).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ForecastBand } from './holt-winters.js';

type MstlModule = typeof import('@bsull/augurs/mstl');
let loaded: Promise<MstlModule | null> | undefined;

/** The MSTL module with its WASM instantiated, or null when it cannot be (then why in `lastError`). */
export function loadAugurs(): Promise<MstlModule | null> {
  loaded ??= (async () => {
    try {
      const mstl = await import('@bsull/augurs/mstl');
      const require = createRequire(import.meta.url);
      const wasm = require.resolve('@bsull/augurs/mstl').replace(/mstl\.js$/, 'mstl_bg.wasm');
      mstl.initSync({ module: readFileSync(wasm) });
      return mstl;
    } catch (error) {
      augursError = error instanceof Error ? error.message : String(error);
      return null;
    }
  })();
  return loaded;
}

export let augursError: string | null = null;

/** MSTL(periods) + AutoETS trend, `horizon` steps with a `level` interval. */
export function forecastAugurs(
  mstl: MstlModule,
  y: readonly number[],
  periods: readonly number[],
  horizon: number,
  level = 0.95,
): ForecastBand {
  const model = mstl.MSTL.ets([...periods], {});
  try {
    model.fit(Float64Array.from(y));
    const forecast = model.predict(horizon, level);
    const point = [...forecast.point];
    return {
      point,
      lower: forecast.intervals ? [...forecast.intervals.lower] : point,
      upper: forecast.intervals ? [...forecast.intervals.upper] : point,
      level,
    };
  } finally {
    model.free();
  }
}
