import { z } from 'zod';
import { defineJobs } from '../../jobs/define.js';

export const fulfilmentJobs = defineJobs({
  'fulfilment.execute': {
    description: 'Runs a fulfilment run’s action through its provider and reports the result on the ticket.',
    payload: z.object({ runId: z.uuid() }).strict(),
    // Transient provider errors are retried by the handler itself (with its own backoff and the
    // run's attempt count); these attempts only cover the worker dying or the database failing.
    maxAttempts: 10,
    // A step of the core loop: ahead of notifications when workers are busy (issue 18).
    priority: -10,
  },
  'fulfilment.callbackTimeout': {
    description: 'Fails a run handed to external automation that did not call back by its deadline.',
    payload: z.object({ runId: z.uuid() }).strict(),
    maxAttempts: 5,
  },
});
