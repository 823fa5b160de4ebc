// Standard changes as catalog items, public changes on the status page and the change roles
// setting, through the HTTP API on a real PostgreSQL with the job worker running: a request type
// marked as a standard change is filed without approval, its change is implemented by the action
// and closes itself with the runs as evidence; a freeze keeps it from starting; a public scheduled
// change is the status page's scheduled maintenance and an internal one is not; the CAB is
// whichever team the admins name.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../testing/harness.js';
import { fileRequest, waitForStatus } from '../../testing/tickets.js';

let t: TestApp;
let admin: string;
let infra: string;
let lead: string;
let dev: string;

async function call(
  token: string,
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  path: string,
  body?: unknown,
  status = 200,
) {
  const response = await t.api(method, path, { token, body });
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  return response.body;
}

const soon = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();

/** The change a request was recorded as (its link from the change side). */
async function changeOfRequest(key: string) {
  const list: any[] = await call(lead, 'GET', '/api/v1/changes?type=standard');
  for (const summary of list) {
    const change = await call(lead, 'GET', `/api/v1/tickets/${summary.key}`);
    if (change.change.request?.key === key) return change;
  }
  throw new Error(`no change records ${key}`);
}

async function waitForChange(key: string, status: string) {
  const deadline = Date.now() + 15_000;
  let last: any;
  while (Date.now() < deadline) {
    last = await changeOfRequest(key).catch(() => undefined);
    if (last?.status === status) return last;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`the change of ${key} did not reach ${status}: ${last?.status}`);
}

beforeAll(async () => {
  t = await startTestApp({ worker: true, config: { OPSDESK_RETRY_BASE_MS: '10' } });
  [admin, infra, lead, dev] = await Promise.all(
    ['admin', 'infra', 'lead', 'dev'].map((name) => t.login(`${name}@opsdesk.local`)),
  );
});
afterAll(() => t?.close());

describe('standard changes from the catalog', () => {
  it('only admins mark a request type as a standard change, and the portal shows it', async () => {
    await call(
      infra,
      'PATCH',
      '/api/v1/catalog/request-types/create-staging-domain',
      { standardChange: true },
      403,
    );
    const type = await call(admin, 'PATCH', '/api/v1/catalog/request-types/create-staging-domain', {
      standardChange: true,
    });
    expect(type.standardChange).toBe(true);
    const seen = await call(dev, 'GET', '/api/v1/catalog/request-types/create-staging-domain');
    expect(seen.standardChange).toBe(true);
  });

  it('a standard change runs its action and closes itself', async () => {
    const request = await fileRequest(t, dev, 'create-staging-domain', {
      environment: 'staging-main',
      domain: 'std-shop',
    });
    // No one is asked to approve: the request goes straight to its automation and is delivered.
    const delivered = await waitForStatus(t, dev, request.key, 'waiting_for_customer');
    expect(delivered.approvals ?? []).toEqual([]);
    const change = await waitForChange(request.key, 'closed');
    expect(change).toMatchObject({ kind: 'change', status: 'closed' });
    expect(change.change).toMatchObject({
      type: 'standard',
      origin: 'catalog',
      outcome: 'successful',
      request: { key: request.key },
    });
    expect(change.change.actualStart).not.toBeNull();
    expect(change.change.actualEnd).not.toBeNull();
    // Recorded on the environment's CI, with the request's run as its evidence.
    expect(change.cis.map((ci: any) => `${ci.class}/${ci.name}`)).toEqual([
      'staging_environment/staging-main',
    ]);
    expect(change.evidence).toEqual([
      expect.objectContaining({ number: 1, action: 'domain.create', status: 'succeeded' }),
    ]);
    expect(change.evidence[0].summary).toBeTruthy();
  });

  it('a failed action records the change as failed; it waits in review for its post-implementation review', async () => {
    await call(
      admin,
      'POST',
      '/api/v1/environments',
      { name: 'std-broken', requestOnly: false, state: 'running', faults: ['domain.create'] },
      201,
    );
    const request = await fileRequest(t, dev, 'create-staging-domain', {
      environment: 'std-broken',
      domain: 'nope',
    });
    await waitForStatus(t, dev, request.key, 'need_further_support');
    const change = await waitForChange(request.key, 'review');
    expect(change.change.outcome).toBe('failed');
    expect(change.evidence).toEqual([expect.objectContaining({ status: 'failed' })]);
    expect(change.evidence[0].error).toContain('fault injection');
    const close = await t.api('POST', `/api/v1/changes/${change.key}/transitions`, {
      token: lead,
      body: { name: 'close' },
    });
    expect(close.status).toBe(409);
    expect(close.body.error.message).toContain('post-implementation review');
  });

  it('a freeze keeps the standard change from starting: the request waits for a person', async () => {
    const freeze = await call(
      admin,
      'POST',
      '/api/v1/changes/freezes',
      { name: 'Release freeze', startsAt: soon(-1), endsAt: soon(120) },
      201,
    );
    const request = await fileRequest(t, dev, 'create-staging-domain', {
      environment: 'staging-main',
      domain: 'std-frozen',
    });
    const held = await waitForStatus(t, dev, request.key, 'need_further_support');
    expect(held.comments.map((comment: any) => comment.body).join('\n')).toContain('Release freeze');
    expect(held.runs ?? []).toEqual([]);
    const change = await changeOfRequest(request.key);
    expect(change.status).toBe('new');
    expect(change.conflicts.map((conflict: any) => conflict.kind)).toContain('freeze');
    // Cancelling the request cancels its change.
    await call(dev, 'POST', `/api/v1/tickets/${request.key}/transitions`, {
      name: 'cancel',
      comment: 'later',
    });
    expect((await changeOfRequest(request.key)).status).toBe('cancelled');
    await call(admin, 'DELETE', `/api/v1/changes/freezes/${freeze.id}`, undefined, 204);
  });
});

