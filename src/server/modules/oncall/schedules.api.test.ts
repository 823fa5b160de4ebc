// Schedules through the HTTP API on a real PostgreSQL: the contract's "who is on call at T", the
// calendar's shifts, overrides (overlaps refused), and bad input refused naming the field with
// nothing written.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../testing/harness.js';
import { findUserByEmail } from '../identity/index.js';

let t: TestApp;
let admin: string;
let infra: string;
const user: Record<string, string> = {};

beforeAll(async () => {
  t = await startTestApp();
  [admin, infra] = await Promise.all([t.login('admin@opsdesk.local'), t.login('infra@opsdesk.local')]);
  for (const name of ['infra', 'lead', 'dev', 'admin'])
    user[name] = (await findUserByEmail(t.context.db, `${name}@opsdesk.local`))!.id;
});
afterAll(async () => {
  await t.close();
});

const primary = () => ({
  name: 'Platform primary',
  timeZone: 'Europe/Berlin',
  team: 'infrastructure',
  layers: [
    {
      name: 'Weekdays and nights',
      rotation: 'daily',
      handoffTime: '09:00',
      startDate: '2026-03-27',
      members: [user.infra, user.lead, user.dev],
    },
  ],
});

describe('schedules', () => {
  let id: string;

  it('creates a schedule and answers who is on call at T across a DST change', async () => {
    const created = await t.api('POST', '/api/v1/schedules', { token: admin, body: primary() });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    id = created.body.id;
    expect(created.body.members.map((member: { name: string }) => member.name)).toEqual([
      'Indra Infra',
      'Lena Lead',
      expect.any(String),
    ]);
    const at = async (instant: string) =>
      (
        await t.api('GET', `/api/v1/schedules/${id}/oncall?at=${encodeURIComponent(instant)}`, {
          token: infra,
        })
      ).body;
    expect(await at('2026-03-27T08:00:00Z')).toEqual({ users: [{ id: user.infra, name: 'Indra Infra' }] });
    expect(await at('2026-03-29T06:59:00Z')).toEqual({ users: [{ id: user.lead, name: 'Lena Lead' }] });
    // 09:00 CEST on the day the clocks went forward.
    expect((await at('2026-03-29T07:00:00Z')).users[0].id).toBe(user.dev);
  });

  it('shows the calendar of a window as shifts', async () => {
    const shifts = await t.api(
      'GET',
      `/api/v1/schedules/${id}/shifts?from=2026-03-28T08:00:00Z&to=2026-03-30T07:00:00Z`,
      { token: infra },
    );
    expect(shifts.status).toBe(200);
    expect(
      shifts.body.map((shift: { users: { name: string }[]; start: string }) => [
        shift.users[0]!.name,
        shift.start,
      ]),
    ).toEqual([
      ['Lena Lead', '2026-03-28T08:00:00.000Z'],
      [expect.any(String), '2026-03-29T07:00:00.000Z'],
    ]);
  });

  it('an override covers a person; an overlapping one for the same person is refused', async () => {
    const body = {
      user: user.admin,
      replaces: user.lead,
      startsAt: '2026-03-28T12:00:00Z',
      endsAt: '2026-03-28T18:00:00Z',
      reason: 'dentist',
    };
    const created = await t.api('POST', `/api/v1/schedules/${id}/overrides`, { token: admin, body });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const during = await t.api('GET', `/api/v1/schedules/${id}/oncall?at=2026-03-28T13:00:00Z`, {
      token: infra,
    });
    expect(during.body.users).toEqual([{ id: user.admin, name: 'Ada Admin' }]);
    const overlap = await t.api('POST', `/api/v1/schedules/${id}/overrides`, {
      token: admin,
      body: { ...body, user: user.infra, startsAt: '2026-03-28T17:00:00Z', endsAt: '2026-03-28T20:00:00Z' },
    });
    expect(overlap.status).toBe(409);
    expect(overlap.body.error.message).toContain('startsAt');
    const backwards = await t.api('POST', `/api/v1/schedules/${id}/overrides`, {
      token: admin,
      body: { ...body, startsAt: '2026-04-28T17:00:00Z', endsAt: '2026-04-28T10:00:00Z' },
    });
    expect(backwards.status).toBe(400);
    expect(JSON.stringify(backwards.body)).toContain('endsAt');
  });

  it('agents read but may not edit schedules', async () => {
    expect((await t.api('GET', '/api/v1/schedules', { token: infra })).body[0].onCallNow).toHaveLength(1);
    expect((await t.api('POST', '/api/v1/schedules', { token: infra, body: primary() })).status).toBe(403);
  });
});

describe('bad input is refused naming the field, nothing written', () => {
  const refused = async (body: unknown, field: string, status = 400) => {
    const response = await t.api('POST', '/api/v1/schedules', { token: admin, body });
    expect(response.status, JSON.stringify(response.body)).toBe(status);
    expect(JSON.stringify(response.body)).toContain(field);
  };

  it('a rotation without members', async () => {
    const body = primary();
    body.name = 'Empty';
    body.layers[0]!.members = [];
    await refused(body, 'layers.0.members');
  });
  it('a member who is not a user, a custom rotation without its length, a bad zone or time', async () => {
    const unknownMember = { ...primary(), name: 'X' };
    unknownMember.layers[0]!.members = ['00000000-0000-4000-8000-000000000000'];
    await refused(unknownMember, 'layers.0.members.0');
    await refused(
      { ...primary(), name: 'Y', layers: [{ ...primary().layers[0], rotation: 'custom' }] },
      'layers.0.shiftHours',
    );
    await refused({ ...primary(), name: 'Z', timeZone: 'Mars/Olympus' }, 'timeZone');
    await refused(
      { ...primary(), name: 'W', layers: [{ ...primary().layers[0], handoffTime: '25:00' }] },
      'layers.0.handoffTime',
    );
    await refused({ ...primary(), name: 'V', team: 'nope' }, 'team');
  });
  it('a taken name is a conflict', async () => {
    await refused(primary(), 'name', 409);
  });
  it('nothing was written', async () => {
    const list = await t.api('GET', '/api/v1/schedules', { token: admin });
    expect(list.body.map((schedule: { name: string }) => schedule.name)).toEqual([
      'Infrastructure on-call',
      'Platform primary',
    ]);
  });
  it('an unknown schedule is a 404; a malformed instant a 400', async () => {
    const missing = await t.api('GET', '/api/v1/schedules/00000000-0000-4000-8000-000000000000/oncall', {
      token: admin,
    });
    expect(missing.status).toBe(404);
    const list = await t.api('GET', '/api/v1/schedules', { token: admin });
    const bad = await t.api('GET', `/api/v1/schedules/${list.body[0].id}/oncall?at=yesterday`, {
      token: admin,
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('at');
  });
});
