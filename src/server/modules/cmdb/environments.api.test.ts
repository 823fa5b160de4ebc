// Staging environments are CIs: the inventory's environments appear as staging_environment CIs
// linked to their instance, databases and domains, and a fulfilment run's changes (a new domain,
// a started environment, a recreation) show in the CI's history with the ticket that made them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mirrorAllEnvironments } from '../../flows/inventory-cmdb.js';
import { startTestApp, type TestApp } from '../../testing/harness.js';
import { fileAndApprove, inDays, waitForStatus } from '../../testing/tickets.js';

let t: TestApp;
let dev: string;
let lead: string;
let admin: string;

beforeAll(async () => {
  t = await startTestApp({ worker: true, config: { OPSDESK_RETRY_BASE_MS: '10' } });
  [dev, lead, admin] = await Promise.all(
    ['dev', 'lead', 'admin'].map((name) => t.login(`${name}@opsdesk.local`)),
  );
});
afterAll(() => t.close());

const tokens = () => ({ requester: dev, approver: lead });

async function environmentCi(name: string) {
  const found = await t.api('GET', `/api/v1/cis?class=staging_environment&q=${encodeURIComponent(name)}`, {
    token: lead,
  });
  expect(found.status).toBe(200);
  const item = found.body.items.find((ci: any) => ci.name === name);
  expect(item, `a CI for ${name}`).toBeDefined();
  const detail = await t.api('GET', `/api/v1/cis/${item.id}`, { token: lead });
  return detail.body;
}

const historyOf = async (id: string) =>
  (await t.api('GET', `/api/v1/cis/${id}/history`, { token: lead })).body;

describe('staging environments as CIs', () => {
  it('every inventory environment is a staging_environment CI running on its instance', async () => {
    const ci = await environmentCi('staging-main');
    expect(ci).toMatchObject({ class: 'staging_environment', status: 'active', source: 'inventory' });
    expect(ci.attributes).toMatchObject({ provider: 'sandbox', state: 'running' });
    const instance = ci.relations.find((relation: any) => relation.type === 'runs_on');
    expect(instance).toMatchObject({ direction: 'outgoing', ci: { class: 'server' } });
  });

  it('an environment an admin adds with a database and a domain is linked to both', async () => {
    const created = await t.api('POST', '/api/v1/environments', {
      token: admin,
      body: {
        name: 'cmdb-env',
        requestOnly: false,
        state: 'running',
        domains: ['cmdb-env.example.test'],
        databases: [{ engine: 'postgres', name: 'shop', tables: { orders: 3 } }],
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const ci = await environmentCi('cmdb-env');
    const names = ci.relations.map(
      (relation: any) => `${relation.direction} ${relation.type} ${relation.ci.name}`,
    );
    expect(names).toEqual(
      expect.arrayContaining([
        'outgoing depends_on cmdb-env/shop',
        'incoming depends_on cmdb-env.example.test',
      ]),
    );
    // Impact: the domain fails when the environment's database does.
    const database = ci.relations.find((relation: any) => relation.ci.name === 'cmdb-env/shop').ci;
    const impact = await t.api('GET', `/api/v1/cis/${database.id}/impact`, { token: lead });
    expect(impact.body.map((entry: any) => entry.ci.name)).toEqual(
      expect.arrayContaining(['cmdb-env', 'cmdb-env.example.test']),
    );
  });

  it('a fulfilled domain request adds the domain to the CI, under the ticket', async () => {
    const { key } = await fileAndApprove(t, tokens(), 'create-staging-domain', {
      environment: 'staging-main',
      domain: 'cmdb-shop',
    });
    await waitForStatus(t, dev, key, 'waiting_for_customer');
    const ci = await environmentCi('staging-main');
    const domain = 'cmdb-shop.staging-main.staging.opsdesk.local';
    expect(ci.relations).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          type: 'depends_on',
          direction: 'incoming',
          ci: expect.objectContaining({ name: domain }),
        }),
      ]),
    );
    const history = await historyOf(ci.id);
    expect(history).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ change: 'relation_added', ticket: key, via: 'fulfilment' }),
      ]),
    );
  });

  it('a started environment records its new state with the ticket', async () => {
    const { key } = await fileAndApprove(t, tokens(), 'start-request-only-staging', {
      environment: 'bugfix1x2',
    });
    await waitForStatus(t, dev, key, 'waiting_for_customer');
    const ci = await environmentCi('bugfix1x2');
    expect(ci.attributes.state).toBe('running');
    const history = await historyOf(ci.id);
    const change = history.find((entry: any) => entry.ticket === key && entry.change === 'updated');
    expect(change).toMatchObject({
      via: 'fulfilment',
      before: { attributes: { state: 'stopped' } },
      after: { attributes: { state: 'running' } },
    });
  });

  it('a recreation retires the old environment and its instance, and the new one runs on a new instance', async () => {
    const { key } = await fileAndApprove(t, tokens(), 'recreate-staging', {
      environment: 'promo-2x',
      newName: 'promo-4x',
      endDate: inDays(30),
    });
    await waitForStatus(t, dev, key, 'waiting_for_customer');
    const old = await environmentCi('promo-2x');
    expect(old.status).toBe('retired');
    const oldHistory = await historyOf(old.id);
    expect(oldHistory.some((entry: any) => entry.ticket === key && entry.change === 'retired')).toBe(true);
    const fresh = await environmentCi('promo-4x');
    expect(fresh.status).toBe('active');
    const freshHistory = await historyOf(fresh.id);
    expect(freshHistory.at(-1)).toMatchObject({ change: 'created', ticket: key });
  });

  it('mirroring every environment again (after an upgrade) changes nothing already in step', async () => {
    const ci = await environmentCi('staging-main');
    const before = (await historyOf(ci.id)).length;
    expect(await mirrorAllEnvironments(t.context)).toBeGreaterThanOrEqual(5);
    expect((await historyOf(ci.id)).length).toBe(before);
  });
});
