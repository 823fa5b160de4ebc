// The identity module: users (with their managers), teams, sign-in, tokens and the permission
// vocabulary. What other modules may use is exported here; nothing else of this folder is theirs.
import type { AppContext } from '../../context.js';
import type { OpsdeskModule } from '../module.js';
import { authenticate, pruneAuth } from './auth.service.js';
import { identityRoutes } from './identity.routes.js';

export {
  actorOf,
  authenticate,
  createPersonalTokenFor,
  forgetPrincipals,
  type Principal,
  principalOfUser,
} from './auth.service.js';
export { type Role, roles } from './identity.schema.js';
export {
  activeManagerOf,
  activeUserIds,
  adminIds,
  autoAssignTurn,
  cachedUsersById,
  countUsers,
  createTeam,
  createUser,
  findTeamByKey,
  findUserByEmail,
  getTeam,
  getUser,
  listTeams,
  membershipsOf,
  recordAutoAssignee,
  setTeamMember,
  type TeamRow,
  teamMemberIds,
  teamMembersSql,
  teamsByIds,
  type UserRow,
  usersByIds,
} from './identity.service.js';
export { can, type Permission, permissions, rolePermissions } from './permissions.js';
export { principalOf } from './principal.js';
export { randomPassword } from './secrets.js';

export function authenticator(context: AppContext) {
  return (token: string, now: Date) => authenticate(context.db, token, now);
}

export const identityModule: OpsdeskModule = {
  name: 'identity',
  routes: [identityRoutes],
  prune: (context, now) => pruneAuth(context.db, now),
};
