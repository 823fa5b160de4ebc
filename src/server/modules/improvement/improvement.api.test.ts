// The continual improvement register: the demo's paper initiative through the seven steps, "did we
// get there" measured from the seeded evaluation history and from live tickets, and the API's
// validation and permissions.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../testing/harness.js';
import { fileAndApprove, waitForStatus } from '../../testing/tickets.js';
import { seedPaperEvaluation } from '../reports/index.js';

let t: TestApp;
let admin: string;
let dev: string;
const path = '/api/v1/improvements/multi-staging-automation';

beforeAll(async () => {
  t = await startTestApp({ worker: true });
  [admin, dev] = await Promise.all(['admin', 'dev'].map((name) => t.login(`${name}@opsdesk.local`)));
});
afterAll(() => t.close());

describe("the demo's initiative: the paper's own improvement", () => {
  it('holds the seven steps: vision, Table 2 baseline, Table 3 targets, Table 4 plan, releases, documentation', async () => {
    const { status, body } = await t.api('GET', path, { token: dev });
    expect(status).toBe(200);
    expect(body.vision).toMatch(/^Automate the manual and repetitive multi-staging supports/);
    expect(body.whereAreWeNow.baseline.name).toBe('paper-table-2');
    expect(body.whereAreWeNow.baseline.table.map((row: any) => row.averageResolutionSeconds)).toEqual([
      585, 145_630, 24_980, 25_400,
    ]);
    expect(
      body.whereDoWeWantToBe.targets.map((target: any) => [target.metric, target.requestType, target.value]),
    ).toEqual([
      ['time_to_resolution', 'create-staging-domain', 22_860],
      ['time_to_resolution', 'start-request-only-staging', 525],
      ['time_to_resolution', 'recreate-staging', 144_036],
      ['time_to_resolution', 'copy-database-data', 22_482],
      ['need_further_support_share', null, 10],
    ]);
    expect(
      body.howDoWeGetThere.plan.map((item: any) => [item.process, item.priority, item.expectedRelease]),
    ).toEqual([
      ['Create New Domain', 'high', '2023-09-18'],
      ['Start Request-Only Multi-Staging', 'medium', '2023-09-19'],
      ['Recreate Staging', 'low', '2023-09-27'],
      ['Copy Database Data', 'very_low', '2023-09-28'],
    ]);
    expect(body.takeAction.actions.map((action: any) => action.releasedAt)).toEqual([
      '2023-09-13',
      '2023-09-19',
      '2023-09-27',
      '2023-09-28',
    ]);
    expect(body.keepTheMomentum.notes.map((note: any) => note.kind)).toEqual([
      'documentation',
      'documentation',
    ]);
  });

  it('measures nothing before there are tickets', async () => {
    const { body } = await t.api('GET', path, { token: dev });
    expect(body.didWeGetThere.allMet).toBeNull();
    expect(
      body.didWeGetThere.results.map((result: any) => [result.actual, result.count, result.met]),
    ).toEqual(Array(5).fill([null, 0, null]));
  });

  it('measures live tickets of the period', async () => {
    const ticket = await fileAndApprove(
      t,
      { requester: dev, approver: await t.login('lead@opsdesk.local') },
      'start-request-only-staging',
      {
        environment: 'bugfix1x2',
      },
    );
    await waitForStatus(t, dev, ticket.key, 'waiting_for_customer');
    const { body } = await t.api('GET', path, { token: dev });
    const start = body.didWeGetThere.results[1];
    expect(start).toMatchObject({ requestType: 'start-request-only-staging', count: 1, met: true });
    expect(body.didWeGetThere.results[4]).toMatchObject({ actual: 0, count: 1, met: true });
  });

  it("reaches the paper's conclusion on its evaluation period: every target met", async () => {
    await seedPaperEvaluation(t.context);
    const { body } = await t.api('GET', `${path}?to=2023-10-20`, { token: dev });
    expect(body.didWeGetThere.allMet).toBe(true);
    expect(
      body.didWeGetThere.results.map((result: any) => [
        result.actualHms ?? result.actual,
        result.count,
        result.met,
        result.improvementPercentage,
        result.improvementOverBaseline,
      ]),
    ).toEqual([
      ['0:27:00', 32, true, 1311.11, 1467.9],
      ['0:00:36', 44, true, 1358.33, 1525],
      ['15:53:24', 16, true, 151.79, 154.58],
      ['0:13:32', 16, true, 2668.72, 2976.35],
      [4.63, 108, true, null, null],
    ]);
  });

  it('shows a target missed once it is made stricter', async () => {
    const current = (await t.api('GET', path, { token: admin })).body.whereDoWeWantToBe.targets;
    const stricter = current.map((target: any) =>
      target.requestType === 'start-request-only-staging' ? { ...target, value: 30 } : target,
    );
    const patched = await t.api('PATCH', path, { token: admin, body: { targets: stricter } });
    expect(patched.status).toBe(200);
    const { body } = await t.api('GET', `${path}?to=2023-10-20`, { token: admin });
    expect(body.didWeGetThere.allMet).toBe(false);
    expect(body.didWeGetThere.results[1]).toMatchObject({ value: 30, actual: 36, met: false });
  });

  it('keeps the momentum: notes and documentation links, with who added them', async () => {
    const note = await t.api('POST', `${path}/notes`, {
      token: admin,
      body: {
        kind: 'lesson',
        body: 'Release the most requested type first.',
        url: 'https://wiki.example.com/itsm',
      },
    });
    expect(note.status).toBe(201);
    expect(note.body).toMatchObject({ kind: 'lesson', author: 'admin@opsdesk.local' });
    const { body } = await t.api('GET', path, { token: dev });
    expect(body.keepTheMomentum.notes.at(-1).body).toBe('Release the most requested type first.');
  });
});

