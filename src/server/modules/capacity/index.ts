// The capacity module (PRACTICES §9): metrics per CI pushed or pulled from Prometheus, kept raw for
// a week, hourly for 90 days and daily for two years; forecasts with trend and season (built-in
// Holt-Winters, or augurs' MSTL) giving the days until a threshold with an interval; a capacity
// plan per service; rules that open a problem when a forecast crosses its threshold soon.
import { moduleJobs, type OpsdeskModule } from '../module.js';
import { capacityJobs } from './capacity.jobs.js';
import { capacityRoutes } from './capacity.routes.js';
import { downsample, evaluateRules } from './capacity.service.js';
import { pullAll } from './prometheus.js';

export { type Crossing, forecastSeries, type Series } from './capacity.service.js';
export {
  type ForecastBand,
  fitHoltWinters,
  forecastHoltWinters,
  type HoltWintersFit,
  thresholdCrossing,
} from './holt-winters.js';

export const capacityModule: OpsdeskModule = {
  name: 'capacity',
  routes: [capacityRoutes],
  jobs: moduleJobs(capacityJobs, (context) => ({
    'capacity.pull': async () => {
      await pullAll(context);
    },
    'capacity.evaluate': async () => {
      await evaluateRules(context);
    },
  })),
  cron: [
    { task: 'capacity.pull', pattern: '* * * * *', description: 'every minute' },
    { task: 'capacity.evaluate', pattern: '41 * * * *', description: 'every hour' },
  ],
  async prune(context, now) {
    await downsample(context.db, now);
  },
};
