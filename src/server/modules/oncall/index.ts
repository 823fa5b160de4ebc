// The on-call module: schedules (layers of rotations, restrictions, overrides; who is on call at
// an instant from one pure function, rotation.ts), escalation policies and the services they page
// for, pages of incidents with escalation jobs and acknowledgement (signed emailed link, app,
// API), importers from Opsgenie and PagerDuty, and reports on acknowledgement and load.
import type { OpsdeskModule } from '../module.js';
import { scheduleRoutes } from './schedules.routes.js';

export const oncallModule: OpsdeskModule = {
  name: 'oncall',
  routes: [scheduleRoutes],
};
