// Changes through the HTTP API on a real PostgreSQL: bad input refused with nothing written, risk
// rising with a critical service and a failed change on the same CI (each factor visible), the CAB
// needing two approvals for a high-risk change, conflicts across the dependency graph, a freeze
// blocking scheduling until a change manager overrides, the window guard, a pipeline gated by a
// freeze and closing its change, and the change failure rate from that history.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../testing/harness.js';
import { changesInWindowOn } from './index.js';

let t: TestApp;
let admin: string;
let infra: string;
let lead: string;
const ci: Record<string, string> = {};
const base = Date.parse('2026-03-02T08:00:00Z');
let offsetMinutes = 0;
const now = () => new Date(base + offsetMinutes * 60_000);
/** An instant `minutes` from the test clock's now. */
const at = (minutes: number) => new Date(now().getTime() + minutes * 60_000).toISOString();

async function call(
  token: string,
  method: 'GET' | 'POST' | 'PATCH' | 'PUT',
  path: string,
  body?: unknown,
  status = 200,
) {
  const response = await t.api(method, path, { token, body });
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  return response.body;
}

const raise = (token: string, body: Record<string, unknown>, status = 201) =>
  call(
    token,
    'POST',
    '/api/v1/changes',
    { type: 'normal', plannedStart: at(60), plannedEnd: at(120), ...body },
    status,
  );
const move = (token: string, key: string, name: string, extra: Record<string, unknown> = {}, status = 200) =>
  call(token, 'POST', `/api/v1/changes/${key}/transitions`, { name, ...extra }, status);

beforeAll(async () => {
  t = await startTestApp({ clock: { now } });
  [admin, infra, lead] = await Promise.all(
    ['admin', 'infra', 'lead'].map((name) => t.login(`${name}@opsdesk.local`)),
  );
  // The demo organisation has the CAB (admin, lead) and the change managers (lead).
  const teams = (await call(admin, 'GET', '/api/v1/teams')).map((team: any) => team.key);
  expect(teams).toEqual(expect.arrayContaining(['cab', 'change-managers']));
  const make = async (name: string, body: Record<string, unknown>) => {
    ci[name] = (await call(infra, 'POST', '/api/v1/cis', { name, team: 'infrastructure', ...body }, 201)).id;
  };
  await make('orders-db', { class: 'database' });
  await make('orders-app', { class: 'application' });
  await make('Orders', { class: 'service', attributes: { criticality: 1 } });
  await make('wiki', { class: 'application' });
  await make('billing-app', { class: 'application' });
  await call(
    infra,
    'POST',
    `/api/v1/cis/${ci['orders-app']}/relations`,
    { type: 'depends_on', target: ci['orders-db'] },
    201,
  );
  await call(
    infra,
    'POST',
    `/api/v1/cis/${ci.Orders}/relations`,
    { type: 'depends_on', target: ci['orders-app'] },
    201,
  );
});
afterAll(async () => {
  await t?.close();
});

const factor = (ticket: any, key: string) => ticket.risk.factors.find((entry: any) => entry.key === key);

