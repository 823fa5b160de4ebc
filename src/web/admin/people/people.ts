// Users and teams (types from the API contract, src/shared/api/identity.ts) and the user form ↔
// POST / PATCH body (only changed keys on PATCH).
import type { Wire } from '../../../shared/api/common';
import { type Role, roles as roleList, type teamOut, type userOut } from '../../../shared/api/identity';

export type UserRole = Role;
export const roles: UserRole[] = [...roleList];
export const roleColors: Record<UserRole, string> = { requester: 'gray', agent: 'blue', admin: 'grape' };

export type AdminUser = Wire<typeof userOut>;
export type Team = Wire<typeof teamOut>;

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
  ].some((text) => text?.toLowerCase().includes(needle));
}
