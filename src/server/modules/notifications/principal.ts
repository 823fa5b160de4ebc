// A principal for a person who is not signed in through a session: the approver acting through
// an emailed link, or a subscriber whose saved search is checked against what they may see.
import { eq } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import type { Principal } from '../identity/auth.service.js';
import { teamMembers } from '../identity/identity.schema.js';
import { rolePermissions } from '../identity/permissions.js';
import type { UserRow } from './ticket-facts.js';

export async function principalFor(db: Queryable, user: UserRow, via: string): Promise<Principal> {
  const teams = await db
    .select({ teamId: teamMembers.teamId })
    .from(teamMembers)
    .where(eq(teamMembers.userId, user.id));
  return {
    user: {
      id: user.id,
      email: user.email,
      displayName: user.displayName,
      role: user.role,
      managerId: user.managerId,
      timeZone: user.timeZone,
    },
    tokenId: via,
    tokenKind: 'session',
    permissions: rolePermissions[user.role],
    teamIds: teams.map((team) => team.teamId),
  };
}
