import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPassword, startTestApp, type TestApp } from '../../testing/harness.js';

let t: TestApp;
let admin: string;

beforeAll(async () => {
  t = await startTestApp({ config: { OPSDESK_LOGIN_MAX_ATTEMPTS: '3' } });
  admin = await t.login('admin@opsdesk.local');
});
afterAll(() => t.close());

describe('sign-in', () => {
  it('returns a bearer token and a secure HttpOnly SameSite cookie', async () => {
    const response = await t.api('POST', '/api/v1/auth/login', {
      body: { email: 'DEV@opsdesk.local', password: demoPassword },
    });
    expect(response.status).toBe(200);
    expect(response.body.token).toMatch(/^ods_/);
    expect(response.body.user).toMatchObject({ email: 'dev@opsdesk.local', role: 'requester' });
    const cookie = String(response.headers['set-cookie']);
    expect(cookie).toContain(`opsdesk_session=${response.body.token}`);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/Secure/);
    expect(cookie).toMatch(/SameSite=Lax/);
  });

  it('a wrong password is a 401 that does not say which part was wrong', async () => {
    const response = await t.api('POST', '/api/v1/auth/login', {
      body: { email: 'pm@opsdesk.local', password: 'wrong-password' },
    });
    expect(response.status).toBe(401);
    expect(response.body.error).toEqual({
      code: 'invalid_credentials',
      message: 'The email or password is not correct.',
    });
  });

  it('is rate-limited per account after repeated failures, even with the right password', async () => {
    for (let attempt = 0; attempt < 3; attempt++) {
      await t.api('POST', '/api/v1/auth/login', {
        body: { email: 'infra@opsdesk.local', password: 'nope-nope' },
      });
    }
    const response = await t.api('POST', '/api/v1/auth/login', {
      body: { email: 'infra@opsdesk.local', password: demoPassword },
    });
    expect(response.status).toBe(429);
    expect(response.headers['retry-after']).toBe('900');
    // Other accounts are not locked out by it.
    expect(
      (
        await t.api('POST', '/api/v1/auth/login', {
          body: { email: 'pm@opsdesk.local', password: demoPassword },
        })
      ).status,
    ).toBe(200);
  });

  it('logout revokes the token', async () => {
    const token = await t.login('pm@opsdesk.local');
    expect((await t.api('POST', '/api/v1/auth/logout', { token })).status).toBe(204);
    const after = await t.api('GET', '/api/v1/me', { token });
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('invalid_token');
  });

  it('an expired session is a 401 token_expired', async () => {
    const token = await t.login('pm@opsdesk.local');
    await t.context.db.execute(
      sql`update auth_tokens set expires_at = now() - interval '1 minute' where prefix = ${token.slice(0, 10)}`,
    );
    const response = await t.api('GET', '/api/v1/me', { token });
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe('token_expired');
  });
});

describe('the session cookie', () => {
  async function cookieOf(email: string) {
    const response = await t.api('POST', '/api/v1/auth/login', { body: { email, password: demoPassword } });
    return `opsdesk_session=${response.body.token}`;
  }

  it('authenticates reads', async () => {
    const response = await t.api('GET', '/api/v1/me', {
      headers: { cookie: await cookieOf('dev@opsdesk.local') },
    });
    expect(response.status).toBe(200);
    expect(response.body.email).toBe('dev@opsdesk.local');
  });

  it('refuses a write coming from another site (CSRF) and accepts one from our own origin', async () => {
    const cookie = await cookieOf('dev@opsdesk.local');
    const body = { name: 'ci' };
    const crossSite = await t.api('POST', '/api/v1/me/tokens', {
      body,
      headers: { cookie, origin: 'https://evil.example', host: 'opsdesk.example' },
    });
    expect(crossSite.status).toBe(403);
    expect(crossSite.body.error.code).toBe('csrf_rejected');
    const fetchMetadata = await t.api('POST', '/api/v1/me/tokens', {
      body,
      headers: { cookie, 'sec-fetch-site': 'cross-site' },
    });
    expect(fetchMetadata.status).toBe(403);
    const sameSite = await t.api('POST', '/api/v1/me/tokens', {
      body,
      headers: { cookie, origin: 'http://opsdesk.example', host: 'opsdesk.example' },
    });
    expect(sameSite.status).toBe(201);
  });
});

