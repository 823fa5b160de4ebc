// The identity API: sign-in, the caller, personal tokens, users and teams.
import { z } from 'zod';
import { patchOf } from '../patch.js';
import { dateTime, slugPattern } from './common.js';

export const roles = ['requester', 'agent', 'admin'] as const;
export type Role = (typeof roles)[number];

const timeZone = z.string().refine((zone) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}, 'must be an IANA time zone such as Europe/Berlin');

export const email = z.email('must be an email address').max(254);
export const password = z.string().min(8, 'must have at least 8 characters').max(200);

export const userRef = z.object({ id: z.uuid(), email: z.string(), displayName: z.string() });

export const userOut = z.object({
  id: z.uuid(),
  email: z.string(),
  displayName: z.string(),
  role: z.enum(roles),
  managerId: z.uuid().nullable(),
  timeZone: z.string(),
  active: z.boolean(),
  teams: z.array(z.object({ key: z.string(), name: z.string(), isLead: z.boolean() })),
  createdAt: dateTime,
});
export type UserOut = z.infer<typeof userOut>;

export const userCreateIn = z
  .object({
    email,
    displayName: z.string().trim().min(1).max(200),
    role: z.enum(roles).default('requester'),
    managerId: z.uuid().nullable().optional(),
    password: password.optional(),
    timeZone: timeZone.optional(),
  })
  .strict();

export const userPatchIn = patchOf(
  z.object({
    email: email.optional(),
    displayName: z.string().trim().min(1).max(200).optional(),
    role: z.enum(roles).optional(),
    managerId: z.uuid().nullable().optional(),
    password: password.optional(),
    timeZone: timeZone.optional(),
    active: z.boolean().optional(),
  }),
);

export const userListQuery = z
  .object({ query: z.string().max(200).optional(), role: z.enum(roles).optional() })
  .strict();

export const teamKey = z
  .string()
  .regex(slugPattern, 'must be lowercase letters, digits and dashes (at most 63)');

/** How a team's new tickets are assigned: not at all, in turn (round robin), or to the least loaded agent. */
export const autoAssignModes = ['none', 'round_robin', 'load'] as const;
const autoAssign = z
  .enum(autoAssignModes)
  .describe(
    'none: the team picks up new tickets; round_robin: each new ticket goes to the agent of the team assigned longest ago; load: to the agent with the fewest unresolved tickets of the team',
  );

export const teamOut = z.object({
  id: z.uuid(),
  key: z.string(),
  name: z.string(),
  description: z.string(),
  autoAssign,
  members: z.array(
    z.object({
      userId: z.uuid().optional().describe('only for callers who may read users (agents, admins)'),
      email: z.string().optional().describe('only for callers who may read users (agents, admins)'),
      displayName: z.string(),
      isLead: z.boolean(),
    }),
  ),
});

export const teamCreateIn = z
  .object({
    key: teamKey,
    name: z.string().trim().min(1).max(200),
    description: z.string().max(2000).optional(),
    autoAssign: autoAssign.optional(),
  })
  .strict();
export const teamPatchIn = patchOf(teamCreateIn.omit({ key: true }));

export const teamParams = z.object({ key: teamKey });
export const teamMemberParams = z.object({ key: teamKey, userId: z.uuid() });
export const teamMemberIn = z.object({ isLead: z.boolean().default(false) }).strict();

export const tokenOut = z.object({
  id: z.uuid(),
  name: z.string(),
  prefix: z.string(),
  createdAt: dateTime,
  expiresAt: dateTime.nullable(),
  lastUsedAt: dateTime.nullable(),
});
export const tokenCreateIn = z
  .object({
    name: z.string().trim().min(1).max(100),
    expiresInDays: z.number().int().min(1).max(3650).optional(),
  })
  .strict();
/** The token itself is shown once, in this answer. */
export const tokenCreatedOut = tokenOut.extend({ token: z.string() });

export const loginIn = z.object({ email, password: z.string().min(1).max(200) }).strict();
export const loginOut = z.object({ token: z.string(), expiresAt: dateTime, user: userOut });

/** GET /me: the signed-in user, with their permissions. */
export const meOut = userOut.extend({ permissions: z.array(z.string()) });

export const userListOut = z.array(userOut);
export const teamListOut = z.array(teamOut);
export const tokenListOut = z.array(tokenOut);
