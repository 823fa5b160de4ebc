// A person named by the API ("me", a user id or an email) who must be able to work incidents.
import type { AppContext } from '../../context.js';
import { invalidField } from '../../lib/errors.js';
import { findUserByEmail, getUser, type Principal, rolePermissions } from '../identity/index.js';

export async function agentByRef(context: AppContext, principal: Principal, ref: string, field: string) {
  const user =
    ref === 'me'
      ? await getUser(context.db, principal.user.id)
      : /^[0-9a-f-]{36}$/i.test(ref)
        ? await getUser(context.db, ref).catch(() => undefined)
        : await findUserByEmail(context.db, ref);
  if (!user?.active) throw invalidField(field, `there is no active user ${ref}.`, 'unknown_user');
  if (!rolePermissions[user.role].has('ticket:work'))
    throw invalidField(field, `${user.displayName} cannot work incidents (not an agent).`, 'not_an_agent');
  return user;
}
