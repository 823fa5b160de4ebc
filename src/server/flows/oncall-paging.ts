// On-call paging: every incident opened (by a person, an agent or an event rule) pages the
// escalation policy of the service it names or reaches.
import type { AppContext } from '../context.js';
import { configureIncidentEvents } from '../modules/incidents/index.js';
import { pageOnIncidentOpened } from '../modules/oncall/index.js';

export function oncallPaging(context: AppContext): void {
  configureIncidentEvents({ opened: [pageOnIncidentOpened(context)] });
}
