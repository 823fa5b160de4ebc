// Problems through the HTTP API on a real PostgreSQL: three incidents on one CI in alike words
// make the detector propose a problem with its evidence; a dismissed set is not proposed again; an
// accepted proposal opens the problem with its incidents linked; a known error's workaround shows
// on a new incident on the same CI; bad input is refused with the field named.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../testing/harness.js';

let t: TestApp;
let admin: string;
let infra: string;
let dev: string;

async function call(token: string, method: 'GET' | 'POST' | 'PATCH' | 'PUT', path: string, body?: unknown) {
  return t.api(method, path, { token, ...(body !== undefined ? { body } : {}) });
}
async function post(token: string, path: string, body: unknown, status = 201) {
  const response = await call(token, 'POST', path, body);
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  return response.body;
}
const incident = (title: string, cis = ['db-pay-01']) =>
  post(infra, '/api/v1/incidents', { title, cis, impact: 'medium', urgency: 'medium' });

beforeAll(async () => {
  t = await startTestApp();
  [admin, infra, dev] = await Promise.all(
    ['admin', 'infra', 'dev'].map((name) => t.login(`${name}@opsdesk.local`)),
  );
  const db = await post(infra, '/api/v1/cis', {
    class: 'database',
    name: 'db-pay-01',
    team: 'infrastructure',
  });
  const payments = await post(infra, '/api/v1/cis', {
    class: 'service',
    name: 'Payments',
    team: 'infrastructure',
  });
  await post(infra, `/api/v1/cis/${payments.id}/relations`, { type: 'depends_on', target: db.id });
  await post(infra, '/api/v1/cis', { class: 'server', name: 'print-01' });
});
afterAll(() => t.close());

describe('recurring incidents become problems', () => {
  it('proposes a problem for three alike incidents on one CI, remembers a dismissal, and opens it on accept', async () => {
    const first = await incident('Payments database connections exhausted');
    const second = await incident('Connections exhausted on payments db again');
    const third = await incident('Payment DB: too many connections, exhausted');
    await incident('Printer jams on floor 3', ['print-01']);

    expect((await post(infra, '/api/v1/problems/proposals/detect', {}, 200)).proposed).toBe(1);
    const [proposal, ...others] = (await call(infra, 'GET', '/api/v1/problems/proposals')).body;
    expect(others).toEqual([]);
    expect(proposal.ci.name).toBe('db-pay-01');
    expect(proposal.incidents.map((entry: any) => entry.key).sort()).toEqual(
      [first.key, second.key, third.key].sort(),
    );
    expect(proposal.evidence).toMatchObject({ count: 3, windowDays: 30 });
    expect(proposal.evidence.words).toEqual(expect.arrayContaining(['connections', 'exhausted']));
    // The same incidents through the Payments service are not proposed a second time.
    expect((await post(infra, '/api/v1/problems/proposals/detect', {}, 200)).proposed).toBe(0);

    const dismissed = await call(infra, 'POST', `/api/v1/problems/proposals/${proposal.id}/dismiss`, {});
    expect(dismissed.status).toBe(204);
    expect((await post(infra, '/api/v1/problems/proposals/detect', {}, 200)).proposed).toBe(0);
    expect((await call(infra, 'GET', '/api/v1/problems/proposals')).body).toEqual([]);

    // A fourth alike incident is new evidence: proposed again, with four.
    const fourth = await incident('Payments db connections exhausted at month end');
    expect((await post(infra, '/api/v1/problems/proposals/detect', {}, 200)).proposed).toBe(1);
    const [again] = (await call(infra, 'GET', '/api/v1/problems/proposals')).body;
    expect(again.incidents).toHaveLength(4);

    const problem = await post(infra, `/api/v1/problems/proposals/${again.id}/accept`, {});
    expect(problem).toMatchObject({ kind: 'problem', status: 'new', team: { key: 'infrastructure' } });
    expect(problem.key).toMatch(/^PRB-\d+$/);
    expect(problem.problem.fromProposal).toBe(true);
    expect(problem.problem.incidents.map((entry: any) => entry.key)).toEqual([
      first.key,
      second.key,
      third.key,
      fourth.key,
    ]);
    expect(problem.services.map((entry: any) => entry.name)).toContain('Payments');
    const linked = (await call(infra, 'GET', `/api/v1/tickets/${first.key}`)).body;
    expect(linked.links).toContainEqual(expect.objectContaining({ type: 'caused_by', target: problem.key }));
    expect((await call(infra, 'POST', `/api/v1/problems/proposals/${again.id}/accept`, {})).status).toBe(409);
    expect((await call(infra, 'GET', '/api/v1/problems/proposals?state=accepted')).body[0].problem).toBe(
      problem.key,
    );
    // Incidents a problem explains are not evidence any more.
    expect((await post(infra, '/api/v1/problems/proposals/detect', {}, 200)).proposed).toBe(0);
  });

  it('the detector follows its settings', async () => {
    expect(
      (
        await call(infra, 'PUT', '/api/v1/problems/detection', {
          threshold: 2,
          windowDays: 7,
          similarity: 0.5,
        })
      ).status,
    ).toBe(403);
    const saved = await call(admin, 'PUT', '/api/v1/problems/detection', {
      threshold: 2,
      windowDays: 7,
      similarity: 0.5,
    });
    expect(saved.body).toEqual({ threshold: 2, windowDays: 7, similarity: 0.5 });
    await incident('Printer jams on floor 3 again', ['print-01']);
    expect((await post(infra, '/api/v1/problems/proposals/detect', {}, 200)).proposed).toBe(1);
    await call(admin, 'PUT', '/api/v1/problems/detection', { threshold: 3, windowDays: 30, similarity: 0.3 });
  });
});

