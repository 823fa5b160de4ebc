// A post-incident review through the HTTP API: started on a major incident, written with five whys
// (each answer the next question), two follow-up actions carried by tickets with owners and due
// dates, the incident's timeline assembled, and published only once every reviewer ticked it off.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../testing/harness.js';

let t: TestApp;
let infra: string;
let lead: string;
let dev: string;

async function call(token: string, method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown) {
  return t.api(method, path, { token, ...(body !== undefined ? { body } : {}) });
}
async function ok(
  token: string,
  method: 'GET' | 'POST' | 'PATCH',
  path: string,
  body?: unknown,
  status = 200,
) {
  const response = await call(token, method, path, body);
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  return response.body;
}

beforeAll(async () => {
  t = await startTestApp();
  [infra, lead, dev] = await Promise.all(
    ['infra', 'lead', 'dev'].map((name) => t.login(`${name}@opsdesk.local`)),
  );
});
afterAll(() => t.close());

describe('post-incident review', () => {
  it('five whys, two follow-ups, reviewers, published with the root cause', async () => {
    const incident = await ok(
      infra,
      'POST',
      '/api/v1/incidents',
      { title: 'VPN down in Jakarta', impact: 'high', urgency: 'high' },
      201,
    );
    const review = `/api/v1/incidents/${incident.key}/review`;
    expect((await call(infra, 'GET', review)).status).toBe(404);
    await ok(infra, 'POST', `/api/v1/incidents/${incident.key}/major`, {
      major: true,
      reason: 'Whole office offline',
    });
    await ok(infra, 'POST', `/api/v1/tickets/${incident.key}/transitions`, { name: 'start' });
    await ok(infra, 'POST', `/api/v1/tickets/${incident.key}/transitions`, {
      name: 'resolve',
      comment: 'Certificate renewed.',
    });

    const started = await ok(infra, 'POST', review, undefined, 201);
    expect(started.status).toBe('draft');
    expect(started.incident).toMatchObject({ key: incident.key, major: true, priority: 'critical' });
    expect(started.timeline.map((entry: any) => entry.kind)).toEqual(
      expect.arrayContaining(['opened', 'major', 'status']),
    );
    expect(started.metrics.timeToRecoverSeconds).toBeGreaterThanOrEqual(0);
    expect((await call(infra, 'POST', review)).status).toBe(409);

    const whys = [
      'The VPN gateway refused connections',
      'Its TLS certificate had expired',
      'The renewal job failed silently',
      'The job ran under a deleted service account',
      'Service accounts are not in the offboarding checklist',
    ];
    const written = await ok(infra, 'PATCH', review, {
      summary: 'Jakarta could not reach the VPN for 40 minutes.',
      impact: '300 people without the finance application.',
      detection: 'Users called the service desk; no alert fired.',
      response: 'Major incident declared after 10 minutes.',
      recovery: 'The certificate was renewed by hand.',
      whys,
    });
    expect(written.whys).toHaveLength(5);
    expect(written.whys[0].question).toContain('VPN down in Jakarta');
    expect(written.whys[1]).toEqual({ question: `Why: ${whys[0]}?`, answer: whys[1] });

    const bad = await call(infra, 'POST', `${review}/actions`, {
      title: 'x',
      owner: 'dev@opsdesk.local',
      dueDate: '2030-01-01',
    });
    expect([bad.status, bad.body.error.message]).toEqual([400, expect.stringContaining('owner')]);
    await ok(
      infra,
      'POST',
      `${review}/actions`,
      { title: 'Alert 14 days before certificates expire', owner: 'me', dueDate: '2030-01-15' },
      201,
    );
    const withTwo = await ok(
      infra,
      'POST',
      `${review}/actions`,
      { title: 'Add service accounts to offboarding', owner: 'lead@opsdesk.local', dueDate: '2020-01-01' },
      201,
    );
    expect(withTwo.actions).toHaveLength(2);
    expect(withTwo.actions[0]).toMatchObject({
      title: 'Alert 14 days before certificates expire',
      done: false,
      overdue: false,
    });
    expect(withTwo.actions[1]).toMatchObject({
      owner: { email: 'lead@opsdesk.local' },
      dueDate: '2020-01-01',
      overdue: true,
    });
    const action = (await call(lead, 'GET', `/api/v1/tickets/${withTwo.actions[1].key}`)).body;
    expect(action).toMatchObject({
      kind: 'problem',
      assignee: expect.objectContaining({ email: 'lead@opsdesk.local' }),
    });
    expect(action.links).toContainEqual(
      expect.objectContaining({ type: 'related_to', target: incident.key }),
    );

    expect((await call(infra, 'POST', `${review}/status`, { status: 'in_review' })).status).toBe(400);
    const reviewer = await call(infra, 'POST', `${review}/reviewers`, { user: 'dev@opsdesk.local' });
    expect([reviewer.status, reviewer.body.error.message]).toEqual([400, expect.stringContaining('user')]);
    await ok(infra, 'POST', `${review}/reviewers`, { user: 'lead@opsdesk.local' });
    await ok(infra, 'POST', `${review}/status`, { status: 'in_review' });
    const early = await call(infra, 'POST', `${review}/status`, { status: 'published' });
    expect([early.status, early.body.error.message]).toEqual([409, expect.stringContaining('Lead')]);
    expect((await call(dev, 'POST', `${review}/approve`)).status).toBeGreaterThanOrEqual(403);
    const ticked = await ok(lead, 'POST', `${review}/approve`);
    expect(ticked.reviewers[0].approvedAt).toBeTruthy();
    const published = await ok(infra, 'POST', `${review}/status`, { status: 'published' });
    expect(published.status).toBe('published');
    expect((await call(infra, 'PATCH', review, { summary: 'changed' })).status).toBe(409);
    const after = (await call(infra, 'GET', `/api/v1/tickets/${incident.key}`)).body;
    expect(after.incident.rootCause).toBe(whys[4]);
  });
});
