import { z } from 'zod';
import { defineJobs } from '../../jobs/define.js';

export const incidentJobs = defineJobs({
  'incidents.updateDue': {
    description: 'Reminds the communications officer of a major incident that the promised update is due.',
    payload: z.object({ ticketId: z.uuid(), dueAt: z.iso.datetime() }).strict(),
    maxAttempts: 5,
  },
  'problems.detect': {
    description:
      'Finds recurring incidents (N on one CI or service in alike words) and proposes a problem with that evidence.',
    payload: z.looseObject({}),
    maxAttempts: 3,
  },
});
