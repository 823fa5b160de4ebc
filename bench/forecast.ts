// Capacity forecasting at scale, pure (no database): 10,000 series fitted and forecast with the
// built-in Holt-Winters — daily data over a year (365 points, weekly season of 7), 60 days ahead,
// days until a threshold with its interval. Goal (issue 19): under 10 s for all 10,000.
// Also: 4-week hourly series (672 points, season 168) and augurs' MSTL on a sample of 200 daily series.
// Run: npx tsx bench/forecast.ts
import { forecastAugurs, loadAugurs } from '../src/server/modules/capacity/augurs.js';
import {
  fitHoltWinters,
  forecastHoltWinters,
  thresholdCrossing,
} from '../src/server/modules/capacity/holt-winters.js';

let seed = 19;
const random = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return seed / 2 ** 31;
};
const weekly = [3, 4, 4, 3, 2, -8, -8];

function dailySeries(): number[] {
  const slope = 0.05 + random() * 0.2;
  const base = 20 + random() * 30;
  return Array.from({ length: 365 }, (_, t) => base + slope * t + weekly[t % 7]! + (random() - 0.5) * 3);
}
function hourlySeries(): number[] {
  const slope = 0.001 + random() * 0.01;
  return Array.from(
    { length: 672 },
    (_, t) =>
      30 + slope * t + 10 * Math.sin((2 * Math.PI * t) / 24) + ((t / 24) % 7 >= 5 ? -5 : 0) + random(),
  );
}

function run(
  label: string,
  count: number,
  make: () => number[],
  season: number,
  horizon: number,
  goalMs?: number,
) {
  const series = Array.from({ length: count }, make);
  const began = performance.now();
  let crossings = 0;
  for (const y of series) {
    const band = forecastHoltWinters(fitHoltWinters(y, { season }), horizon);
    if (thresholdCrossing(band, y.at(-1)!, 100).expected !== null) crossings++;
  }
  const ms = performance.now() - began;
  console.log(
    `${label}: ${count.toLocaleString('en')} series in ${ms.toFixed(0)} ms (${(ms / count).toFixed(3)} ms each)` +
      `${goalMs ? ` (goal < ${goalMs} ms)` : ''} — ${crossings} reach 100 within ${horizon} steps`,
  );
}

run('Holt-Winters, daily × 365, season 7, 60 days ahead', 10_000, dailySeries, 7, 60, 10_000);
run('Holt-Winters, hourly × 672, season 168, 14 days ahead', 2_000, hourlySeries, 168, 336);

const mstl = await loadAugurs();
if (mstl) {
  const series = Array.from({ length: 200 }, dailySeries);
  const began = performance.now();
  for (const y of series) forecastAugurs(mstl, y, [7], 60);
  const ms = performance.now() - began;
  console.log(
    `augurs MSTL+AutoETS, daily × 365, period 7: 200 series in ${ms.toFixed(0)} ms (${(ms / 200).toFixed(2)} ms each)`,
  );
} else console.log('augurs: could not be loaded');