describe('raising a change', () => {
  it('refuses bad input naming the field, and writes nothing', async () => {
    const before = (await call(infra, 'GET', '/api/v1/changes')).length;
    const cases: [Record<string, unknown>, string][] = [
      [{ plannedStart: at(120), plannedEnd: at(60) }, 'plannedEnd'],
      [{ plannedStart: at(-180), plannedEnd: at(-120) }, 'plannedEnd'],
      [{ plannedStart: at(-60), plannedEnd: at(60) }, 'plannedStart'],
      [{ cis: ['no-such-ci'] }, 'cis.0'],
      [{ riskAnswers: { '00000000-0000-4000-8000-000000000000': true } }, 'riskAnswers'],
      [{ type: 'sideways' }, 'type'],
    ];
    for (const [body, field] of cases) {
      const response = await t.api('POST', '/api/v1/changes', {
        token: infra,
        body: {
          type: 'normal',
          title: 'bad',
          cis: ['wiki'],
          plannedStart: at(60),
          plannedEnd: at(120),
          ...body,
        },
      });
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.error.message).toContain(field);
    }
    expect((await call(infra, 'GET', '/api/v1/changes')).length).toBe(before);
    const requester = await t.login('dev@opsdesk.local');
    expect((await t.api('POST', '/api/v1/changes', { token: requester, body: {} })).status).toBe(403);
  });

  it('answers with a CHG key, the Seven Rs, a low risk with every factor, and no conflicts', async () => {
    const change = await raise(infra, {
      title: 'Upgrade the wiki',
      cis: ['wiki'],
      reason: 'security fix',
      expectedReturn: 'no known CVEs',
      resources: 'one engineer, 1 h',
      responsible: 'infra@opsdesk.local',
      backoutPlan: 'restore the snapshot',
    });
    expect(change).toMatchObject({ kind: 'change', key: expect.stringMatching(/^CHG-\d+$/), status: 'new' });
    expect(change.change).toMatchObject({
      type: 'normal',
      reason: 'security fix',
      responsible: { displayName: 'Indra Infra' },
    });
    expect(change.risk).toMatchObject({ level: 'low', approvalPath: 'peer' });
    expect(change.risk.factors.map((entry: any) => entry.key)).toEqual([
      'questionnaire',
      'service_criticality',
      'dependents',
      'failed_changes',
      'open_incidents',
      'window',
      'collisions',
    ]);
    expect(change.conflicts).toEqual([]);
    const fetched = await call(infra, 'GET', `/api/v1/tickets/${change.key}`);
    expect(fetched.change.type).toBe('normal');
  });
});

describe('risk and the way through the workflow', () => {
  it('a standard change cannot start before its window, records a failure and needs a review to close', async () => {
    const change = await raise(infra, {
      type: 'standard',
      title: 'Rotate orders-db certs',
      cis: ['orders-db'],
      submit: true,
    });
    expect(change.status).toBe('scheduled');
    const early = await t.api('POST', `/api/v1/changes/${change.key}/transitions`, {
      token: infra,
      body: { name: 'start' },
    });
    expect(early.status).toBe(409);
    expect(early.body.error.message).toMatch(/window .* opens at/);
    offsetMinutes += 70;
    expect((await move(infra, change.key, 'start')).status).toBe('implement');
    expect(
      (
        await t.api('POST', `/api/v1/changes/${change.key}/transitions`, {
          token: infra,
          body: { name: 'finish' },
        })
      ).status,
    ).toBe(409);
    await call(infra, 'PATCH', `/api/v1/changes/${change.key}`, { outcome: 'failed' });
    expect((await move(infra, change.key, 'finish')).status).toBe('review');
    const unreviewed = await t.api('POST', `/api/v1/changes/${change.key}/transitions`, {
      token: infra,
      body: { name: 'close' },
    });
    expect(unreviewed.body.error.message).toContain('post-implementation review');
    await call(infra, 'PATCH', `/api/v1/changes/${change.key}`, {
      reviewNotes: 'the new cert chain was incomplete',
    });
    const closed = await move(infra, change.key, 'close');
    expect(closed.status).toBe('closed');
    expect(closed.change.actualStart).not.toBeNull();
    expect(closed.change.actualEnd).not.toBeNull();
  });

  it('a critical service and a recent failed change on the same CI raise a normal change’s risk', async () => {
    const plain = await raise(infra, { title: 'Tune wiki cache', cis: ['wiki'] });
    const risky = await raise(infra, { title: 'Add an index to orders-db', cis: ['orders-db'] });
    expect(factor(plain, 'service_criticality').points).toBe(0);
    expect(factor(risky, 'service_criticality')).toMatchObject({
      points: 25,
      detail: expect.stringContaining('Orders'),
    });
    expect(factor(risky, 'failed_changes')).toMatchObject({
      points: 15,
      detail: expect.stringMatching(/CHG-\d+/),
    });
    expect(factor(risky, 'dependents').points).toBeGreaterThan(0);
    expect(risky.risk.score).toBeGreaterThan(plain.risk.score);
    expect(risky.risk.level).not.toBe('low');
  });

  it('a high-risk change needs two of the CAB before it is scheduled', async () => {
    const questions = await call(infra, 'GET', '/api/v1/changes/risk-questionnaire');
    const riskAnswers = Object.fromEntries(questions.map((question: any) => [question.id, true]));
    const change = await raise(infra, {
      title: 'Migrate orders-db to a new cluster',
      cis: ['orders-db'],
      riskAnswers,
      plannedStart: at(24 * 60),
      plannedEnd: at(24 * 60 + 90),
    });
    expect(change.risk).toMatchObject({ level: 'high', approvalPath: 'cab' });
    await move(infra, change.key, 'assess');
    const asked = await move(infra, change.key, 'request_authorization');
    expect(asked.status).toBe('authorize');
    await call(lead, 'POST', `/api/v1/tickets/${change.key}/approve`, {
      comment: 'ok with the backout plan',
    });
    expect((await call(infra, 'GET', `/api/v1/tickets/${change.key}`)).status).toBe('authorize');
    const agenda = await call(lead, 'GET', '/api/v1/changes/cab-agenda');
    expect(agenda.find((entry: any) => entry.key === change.key).approvals).toMatchObject({
      approved: 1,
      required: 2,
    });
    const unauthorized = await t.api('POST', `/api/v1/changes/${change.key}/transitions`, {
      token: infra,
      body: { name: 'schedule' },
    });
    expect(unauthorized.status).toBe(409);
    expect(unauthorized.body.error.message).toContain('not authorized');
    await call(admin, 'POST', `/api/v1/tickets/${change.key}/approve`, {});
    expect((await call(infra, 'GET', `/api/v1/tickets/${change.key}`)).status).toBe('scheduled');
  });
});