describe('public changes on the status page', () => {
  it('a scheduled public change is scheduled maintenance; an internal one is not', async () => {
    const make = async (name: string, body: Record<string, unknown>) =>
      (await call(infra, 'POST', '/api/v1/cis', { name, team: 'infrastructure', ...body }, 201)).id as string;
    const service = await make('Storefront', { class: 'service', attributes: { public: true } });
    const app = await make('storefront-app', { class: 'application' });
    await call(infra, 'POST', `/api/v1/cis/${service}/relations`, { type: 'depends_on', target: app }, 201);
    // Warm the page's cache first: writing a public change must drop it.
    const before = (await t.api('GET', '/status/summary.json')).body as any;
    expect(before.scheduled_maintenances).toEqual([]);
    const raise = (title: string, extra: Record<string, unknown>, day = 1) =>
      call(
        infra,
        'POST',
        '/api/v1/changes',
        {
          type: 'standard',
          title,
          cis: ['storefront-app'],
          plannedStart: soon(day * 24 * 60),
          plannedEnd: soon(day * 24 * 60 + 60),
          description: 'The shop is read-only for up to an hour.',
          submit: true,
          ...extra,
        },
        201,
      );
    const open = await raise('Storefront database upgrade', { public: true });
    const internal = await raise('Storefront log rotation', {}, 2);
    expect(open.status).toBe('scheduled');
    expect(open.change.public).toBe(true);
    expect(internal.change.public).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 300)); // the NOTIFY reaches the cache
    const summary = (await t.api('GET', '/status/summary.json')).body as any;
    const names = summary.scheduled_maintenances.map((entry: any) => entry.name);
    expect(names).toEqual(['Storefront database upgrade']);
    expect(JSON.stringify(summary.scheduled_maintenances[0])).toContain('Storefront');
    // Cancelled, it leaves the page.
    await call(infra, 'POST', `/api/v1/changes/${open.key}/transitions`, {
      name: 'cancel',
      comment: 'moved',
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const after = (await t.api('GET', '/status/summary.json')).body as any;
    expect(after.scheduled_maintenances).toEqual([]);
    // An agent makes the internal one public: it is announced.
    await call(infra, 'PATCH', `/api/v1/changes/${internal.key}`, { public: true });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const announced = (await t.api('GET', '/status/summary.json')).body as any;
    expect(announced.scheduled_maintenances.map((entry: any) => entry.name)).toEqual([
      'Storefront log rotation',
    ]);
  });
});

describe('change roles', () => {
  it('admins name the teams of the change roles; an unknown team is refused naming the field', async () => {
    expect(await call(infra, 'GET', '/api/v1/changes/settings')).toEqual({
      cabTeam: 'cab',
      emergencyCabTeam: 'ecab',
      changeManagersTeam: 'change-managers',
      cabQuorum: 2,
    });
    await call(lead, 'PATCH', '/api/v1/changes/settings', { cabTeam: 'infrastructure' }, 403);
    const refused = await t.api('PATCH', '/api/v1/changes/settings', {
      token: admin,
      body: { cabTeam: 'no-such-team' },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toContain('cabTeam');
    const saved = await call(admin, 'PATCH', '/api/v1/changes/settings', {
      cabTeam: 'infrastructure',
      cabQuorum: 1,
    });
    expect(saved).toMatchObject({
      cabTeam: 'infrastructure',
      cabQuorum: 1,
      changeManagersTeam: 'change-managers',
    });
    // Restore the defaults for the other tests of this file.
    await call(admin, 'PATCH', '/api/v1/changes/settings', { cabTeam: 'cab', cabQuorum: 2 });
  });
});
