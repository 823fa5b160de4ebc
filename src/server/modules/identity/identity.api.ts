// What identity data leaves the server, and the shapes of what comes in.
import { z } from 'zod';
import { patchOf } from '../../../shared/patch.js';
import { roles } from './identity.schema.js';
import type { TeamMembership, UserRow } from './identity.service.js';

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
  createdAt: z.date(),
});

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

export const teamKey = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be lowercase letters, digits and dashes (at most 63)');

export const teamOut = z.object({
  id: z.uuid(),
  key: z.string(),
  name: z.string(),
  description: z.string(),
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
  })
  .strict();
export const teamPatchIn = patchOf(teamCreateIn.omit({ key: true }));

export const tokenOut = z.object({
  id: z.uuid(),
  name: z.string(),
  prefix: z.string(),
  createdAt: z.date(),
  expiresAt: z.date().nullable(),
  lastUsedAt: z.date().nullable(),
});

export function toUserApi(user: UserRow, memberships: TeamMembership[]): z.infer<typeof userOut> {
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    role: user.role,
    managerId: user.managerId,
    timeZone: user.timeZone,
    active: user.active,
    teams: memberships
      .filter((membership) => membership.userId === user.id)
      .map(({ key, name, isLead }) => ({ key, name, isLead })),
    createdAt: user.createdAt,
  };
}