describe('emergency changes', () => {
  it('skip assessment and go to the emergency CAB', async () => {
    await call(infra, 'POST', '/api/v1/cis', { class: 'application', name: 'sso' }, 201);
    const change = await raise(infra, {
      type: 'emergency',
      title: 'Hotfix sso',
      cis: ['sso'],
      submit: true,
    });
    expect(change.status).toBe('authorize');
    expect(change.risk.approvalPath).toBe('emergency_cab');
    await call(lead, 'POST', `/api/v1/tickets/${change.key}/approve`, {});
    expect((await call(infra, 'GET', `/api/v1/tickets/${change.key}`)).status).toBe('scheduled');
  });
});

describe('conflicts, freezes and overrides', () => {
  it('changes on a database and on the application that depends on it conflict', async () => {
    const db = await raise(infra, {
      title: 'Patch billing db',
      cis: ['orders-db'],
      plannedStart: at(3 * 24 * 60),
      plannedEnd: at(3 * 24 * 60 + 60),
    });
    await move(infra, db.key, 'assess');
    const app = await raise(infra, {
      title: 'Deploy orders-app 2.0',
      cis: ['orders-app'],
      plannedStart: at(3 * 24 * 60 + 30),
      plannedEnd: at(3 * 24 * 60 + 90),
    });
    expect(app.conflicts).toEqual([
      expect.objectContaining({
        kind: 'related_ci',
        change: db.key,
        message: expect.stringContaining('orders-app depends on'),
      }),
    ]);
    expect(factor(app, 'collisions').points).toBe(10);
    await move(infra, app.key, 'assess');
    const blocked = await t.api('POST', `/api/v1/changes/${app.key}/transitions`, {
      token: infra,
      body: { name: 'request_authorization' },
    });
    expect(blocked.status).toBe(409);
    expect(blocked.body.error.message).toContain(db.key);
    const calendar = await call(
      lead,
      'GET',
      `/api/v1/changes/calendar?from=${encodeURIComponent(at(0))}&to=${encodeURIComponent(at(10 * 24 * 60))}`,
    );
    const shown = calendar.changes.find((entry: any) => entry.key === db.key);
    expect(shown.conflicts.map((entry: any) => entry.change)).toContain(app.key);
    const tooLong = await t.api(
      'GET',
      `/api/v1/changes/calendar?from=${encodeURIComponent(at(0))}&to=${encodeURIComponent(at(200 * 24 * 60))}`,
      { token: lead },
    );
    expect(tooLong.status).toBe(400);
    // Bare dates work too: `to` includes its whole day.
    const day = at(3 * 24 * 60).slice(0, 10);
    const byDate = await call(lead, 'GET', `/api/v1/changes/calendar?from=${day}&to=${day}`);
    expect(byDate.changes.map((entry: any) => entry.key)).toEqual(expect.arrayContaining([db.key, app.key]));
  });

  it('a change inside a freeze is blocked, then allowed by a change manager’s override', async () => {
    const freeze = await call(
      admin,
      'POST',
      '/api/v1/changes/freezes',
      { name: 'Quarter end', reason: 'finance closing', startsAt: at(5 * 24 * 60), endsAt: at(6 * 24 * 60) },
      201,
    );
    const change = await raise(infra, {
      type: 'standard',
      title: 'Restart billing-app',
      cis: ['billing-app'],
      plannedStart: at(5 * 24 * 60 + 60),
      plannedEnd: at(5 * 24 * 60 + 90),
    });
    expect(change.conflicts).toEqual([expect.objectContaining({ kind: 'freeze', freeze: freeze.id })]);
    const blocked = await t.api('POST', `/api/v1/changes/${change.key}/transitions`, {
      token: infra,
      body: { name: 'schedule' },
    });
    expect(blocked.status).toBe(409);
    expect(blocked.body.error.message).toContain('Quarter end');
    const notManager = await t.api('POST', `/api/v1/changes/${change.key}/transitions`, {
      token: infra,
      body: { name: 'schedule', override: { reason: 'please' } },
    });
    expect(notManager.status).toBe(403);
    const overridden = await move(lead, change.key, 'schedule', {
      override: { reason: 'billing is down without it' },
    });
    expect(overridden.status).toBe('scheduled');
    expect(overridden.change.override).toMatchObject({
      reason: 'billing is down without it',
      by: 'Lena Lead',
    });
    const badFreeze = await t.api('POST', '/api/v1/changes/freezes', {
      token: admin,
      body: { name: 'x', startsAt: at(10), endsAt: at(5) },
    });
    expect(badFreeze.status).toBe(400);
    expect(badFreeze.body.error.message).toContain('endsAt');
    expect(
      (
        await t.api('POST', '/api/v1/changes/freezes', {
          token: infra,
          body: { name: 'x', startsAt: at(1), endsAt: at(5) },
        })
      ).status,
    ).toBe(403);
  });

  it('work outside a service’s maintenance window conflicts', async () => {
    await call(
      admin,
      'POST',
      '/api/v1/changes/maintenance-windows',
      { service: 'Orders', name: 'Sunday night', days: [0], start: '01:00', durationMinutes: 180 },
      201,
    );
    const change = await raise(infra, {
      title: 'Resize orders-app',
      cis: ['orders-app'],
      plannedStart: at(8 * 24 * 60),
      plannedEnd: at(8 * 24 * 60 + 30),
    });
    expect(change.conflicts).toEqual([
      expect.objectContaining({ kind: 'outside_maintenance', message: expect.stringContaining('Sun 01:00') }),
    ]);
  });
});

