// The on-call module: schedules (layers of rotations, restrictions, overrides; who is on call at
// an instant from one pure function, rotation.ts), escalation policies and the services they page
// for, pages of incidents with escalation jobs and acknowledgement (signed emailed link, app,
// API), importers from Opsgenie and PagerDuty, and reports on acknowledgement and load.
import { moduleJobs, type OpsdeskModule } from '../module.js';
import { oncallJobs } from './oncall.jobs.js';
import { oncallRoutes } from './oncall.routes.js';
import { chatPage, emailPage } from './page-delivery.js';
import { escalate } from './paging.service.js';
import { scheduleRoutes } from './schedules.routes.js';

export { seedDemoOncall } from './demo.js';
export { pageOnIncidentOpened } from './paging.service.js';

export const oncallModule: OpsdeskModule = {
  name: 'oncall',
  routes: [scheduleRoutes, oncallRoutes],
  jobs: moduleJobs(oncallJobs, (context) => ({
    'oncall.escalate': (payload) => escalate(context, payload),
    'oncall.email': (payload) => emailPage(context, payload),
    'oncall.chat': (payload) => chatPage(context, payload),
  })),
};
