import { describe, expect, it } from 'vitest';
import { type AdminUser, emptyUserForm, type Team, teamMatches, toUserBody, userToForm } from './people';

const user: AdminUser = {
  id: '40adb92f-6984-4c86-9b93-32e357919db7',
  email: 'dev@opsdesk.local',
  displayName: 'Dewi Developer',
  role: 'requester',
  managerId: '7c996fb3-ece4-43d6-a797-6b010b093b5a',
  timeZone: 'UTC',
  active: true,
  teams: [],
  createdAt: '2026-01-01T00:00:00Z',
};

describe('user form', () => {
  it('creates with every field, manager empty → null, no empty password', () => {
    const form = { ...emptyUserForm(), email: ' a@b.example ', displayName: 'A' };
    expect(toUserBody(form)).toEqual({
      body: { email: 'a@b.example', displayName: 'A', role: 'requester', managerId: null, timeZone: 'UTC' },
      errors: {},
    });
  });
  it('patches only what changed', () => {
    const form = userToForm(user);
    expect(toUserBody(form, user).body).toEqual({});
    form.managerId = '';
    form.active = false;
    form.password = 'long-enough';
    expect(toUserBody(form, user).body).toEqual({ managerId: null, active: false, password: 'long-enough' });
  });
  it('reports bad fields', () => {
    const form = {
      ...userToForm(user),
      email: 'nope',
      displayName: ' ',
      password: 'short',
      managerId: user.id,
    };
    expect(Object.keys(toUserBody(form, user).errors).sort()).toEqual([
      'displayName',
      'email',
      'managerId',
      'password',
    ]);
  });
  it('matches teams by member', () => {
    const team: Team = {
      id: 'x',
      key: 'infrastructure',
      name: 'Infrastructure',
      description: '',
      autoAssign: 'none',
      members: [{ userId: 'u', email: 'infra@opsdesk.local', displayName: 'Indra Infra', isLead: true }],
    };
    expect(teamMatches(team, 'indra')).toBe(true);
    expect(teamMatches(team, 'payroll')).toBe(false);
  });
});
