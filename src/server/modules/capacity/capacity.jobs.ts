import { z } from 'zod';
import { defineJobs } from '../../jobs/define.js';

export const capacityJobs = defineJobs({
  'capacity.pull': {
    description: 'Queries every enabled Prometheus source and stores what it answers as capacity samples.',
    payload: z.looseObject({}),
    maxAttempts: 1,
  },
  'capacity.evaluate': {
    description:
      'Forecasts each CI and metric a capacity rule covers; one reaching its threshold within the rule’s days opens a problem.',
    payload: z.looseObject({}),
    maxAttempts: 3,
  },
});
