import { z } from 'zod';
import { defineJobs } from '../../jobs/define.js';

export const oncallJobs = defineJobs({
  'oncall.escalate': {
    description:
      "A page's level timed out without an acknowledgement: notify the next level (or loop, or give up).",
    payload: z
      .object({ pageId: z.uuid(), level: z.number().int().min(0), loop: z.number().int().min(0) })
      .strict(),
    maxAttempts: 10,
  },
  'oncall.email': {
    description: 'Emails one person a page, with a signed single-use acknowledge link.',
    payload: z
      .object({
        pageId: z.uuid(),
        userId: z.uuid(),
        level: z.number().int().min(0),
        loop: z.number().int().min(0),
      })
      .strict(),
    maxAttempts: 8,
  },
  'oncall.chat': {
    description: "Tells the policy's chat webhook of a page or an escalation.",
    payload: z
      .object({ pageId: z.uuid(), level: z.number().int().min(0), loop: z.number().int().min(0) })
      .strict(),
    maxAttempts: 8,
  },
});
