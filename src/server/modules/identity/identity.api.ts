// What identity data leaves the server (its shapes are the API contract: src/shared/api/identity.ts).
import type { UserOut } from '../../../shared/api/identity.js';
import type { TeamMembership, UserRow } from './identity.service.js';

export function toUserApi(user: UserRow, memberships: TeamMembership[]): UserOut {
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
