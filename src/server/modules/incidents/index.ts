// The incidents practice: incidents (kind `incident`, INC-n) with impact × urgency → priority, the
// services they reach from the CMDB, service status derived from them, reports from the portal
// followed instead of duplicated, children resolved with their parent, major incidents with roles,
// a timeline and stakeholder updates; problems (PRB-n) with known errors, proposed from recurring
// incidents.
import { moduleJobs, type OpsdeskModule } from '../module.js';
import { incidentJobs } from './incidents.jobs.js';
import {
  incidentListener,
  incidentViewPart,
  resolveChildren,
  serviceFollowersSeeIncidents,
} from './incidents.lifecycle.js';
import { incidentRoutes } from './incidents.routes.js';
import { remindUpdateDue } from './major.service.js';
import { knownErrorsViewPart, problemListener, problemViewPart } from './problems.lifecycle.js';
import { problemRoutes } from './problems.routes.js';
import { detectRecurring } from './recurring.service.js';
import { reviewRoutes } from './review.routes.js';

export { seedIncidentDemo } from './demo.seed.js';
export { addAffected, openIncidentsOn, serviceStatesFromIncidents } from './impact.service.js';
export {
  configureIncidentEvents,
  type IncidentOpened,
  type IncidentOpenedListener,
} from './incidents.events.js';
export { getIncident, type IncidentInput, openIncidentAs, openInTransaction } from './incidents.service.js';
export { priorityMatrix } from './matrix.service.js';
export { type IncidentOutage, incidentOutagesOn } from './outages.reads.js';
export { type Level, priorityOf } from './priority.js';
export { createProblemIn } from './problems.service.js';
export {
  type PublicIncident,
  type PublicIncidentStatus,
  type PublicIncidentUpdate,
  publishedIncidents,
} from './public.reads.js';
export { suggestIncidents } from './reports.service.js';
export { addTimeline } from './timeline.js';
export {
  incidentListener,
  incidentViewPart,
  knownErrorsViewPart,
  problemListener,
  problemViewPart,
  resolveChildren,
  serviceFollowersSeeIncidents,
};

export const incidentsModule: OpsdeskModule = {
  name: 'incidents',
  routes: [incidentRoutes, problemRoutes, reviewRoutes],
  jobs: moduleJobs(incidentJobs, (context) => ({
    'incidents.updateDue': (payload) => remindUpdateDue(context, payload.ticketId, payload.dueAt),
    'problems.detect': async () => {
      await detectRecurring(context);
    },
  })),
  cron: [{ task: 'problems.detect', pattern: '23 * * * *', description: 'every hour' }],
};
