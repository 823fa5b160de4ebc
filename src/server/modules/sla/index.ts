// The SLA module: calendars and policies (per request type, or per ticket kind and priority), each
// ticket's clocks computed from its history, warnings and breaches, and the day totals reports read.
import { moduleJobs, type OpsdeskModule } from '../module.js';
import { slaJobs } from './sla.jobs.js';
import { slaRoutes } from './sla.routes.js';
import { checkSla, recomputeBatch } from './sla.service.js';

export { workingIntervals } from './calendar.js';
export {
  allDayCalendar,
  PAPER_TARGET_SECONDS,
  STAGING_REQUEST_TYPES,
  type StagingRequestType,
} from './defaults.js';
export { serviceHoursOf } from './service-hours.js';
export { configureSlaEvents, type SlaEvent, type SlaEventListener } from './sla.events.js';
export { percentile } from './sla.histogram.js';
export { listPolicies, slaGoalsByRequestType } from './sla.policies.js';
export { openClockTotals, stoppedClockHistograms, stoppedClockTotals } from './sla.rollup.js';
export { seedStagingSlaPolicies } from './sla.seed.js';
export { rebuildAllClocks, slaTicketListener, storeClosedClocks } from './sla.service.js';
export { slaSearchFilter, slaSummaryPart } from './sla.summary.js';

export const slaModule: OpsdeskModule = {
  name: 'sla',
  routes: [slaRoutes],
  jobs: moduleJobs(slaJobs, (context) => ({
    'sla.check': (payload) => checkSla(context, payload),
    'sla.recompute': (payload) => recomputeBatch(context, payload),
  })),
};
