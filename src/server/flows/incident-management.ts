// Incidents in the ticket core and the CMDB: a resolved parent resolves its children (their
// reporters hear of it), every incident event keeps the practice's copy of priority and openness,
// the ticket view shows the incident's impact, roles and timeline, people following a service see
// the incidents that reach it, and a service's status comes from the open incidents on it.
import { configureServiceStatus } from '../modules/cmdb/index.js';
import {
  incidentListener,
  incidentViewPart,
  knownErrorsViewPart,
  problemListener,
  problemViewPart,
  resolveChildren,
  serviceFollowersSeeIncidents,
  serviceStatesFromIncidents,
} from '../modules/incidents/index.js';
import type { TicketExtensions } from '../modules/tickets/index.js';

export function incidentManagement(): Partial<TicketExtensions> {
  configureServiceStatus(serviceStatesFromIncidents);
  return {
    effects: { resolveChildren },
    listeners: [incidentListener, problemListener],
    viewParts: [incidentViewPart, knownErrorsViewPart, problemViewPart],
    visibility: [serviceFollowersSeeIncidents],
  };
}
