// The reports module: resolution time against targets and baselines, need-further-support share,
// SLA outcomes, created vs resolved — computed from the tickets' history and the SLA clocks.
import type { OpsdeskModule } from '../module.js';
import { availabilityRoutes } from './availability.routes.js';
import { reportRoutes } from './reports.routes.js';

export { availabilityReport } from './availability.service.js';
export { needFurtherSupportReport } from './history.js';
export { seedPaperEvaluation } from './paper-history.seed.js';
export { type RangeQuery, type ReportRange, rangeQuery, reportRange } from './range.js';
export { type ResolutionRow, resolutionTimeReport } from './resolution.js';

export const reportsModule: OpsdeskModule = { name: 'reports', routes: [reportRoutes, availabilityRoutes] };