describe('registering an initiative', () => {
  it('refuses references to request types, tickets and baselines that do not exist, naming each field', async () => {
    const response = await t.api('POST', '/api/v1/improvements', {
      token: admin,
      body: {
        key: 'faster-copies',
        title: 'Faster database copies',
        baseline: 'nope',
        targets: [{ metric: 'time_to_resolution', requestType: 'copy-everything', value: 600 }],
        actions: [{ kind: 'ticket', ticket: 'REQ-999999' }],
        measureFrom: '2024-01-01',
      },
    });
    expect(response.status).toBe(400);
    expect(response.body.error.details).toEqual([
      { field: 'targets.0.requestType', message: 'there is no request type copy-everything' },
      { field: 'actions.0.ticket', message: 'there is no ticket REQ-999999' },
      { field: 'baseline', message: 'there is no baseline nope' },
    ]);
  });

  it('creates one with a time target, which needs a request type', async () => {
    const noType = await t.api('POST', '/api/v1/improvements', {
      token: admin,
      body: {
        key: 'x',
        title: 'X',
        targets: [{ metric: 'time_to_resolution', value: 60 }],
        measureFrom: '2024-01-01',
      },
    });
    expect(noType.status).toBe(400);
    const created = await t.api('POST', '/api/v1/improvements', {
      token: admin,
      body: {
        key: 'faster-copies',
        title: 'Faster database copies',
        targets: [{ metric: 'time_to_fulfilment', requestType: 'copy-database-data', value: 600 }],
        measureFrom: '2024-01-01',
      },
    });
    expect(created.status).toBe(201);
    expect(created.body.didWeGetThere.results[0]).toMatchObject({ count: 0, met: null });
    expect((await t.api('GET', '/api/v1/improvements', { token: dev })).body.map((i: any) => i.key)).toEqual([
      'multi-staging-automation',
      'faster-copies',
    ]);
  });

  it('is for admins', async () => {
    const response = await t.api('POST', '/api/v1/improvements', {
      token: dev,
      body: { key: 'mine', title: 'Mine', measureFrom: '2024-01-01' },
    });
    expect(response.status).toBe(403);
  });
});
