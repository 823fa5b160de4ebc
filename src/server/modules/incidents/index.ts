// The incidents practice: incidents (kind `incident`, INC-n) with impact × urgency → priority, the
// services they reach from the CMDB, service status derived from them, reports from the portal
// followed instead of duplicated, children resolved with their parent, major incidents with roles,
// a timeline and stakeholder updates.
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

export { openIncidentsOn, serviceStatesFromIncidents } from './impact.service.js';
export {
  configureIncidentEvents,
  type IncidentOpened,
  type IncidentOpenedListener,
} from './incidents.events.js';
export { getIncident, type IncidentInput, openIncidentAs } from './incidents.service.js';
export { priorityMatrix } from './matrix.service.js';
export { type Level, priorityOf } from './priority.js';
export { addTimeline } from './timeline.js';
export { incidentListener, incidentViewPart, resolveChildren, serviceFollowersSeeIncidents };

export const incidentsModule: OpsdeskModule = {
  name: 'incidents',
  routes: [incidentRoutes],
  jobs: moduleJobs(incidentJobs, (context) => ({
    'incidents.updateDue': (payload) => remindUpdateDue(context, payload.ticketId, payload.dueAt),
  })),
};
