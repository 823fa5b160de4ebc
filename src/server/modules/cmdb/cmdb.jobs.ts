import { z } from 'zod';
import { defineJobs } from '../../jobs/define.js';

export const cmdbJobs = defineJobs({
  'cmdb.discover': {
    description: 'Reconciles the CMDB with what the providers discover (all connections that can, or one).',
    payload: z.object({ connection: z.string().optional() }).strict(),
    maxAttempts: 3,
  },
});
