// Auto-assignment per team (issue 21, item 4): a team set to round robin hands its new tickets to
// its agents in turn; set to load, to the agent with the fewest unresolved tickets of the team.
// Off by default.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../testing/harness.js';
import { fileRequest } from '../../testing/tickets.js';

let t: TestApp;
let admin: string;
let dev: string;
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await startTestApp();
  [admin, dev] = await Promise.all([t.login('admin@opsdesk.local'), t.login('dev@opsdesk.local')]);
  const users = await t.context.db.execute<{ id: string; email: string }>(sql`select id, email from users`);
  for (const user of users.rows) ids[user.email] = user.id;
});
afterAll(() => t?.close());

const file = async () => {
  const { key } = await fileRequest(t, dev, 'start-request-only-staging', { environment: 'bugfix1x2' });
  const ticket = await t.api('GET', `/api/v1/tickets/${key}`, { token: admin });
  return { key, assignee: ticket.body.assignee?.email ?? null };
};

describe('auto-assignment per team', () => {
  it('is off unless the team asks for it, and refuses an unknown mode naming the field', async () => {
    const created = await t.api('POST', '/api/v1/teams', {
      token: admin,
      body: { key: 'desk', name: 'Desk' },
    });
    expect(created.status).toBe(201);
    expect(created.body.autoAssign).toBe('none');
    const bad = await t.api('PATCH', '/api/v1/teams/desk', { token: admin, body: { autoAssign: 'lottery' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('autoAssign');

    for (const email of ['infra@opsdesk.local', 'lead@opsdesk.local', 'dev@opsdesk.local']) {
      const added = await t.api('PUT', `/api/v1/teams/desk/members/${ids[email]}`, {
        token: admin,
        body: {},
      });
      expect(added.status).toBeLessThan(300);
    }
    const routed = await t.api('PATCH', '/api/v1/catalog/request-types/start-request-only-staging', {
      token: admin,
      body: { team: 'desk' },
    });
    expect(routed.status).toBe(200);
    expect((await file()).assignee).toBeNull();
  });

  it('round robin: each new ticket goes to the next agent of the team (requesters never)', async () => {
    const patched = await t.api('PATCH', '/api/v1/teams/desk', {
      token: admin,
      body: { autoAssign: 'round_robin' },
    });
    expect(patched.body.autoAssign).toBe('round_robin');
    const assignees = [];
    for (let i = 0; i < 4; i++) assignees.push((await file()).assignee);
    expect(new Set(assignees).size).toBe(2);
    expect(assignees[0]).not.toBe(assignees[1]);
    expect(assignees[2]).toBe(assignees[0]);
    expect(assignees[3]).toBe(assignees[1]);
    expect(assignees).not.toContain('dev@opsdesk.local');
  });

  it('by load: the agent with the fewest unresolved tickets of the team gets the next one', async () => {
    await t.api('PATCH', '/api/v1/teams/desk', { token: admin, body: { autoAssign: 'load' } });
    // Give one agent three more open tickets than the other.
    const heavy = 'infra@opsdesk.local';
    const open = await t.context.db.execute<{ key: string }>(
      sql`select key from tickets where resolved_at is null order by number`,
    );
    for (const row of open.rows.slice(0, 3))
      await t.api('PATCH', `/api/v1/tickets/${row.key}`, { token: admin, body: { assignee: heavy } });
    const next = [(await file()).assignee, (await file()).assignee];
    expect(next).toEqual(['lead@opsdesk.local', 'lead@opsdesk.local']);
  });
});