describe('deployment gating for pipelines', () => {
  it('waits during a freeze naming it, goes after it, and its success closes the change', async () => {
    const pipeline = await call(
      admin,
      'POST',
      '/api/v1/changes/pipelines',
      { name: 'wiki-ci', standard: true },
      201,
    );
    const freeze = await call(
      admin,
      'POST',
      '/api/v1/changes/freezes',
      { name: 'Release freeze', startsAt: at(-1), endsAt: at(60) },
      201,
    );
    const deploy = (path: string, body?: unknown, token = pipeline.token) =>
      t.api('POST', path, { headers: { authorization: `Bearer ${token}` }, body });
    expect((await deploy('/api/v1/changes/deployments', { title: 'x', cis: ['wiki'] }, 'wrong')).status).toBe(
      401,
    );
    const first = await deploy('/api/v1/changes/deployments', {
      title: 'Deploy wiki 3.1',
      cis: ['wiki'],
      version: '3.1.0',
      commit: 'abc123',
    });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      decision: 'wait',
      reasons: [
        expect.objectContaining({ kind: 'freeze', message: expect.stringContaining('Release freeze') }),
      ],
    });
    void freeze;
    offsetMinutes += 90;
    const second = await deploy(`/api/v1/changes/deployments/${first.body.change}/check`);
    expect(second.body).toMatchObject({ decision: 'go', reasons: [], status: 'implement' });
    expect((await changesInWindowOn(t.context.db, [ci.wiki!], now())).map((entry) => entry.key)).toContain(
      first.body.change,
    );
    const done = await deploy(`/api/v1/changes/deployments/${first.body.change}/result`, {
      result: 'success',
      version: '3.1.0',
    });
    expect(done.body).toMatchObject({ status: 'closed', outcome: 'successful' });
    const ticket = await call(admin, 'GET', `/api/v1/tickets/${first.body.change}`);
    expect(ticket.change).toMatchObject({ origin: 'deploy_api', version: '3.1.0', commit: 'abc123' });
    expect(
      (await deploy(`/api/v1/changes/deployments/${first.body.change}/result`, { result: 'success' })).status,
    ).toBe(409);
  });

  it('refuses a deployment on an unknown CI naming it, writing no change', async () => {
    const pipeline = await call(
      admin,
      'POST',
      '/api/v1/changes/pipelines',
      { name: 'bad-ci', standard: true },
      201,
    );
    const before = (await call(infra, 'GET', '/api/v1/changes')).length;
    const response = await t.api('POST', '/api/v1/changes/deployments', {
      headers: { authorization: `Bearer ${pipeline.token}` },
      body: { title: 'Deploy ghost', cis: ['wiki', 'no-such-ci'] },
    });
    expect(response.status).toBe(400);
    expect(response.body.error.message).toContain('cis.1');
    expect((await call(infra, 'GET', '/api/v1/changes')).length).toBe(before);
  });

  it('a normal pipeline waits for its approval', async () => {
    const pipeline = await call(
      admin,
      'POST',
      '/api/v1/changes/pipelines',
      { name: 'billing-ci', team: 'infrastructure' },
      201,
    );
    const response = await t.api('POST', '/api/v1/changes/deployments', {
      headers: { authorization: `Bearer ${pipeline.token}` },
      body: { title: 'Deploy billing 7', cis: ['billing-app'] },
    });
    expect(response.body).toMatchObject({
      decision: 'wait',
      status: 'authorize',
      reasons: [expect.objectContaining({ kind: 'approval' })],
    });
  });
});

describe('reports', () => {
  it('computes the change failure rate and lead time from the history', async () => {
    const report = await call(
      lead,
      'GET',
      `/api/v1/changes/reports?from=${encodeURIComponent(new Date(base - 86_400_000).toISOString())}&to=${encodeURIComponent(at(60))}`,
    );
    expect(report).toMatchObject({
      finished: 2,
      successful: 1,
      failed: 1,
      changeFailureRate: 50,
      successRate: 50,
    });
    expect(report.leadTimeSeconds.median).toBeGreaterThan(0);
    expect(report.byType.map((entry: any) => entry.key)).toEqual(
      expect.arrayContaining(['normal', 'standard']),
    );
    expect(report.byService.map((entry: any) => entry.key)).toContain('Orders');
  });
});
