// Login from another site sets no cookie (login CSRF), and requesters see team members' names
// only (issue 16, finding 11).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPassword, startTestApp, type TestApp } from '../../testing/harness.js';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

function login(headers: Record<string, string>) {
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    headers: { host: 'opsdesk.example', ...headers },
    payload: { email: 'dev@opsdesk.local', password: demoPassword },
  });
}

describe('login CSRF', () => {
  it('a sign-in posted from another site is refused and sets no cookie', async () => {
    const response = await login({ origin: 'https://evil.example' });
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('csrf_rejected');
    expect(response.headers['set-cookie']).toBeUndefined();
    const fetched = await login({ 'sec-fetch-site': 'cross-site' });
    expect(fetched.statusCode).toBe(403);
    expect(fetched.headers['set-cookie']).toBeUndefined();
  });

  it('a sign-in from our own pages, or from a script without Origin, works', async () => {
    expect((await login({ origin: 'http://opsdesk.example' })).statusCode).toBe(200);
    expect((await login({})).statusCode).toBe(200);
  });
});

describe('GET /teams', () => {
  it('shows a requester the members by name only; agents and admins also get ids and emails', async () => {
    const requester = await t.login('dev@opsdesk.local');
    const asRequester = await t.api('GET', '/api/v1/teams', { token: requester });
    expect(asRequester.status).toBe(200);
    const members = asRequester.body.flatMap((team: any) => team.members);
    expect(members.length).toBeGreaterThan(0);
    for (const member of members) expect(Object.keys(member).sort()).toEqual(['displayName', 'isLead']);

    const agent = await t.login('infra@opsdesk.local');
    const asAgent = await t.api('GET', '/api/v1/teams', { token: agent });
    const infra = asAgent.body.flatMap((team: any) => team.members);
    expect(infra[0]).toMatchObject({ userId: expect.any(String), email: expect.any(String) });
  });
});
