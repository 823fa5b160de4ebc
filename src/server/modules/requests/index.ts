// The requests module: service requests from the catalog — filing one, verifying its fields and
// the fulfilment action's preflight, and closing a delivered request nobody confirmed. The flow
// from approval to fulfilment is written in flows/request-fulfilment.ts.
import { moduleJobs, type OpsdeskModule } from '../module.js';
import { requestJobs } from './requests.jobs.js';
import { requestRoutes } from './requests.routes.js';
import { verifyTicket } from './verification.js';

export { autoCloseDaysOf, enqueueVerification, fileRequest } from './requests.service.js';

export const requestsModule: OpsdeskModule = {
  name: 'requests',
  routes: [requestRoutes],
  jobs: moduleJobs(requestJobs, (context) => ({
    'requests.verify': (payload, job) => verifyTicket(context, payload.ticketId, job),
  })),
};