describe('problems and known errors', () => {
  it('a known error’s workaround shows on new incidents on its CIs', async () => {
    const cause = await incident('Payments slow at checkout');
    const problem = await post(infra, '/api/v1/problems', {
      title: 'Connection pool of the payments database too small',
      cis: ['db-pay-01'],
      incidents: [cause.key],
      priority: 'high',
    });
    expect(problem).toMatchObject({ priority: 'high', status: 'new' });
    expect(problem.cis).toEqual([expect.objectContaining({ name: 'db-pay-01', class: 'database' })]);
    const patched = await call(infra, 'PATCH', `/api/v1/problems/${problem.key}`, {
      rootCause: 'The pool has 20 connections; month-end batch jobs take 18.',
      workaround: 'Pause the batch jobs, then restart the payments API.',
    });
    expect(patched.status).toBe(200);
    expect(patched.body.problem.workaround).toContain('Pause the batch jobs');
    await post(infra, `/api/v1/tickets/${problem.key}/transitions`, { name: 'investigate' }, 200);
    const known = await post(
      infra,
      `/api/v1/tickets/${problem.key}/transitions`,
      { name: 'known_error' },
      200,
    );
    expect(known.status).toBe('known_error');
    expect(known.problem.knownErrorAt).toBeTruthy();

    const fresh = await incident('Checkout fails with a database error');
    expect(fresh.knownErrors).toEqual([
      {
        key: problem.key,
        title: problem.title,
        workaround: 'Pause the batch jobs, then restart the payments API.',
        matches: ['db-pay-01'],
      },
    ]);
    // Linked later by hand: the problem lists it.
    const other = await incident('Refunds time out', []);
    const withOther = await post(
      infra,
      `/api/v1/problems/${problem.key}/incidents`,
      { incident: other.key },
      200,
    );
    expect(withOther.problem.incidents.map((entry: any) => entry.key)).toContain(other.key);
    expect((await call(infra, 'GET', `/api/v1/tickets/${other.key}`)).body.knownErrors[0].key).toBe(
      problem.key,
    );
  });

  it('refuses bad input with the field named, and writes nothing', async () => {
    const count = async () =>
      (await call(admin, 'GET', '/api/v1/tickets?kind=problem&limit=100')).body.items.length;
    const before = await count();
    const request = await post(dev, '/api/v1/incidents', { title: 'x', impact: 'low', urgency: 'low' });
    const cases: [Record<string, unknown>, string][] = [
      [{ title: 'x', cis: ['no-such-ci'] }, 'cis.0'],
      [{ title: 'x', service: 'db-pay-01' }, 'service'],
      [{ title: 'x', incidents: ['INC-99999'] }, 'incidents.0'],
      [{ title: 'x', priority: 'urgent' }, 'priority'],
    ];
    for (const [body, field] of cases) {
      const response = await call(infra, 'POST', '/api/v1/problems', body);
      expect([response.status, response.body.error.message], JSON.stringify(body)).toEqual([
        400,
        expect.stringContaining(field),
      ]);
    }
    const problem = await post(infra, '/api/v1/problems', { title: 'A problem' });
    const notIncident = await call(infra, 'POST', `/api/v1/problems/${problem.key}/incidents`, {
      incident: problem.key,
    });
    expect([notIncident.status, notIncident.body.error.message]).toEqual([
      400,
      expect.stringContaining('incident'),
    ]);
    expect((await call(dev, 'POST', '/api/v1/problems', { title: 'x' })).status).toBe(403);
    expect((await call(infra, 'PATCH', `/api/v1/problems/${request.key}`, { workaround: 'x' })).status).toBe(
      400,
    );
    expect(await count()).toBe(before + 1);
  });
});

describe('the incidents report', () => {
  it('counts open incidents by priority and service, times to acknowledge and resolve, problems', async () => {
    const urgent = await post(infra, '/api/v1/incidents', {
      title: 'Payments down',
      service: 'Payments',
      impact: 'high',
      urgency: 'high',
    });
    await post(infra, `/api/v1/tickets/${urgent.key}/transitions`, { name: 'start' }, 200);
    const report = await call(infra, 'GET', '/api/v1/incidents/report');
    expect(report.status, JSON.stringify(report.body)).toBe(200);
    const { open, byPriority, byService, problems } = report.body;
    expect(open.byPriority.find((entry: any) => entry.priority === 'critical').count).toBe(1);
    expect(open.total).toBe(open.byPriority.reduce((sum: number, entry: any) => sum + entry.count, 0));
    expect(open.byService[0]).toMatchObject({ service: 'Payments', worst: 'critical' });
    const critical = byPriority.find((entry: any) => entry.priority === 'critical');
    expect(critical).toMatchObject({ count: 1, mttrSeconds: null });
    expect(critical.mttaSeconds).toBeGreaterThanOrEqual(0);
    expect(byService.find((entry: any) => entry.service === 'Payments').count).toBeGreaterThanOrEqual(5);
    expect(problems.opened).toBeGreaterThanOrEqual(3);
    expect((await call(dev, 'GET', '/api/v1/incidents/report')).status).toBe(403);
    const bad = await call(infra, 'GET', '/api/v1/incidents/report?from=2030-01-02&to=2030-01-01');
    expect([bad.status, bad.body.error.message]).toEqual([400, expect.stringContaining('from')]);
  });
});
