// The fulfilment module: runs of a request's action (through a provider or an external executor),
// their output, retries, callbacks and the delivery log.
import { moduleJobs, type OpsdeskModule } from '../module.js';
import { callbackTimeout } from './callbacks.js';
import { executeRun } from './execution.js';
import { fulfilmentJobs } from './fulfilment.jobs.js';
import { fulfilmentRoutes } from './fulfilment.routes.js';

export { externalExecutorKinds, externalExecutors } from '../../providers/executors/index.js';
export { noRunInProgress, startRun } from './fulfilment.service.js';
export { runsViewPart } from './fulfilment.view.js';
export { actionParams } from './params.js';
export { preflightProblems } from './preflight.js';

export const fulfilmentModule: OpsdeskModule = {
  name: 'fulfilment',
  routes: [fulfilmentRoutes],
  jobs: moduleJobs(fulfilmentJobs, (context) => ({
    'fulfilment.execute': (payload, job) => executeRun(context, payload.runId, job),
    'fulfilment.callbackTimeout': (payload) => callbackTimeout(context, payload.runId),
  })),
};