describe('personal API tokens', () => {
  it('are shown once, work as bearer tokens, are stored hashed, and can be revoked', async () => {
    const dev = await t.login('dev@opsdesk.local');
    const created = await t.api('POST', '/api/v1/me/tokens', {
      token: dev,
      body: { name: 'laptop', expiresInDays: 30 },
    });
    expect(created.status).toBe(201);
    expect(created.body.token).toMatch(/^odp_/);
    const listed = await t.api('GET', '/api/v1/me/tokens', { token: dev });
    expect(listed.body.map((token: any) => token.name)).toContain('laptop');
    expect(JSON.stringify(listed.body)).not.toContain(created.body.token);
    const stored = await t.context.db.execute(
      sql`select token_hash from auth_tokens where id = ${created.body.id}`,
    );
    expect(stored.rows[0]?.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect((await t.api('GET', '/api/v1/me', { token: created.body.token })).status).toBe(200);
    expect((await t.api('DELETE', `/api/v1/me/tokens/${created.body.id}`, { token: dev })).status).toBe(204);
    expect((await t.api('GET', '/api/v1/me', { token: created.body.token })).status).toBe(401);
  });

  it('answer at once while another request holds the token row (its last-used touch is skipped)', async () => {
    const dev = await t.login('dev@opsdesk.local');
    const created = await t.api('POST', '/api/v1/me/tokens', { token: dev, body: { name: 'ci-bot' } });
    // Another transaction (a concurrent first use, a revocation) holds the row.
    const holder = new pg.Client({ connectionString: t.context.database.url });
    await holder.connect();
    await holder.query('begin');
    await holder.query('select 1 from auth_tokens where id = $1 for update', [created.body.id]);
    let released = false;
    const release = setTimeout(() => {
      released = true;
      void holder.query('rollback');
    }, 5_000);
    try {
      const answer = await t.api('GET', '/api/v1/me', { token: created.body.token });
      expect(answer.status).toBe(200);
      expect(released, 'the request waited for the other transaction').toBe(false);
    } finally {
      clearTimeout(release);
      if (!released) await holder.query('rollback');
      await holder.end();
    }
  });
});

describe('permissions', () => {
  it('a requester cannot manage users; an agent can list but not create', async () => {
    const dev = await t.login('dev@opsdesk.local');
    const refused = await t.api('POST', '/api/v1/users', {
      token: dev,
      body: { email: 'x@y.z', displayName: 'X' },
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toContain('users:admin');
    const lead = await t.login('lead@opsdesk.local');
    expect((await t.api('GET', '/api/v1/users', { token: lead })).status).toBe(200);
    expect(
      (await t.api('POST', '/api/v1/users', { token: lead, body: { email: 'x@y.z', displayName: 'X' } }))
        .status,
    ).toBe(403);
  });

  it('/me lists the permissions of the role', async () => {
    const dev = await t.login('dev@opsdesk.local');
    const me = await t.api('GET', '/api/v1/me', { token: dev });
    expect(me.body.permissions).toContain('ticket:create');
    expect(me.body.permissions).not.toContain('ticket:work');
  });
});

describe('users and teams (admin)', () => {
  it('creates a user with a manager; the email is unique regardless of case', async () => {
    const users = await t.api('GET', '/api/v1/users?query=lead', { token: admin });
    const lead = users.body[0];
    const created = await t.api('POST', '/api/v1/users', {
      token: admin,
      body: {
        email: 'Qa@Opsdesk.local',
        displayName: 'Quinn QA',
        managerId: lead.id,
        password: 'secret-pass-1',
      },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ email: 'qa@opsdesk.local', role: 'requester', managerId: lead.id });
    expect(JSON.stringify(created.body)).not.toContain('password');
    const again = await t.api('POST', '/api/v1/users', {
      token: admin,
      body: { email: 'QA@opsdesk.local', displayName: 'Q' },
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('email_taken');
    expect(again.body.error.details).toEqual([{ field: 'email', message: 'already has an account' }]);
    expect(await t.login('qa@opsdesk.local', 'secret-pass-1')).toMatch(/^ods_/);
  });

  it('refuses a manager cycle', async () => {
    const list = await t.api('GET', '/api/v1/users', { token: admin });
    const byEmail = Object.fromEntries(list.body.map((user: any) => [user.email, user]));
    const response = await t.api('PATCH', `/api/v1/users/${byEmail['lead@opsdesk.local'].id}`, {
      token: admin,
      body: { managerId: byEmail['dev@opsdesk.local'].id },
    });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('invalid_manager');
    expect(response.body.error.message).toMatch(/^managerId:/);
  });

  it('manages teams and their members', async () => {
    const created = await t.api('POST', '/api/v1/teams', {
      token: admin,
      body: { key: 'service-desk', name: 'Service Desk' },
    });
    expect(created.status).toBe(201);
    const badKey = await t.api('POST', '/api/v1/teams', {
      token: admin,
      body: { key: 'Service Desk', name: 'x' },
    });
    expect(badKey.status).toBe(400);
    expect(badKey.body.error.details[0].field).toBe('body.key');
    const users = await t.api('GET', '/api/v1/users?query=pm@', { token: admin });
    expect(
      (
        await t.api('PUT', `/api/v1/teams/service-desk/members/${users.body[0].id}`, {
          token: admin,
          body: { isLead: true },
        })
      ).status,
    ).toBe(204);
    const teams = await t.api('GET', '/api/v1/teams', { token: admin });
    const desk = teams.body.find((team: any) => team.key === 'service-desk');
    expect(desk.members).toEqual([expect.objectContaining({ email: 'pm@opsdesk.local', isLead: true })]);
    const infra = teams.body.find((team: any) => team.key === 'infrastructure');
    expect(infra.members.map((member: any) => member.email)).toEqual(['infra@opsdesk.local']);
  });
});

describe('audit log', () => {
  it('records who changed what, before and after, with secrets redacted', async () => {
    const list = await t.api('GET', '/api/v1/users?query=pm@', { token: admin });
    const pm = list.body[0];
    await t.api('PATCH', `/api/v1/users/${pm.id}`, {
      token: admin,
      body: { displayName: 'Putri PM', password: 'another-pass-1' },
    });
    const rows = await t.context.db.execute<any>(
      sql`select * from audit_log where entity = 'users' and entity_id = ${pm.id} order by id desc limit 1`,
    );
    const row = rows.rows[0];
    expect(row).toMatchObject({ action: 'update', actor_kind: 'user', actor_label: 'admin@opsdesk.local' });
    expect(row.before.display_name).toBe('Putra Product');
    expect(row.after.display_name).toBe('Putri PM');
    expect(row.after.password_hash).toBe('[redacted]');
    expect(row.request_id).toMatch(/[0-9a-f-]{36}/);
  });

  it('is append-only', async () => {
    for (const statement of [
      sql`update audit_log set actor_label = 'someone else'`,
      sql`delete from audit_log`,
      sql`truncate audit_log`,
    ]) {
      const error = await t.context.db.execute(statement).then(
        () => null,
        (failure: Error) => failure,
      );
      expect((error?.cause as Error | undefined)?.message).toBe('audit_log is append-only');
    }
  });

  it('a failed write leaves neither the change nor an audit row', async () => {
    const before = await t.context.db.execute<any>(sql`select count(*)::int as n from audit_log`);
    const response = await t.api('POST', '/api/v1/teams', {
      token: admin,
      body: { key: 'infrastructure', name: 'Dup' },
    });
    expect(response.status).toBe(409);
    const after = await t.context.db.execute<any>(sql`select count(*)::int as n from audit_log`);
    expect(after.rows[0].n).toBe(before.rows[0].n);
  });
});
