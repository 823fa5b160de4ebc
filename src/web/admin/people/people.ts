// Users and teams: API shapes and the user form ↔ POST / PATCH body (only changed keys on PATCH).

export type UserRole = 'requester' | 'agent' | 'admin';
export const roles: UserRole[] = ['requester', 'agent', 'admin'];
export const roleColors: Record<UserRole, string> = { requester: 'gray', agent: 'blue', admin: 'grape' };

export interface AdminUser {
  id: string;
  email: string;
  displayName: string;
  role: UserRole;
  managerId: string | null;
  timeZone: string;
  active: boolean;
  teams: { key: string; name: string; isLead: boolean }[];
  createdAt: string;
}

export interface Team {
  id: string;
  key: string;
  name: string;
  description: string;
  members: { userId: string; email: string; displayName: string; isLead: boolean }[];
}

export interface UserForm {
  email: string;
  displayName: string;
  role: UserRole;
  managerId: string;
  timeZone: string;
  password: string;
  active: boolean;
}

export const emptyUserForm = (): UserForm => ({
  email: '',
  displayName: '',
  role: 'requester',
  managerId: '',
  timeZone: 'UTC',
  password: '',
  active: true,
});

export const userToForm = (user: AdminUser): UserForm => ({
  email: user.email,
  displayName: user.displayName,
  role: user.role,
  managerId: user.managerId ?? '',
  timeZone: user.timeZone,
  password: '',
  active: user.active,
});

const EMAIL = /^[^\s@]+@[^\s@]+\.[A-Za-z]{2,}$/;

/** The create body, or for an existing user only what changed (so a save never rewrites the rest). */
export function toUserBody(form: UserForm, existing?: AdminUser) {
  const errors: Record<string, string> = {};
  const email = form.email.trim();
  const displayName = form.displayName.trim();
  if (!EMAIL.test(email)) errors.email = 'Enter an email address like name@example.com.';
  if (!displayName) errors.displayName = 'Enter the name people see.';
  if (form.password && form.password.length < 8) errors.password = 'At least 8 characters.';
  if (existing && form.managerId === existing.id) errors.managerId = 'Nobody can be their own manager.';
  const full: Record<string, unknown> = {
    email,
    displayName,
    role: form.role,
    managerId: form.managerId || null,
    timeZone: form.timeZone,
  };
  if (form.password) full.password = form.password;
  if (!existing) return { body: full, errors };
  const before: Record<string, unknown> = {
    email: existing.email,
    displayName: existing.displayName,
    role: existing.role,
    managerId: existing.managerId,
    timeZone: existing.timeZone,
  };
  const body: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(full)) if (before[key] !== value) body[key] = value;
  if (form.active !== existing.active) body.active = form.active;
  return { body, errors };
}

/** Case-insensitive match on a team's key, name, description or members. */
export function teamMatches(team: Team, query: string): boolean {
  const needle = query.trim().toLowerCase();
  if (!needle) return true;
  return [
    team.key,
    team.name,
    team.description,
    ...team.members.flatMap((m) => [m.displayName, m.email]),
  ].some((text) => text.toLowerCase().includes(needle));
}
