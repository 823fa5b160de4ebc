// The CMDB through the HTTP API on a real PostgreSQL: the seed-002 model (a router at the Jakarta
// site, the VPN service depending on it, the finance application depending on the VPN), impact
// both ways with paths, history naming the ticket, bad input refused with the field named.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../testing/harness.js';
import { fileRequest } from '../../testing/tickets.js';
import { builtInClasses } from './classes.js';

let t: TestApp;
let admin: string;
let infra: string;
let dev: string;
const ids: Record<string, string> = {};

async function ci(body: Record<string, unknown>) {
  const response = await t.api('POST', '/api/v1/cis', { token: infra, body });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body;
}

async function relate(from: string, type: string, to: string) {
  const response = await t.api('POST', `/api/v1/cis/${ids[from]}/relations`, {
    token: infra,
    body: { type, target: ids[to] },
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
}

beforeAll(async () => {
  t = await startTestApp();
  [admin, infra, dev] = await Promise.all(
    ['admin', 'infra', 'dev'].map((name) => t.login(`${name}@opsdesk.local`)),
  );
  ids.jakarta = (
    await ci({
      class: 'site',
      name: 'Jakarta',
      attributes: { city: 'Jakarta', country: 'ID', timeZone: 'Asia/Jakarta' },
    })
  ).id;
  ids.router = (
    await ci({
      class: 'network_device',
      name: 'rtr-jkt-01',
      attributes: { deviceType: 'router', vendor: 'Cisco', firmware: '17.3.1' },
      site: 'Jakarta',
      team: 'infrastructure',
    })
  ).id;
  ids.vpn = (
    await ci({
      class: 'service',
      name: 'VPN',
      attributes: { kind: 'technical', criticality: 2, regions: ['ID'] },
    })
  ).id;
  ids.finance = (
    await ci({ class: 'application', name: 'finance', attributes: { url: 'https://finance.example' } })
  ).id;
  await relate('router', 'located_at', 'jakarta');
  await relate('vpn', 'depends_on', 'router');
  await relate('finance', 'depends_on', 'vpn');
});
afterAll(() => t.close());

describe('the built-in classes', () => {
  it('are the classes of CONTRACT.md, seeded by the migration exactly as cmdb/classes.ts defines them', async () => {
    const response = await t.api('GET', '/api/v1/ci-classes', { token: infra });
    expect(response.status).toBe(200);
    const keys = response.body.map((row: any) => row.key);
    for (const key of [
      'service',
      'application',
      'server',
      'database',
      'network_device',
      'site',
      'domain',
      'certificate',
      'staging_environment',
    ])
      expect(keys).toContain(key);
    for (const defined of builtInClasses) {
      const stored = response.body.find((row: any) => row.key === defined.key);
      expect(stored.builtIn).toBe(true);
      expect(stored.attributes.map((a: any) => a.key)).toEqual(defined.attributes.map((a) => a.key));
    }
  });
});

describe('impact analysis (seed 002)', () => {
  it('the router going down reaches the VPN service and the finance application, with the paths that make them affected', async () => {
    const response = await t.api('GET', `/api/v1/cis/${ids.router}/impact`, { token: infra });
    expect(response.status).toBe(200);
    expect(response.body).toEqual([
      { ci: { id: ids.vpn, class: 'service', name: 'VPN' }, depth: 1, path: [ids.router, ids.vpn] },
      {
        ci: { id: ids.finance, class: 'application', name: 'finance' },
        depth: 2,
        path: [ids.router, ids.vpn, ids.finance],
      },
    ]);
  });

  it('the site going down reaches everything at it, services first', async () => {
    const response = await t.api('GET', `/api/v1/cis/Jakarta/impact`, { token: infra });
    expect(response.body.map((entry: any) => [entry.ci.name, entry.depth])).toEqual([
      ['VPN', 2],
      ['rtr-jkt-01', 1],
      ['finance', 3],
    ]);
  });

  it('up from the finance application finds what it stands on (the root-cause direction)', async () => {
    const response = await t.api('GET', `/api/v1/cis/application%2Ffinance/impact?direction=up`, {
      token: infra,
    });
    expect(response.body.map((entry: any) => [entry.ci.name, entry.depth, entry.path.length])).toEqual([
      ['VPN', 1, 2],
      ['rtr-jkt-01', 2, 3],
      ['Jakarta', 3, 4],
    ]);
  });

  it('a cycle in the data ends the traversal instead of looping; depth limits it', async () => {
    const a = (await ci({ class: 'application', name: 'loop-a' })).id;
    const b = (await ci({ class: 'application', name: 'loop-b' })).id;
    ids.a = a;
    ids.b = b;
    await relate('a', 'depends_on', 'b');
    await relate('b', 'depends_on', 'a');
    const response = await t.api('GET', `/api/v1/cis/${a}/impact`, { token: infra });
    expect(response.body).toEqual([
      { ci: { id: b, class: 'application', name: 'loop-b' }, depth: 1, path: [a, b] },
    ]);
    const shallow = await t.api('GET', `/api/v1/cis/Jakarta/impact?depth=1`, { token: infra });
    expect(shallow.body.map((entry: any) => entry.ci.name)).toEqual(['rtr-jkt-01']);
  });
});

describe('history', () => {
  it('an attribute changed under a ticket is kept with before, after, the actor and the ticket', async () => {
    const { key } = await fileRequest(t, dev, 'start-request-only-staging', { environment: 'bugfix1x2' });
    const patch = await t.api('PATCH', `/api/v1/cis/${ids.router}`, {
      token: infra,
      body: { attributes: { firmware: '17.3.4' }, ticket: key },
    });
    expect(patch.status, JSON.stringify(patch.body)).toBe(200);
    expect(patch.body.attributes.firmware).toBe('17.3.4');
    const history = await t.api('GET', `/api/v1/cis/${ids.router}/history`, { token: infra });
    expect(history.status).toBe(200);
    const latest = history.body[0];
    expect(latest).toMatchObject({
      change: 'updated',
      ticket: key,
      actor: { kind: 'user', name: 'infra@opsdesk.local' },
      before: { attributes: { firmware: '17.3.1' } },
      after: { attributes: { firmware: '17.3.4' } },
    });
    expect(history.body.map((entry: any) => entry.change)).toEqual(
      expect.arrayContaining(['created', 'relation_added', 'updated']),
    );
  });

  it('a change that changes nothing writes no history', async () => {
    const before = (await t.api('GET', `/api/v1/cis/${ids.vpn}/history`, { token: infra })).body.length;
    await t.api('PATCH', `/api/v1/cis/${ids.vpn}`, {
      token: infra,
      body: { attributes: { criticality: 2 } },
    });
    expect((await t.api('GET', `/api/v1/cis/${ids.vpn}/history`, { token: infra })).body.length).toBe(before);
  });
});

describe('bad input is refused with the field named, and nothing is written', () => {
  const cases: [string, Record<string, unknown>, number, string][] = [
    ['an unknown class', { class: 'spaceship', name: 'x' }, 400, 'class'],
    [
      'an unknown attribute',
      { class: 'server', name: 'srv-x', attributes: { colour: 'red' } },
      400,
      'attributes',
    ],
    [
      'an attribute failing its rule',
      { class: 'service', name: 'svc-x', attributes: { criticality: 9 } },
      400,
      'attributes.criticality',
    ],
    [
      'an attribute of the wrong type',
      { class: 'service', name: 'svc-y', attributes: { public: 'yes' } },
      400,
      'attributes.public',
    ],
    ['a duplicate name in the class', { class: 'service', name: 'vpn' }, 409, 'name'],
    ['an unknown site', { class: 'server', name: 'srv-y', site: 'Atlantis' }, 400, 'site'],
    ['an unknown team', { class: 'server', name: 'srv-z', team: 'nobody' }, 400, 'team'],
  ];
  for (const [what, body, status, field] of cases) {
    it(what, async () => {
      const response = await t.api('POST', '/api/v1/cis', { token: infra, body });
      expect(response.status).toBe(status);
      expect(response.body.error.message).toContain(field);
      const listed = await t.api('GET', `/api/v1/cis?q=${encodeURIComponent(String(body.name))}`, {
        token: infra,
      });
      expect(
        listed.body.items.filter(
          (item: any) =>
            item.name.toLowerCase() === String(body.name).toLowerCase() && item.class === body.class,
        ).length,
      ).toBe(status === 409 ? 1 : 0);
    });
  }

  it('a relation to a missing CI, of an unknown type, to itself, or twice', async () => {
    const missing = await t.api('POST', `/api/v1/cis/${ids.vpn}/relations`, {
      token: infra,
      body: { type: 'depends_on', target: '00000000-0000-4000-8000-000000000000' },
    });
    expect([missing.status, missing.body.error.message]).toEqual([400, expect.stringContaining('target')]);
    const unknownType = await t.api('POST', `/api/v1/cis/${ids.vpn}/relations`, {
      token: infra,
      body: { type: 'loves', target: ids.router },
    });
    expect([unknownType.status, unknownType.body.error.message]).toEqual([
      400,
      expect.stringContaining('type'),
    ]);
    const self = await t.api('POST', `/api/v1/cis/${ids.vpn}/relations`, {
      token: infra,
      body: { type: 'depends_on', target: ids.vpn },
    });
    expect([self.status, self.body.error.message]).toEqual([400, expect.stringContaining('target')]);
    const twice = await t.api('POST', `/api/v1/cis/${ids.vpn}/relations`, {
      token: infra,
      body: { type: 'depends_on', target: ids.router },
    });
    expect(twice.status).toBe(409);
  });

  it('a requester may not read or change the CMDB, but sees the service catalogue', async () => {
    expect((await t.api('GET', '/api/v1/cis', { token: dev })).status).toBe(403);
    expect(
      (await t.api('POST', '/api/v1/cis', { token: dev, body: { class: 'site', name: 'x' } })).status,
    ).toBe(403);
    const services = await t.api('GET', '/api/v1/services', { token: dev });
    expect(services.status).toBe(200);
    expect(services.body.map((service: any) => service.name)).toContain('VPN');
  });

  it('an admin adds a class with its own attributes, and CIs of it are checked against them', async () => {
    const created = await t.api('POST', '/api/v1/ci-classes', {
      token: admin,
      body: {
        key: 'printer',
        name: 'Printer',
        attributes: [{ key: 'floor', label: 'Floor', type: 'number', required: true }],
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const missing = await t.api('POST', '/api/v1/cis', {
      token: infra,
      body: { class: 'printer', name: 'prn-1' },
    });
    expect([missing.status, missing.body.error.message]).toEqual([
      400,
      expect.stringContaining('attributes.floor'),
    ]);
    const ok = await t.api('POST', '/api/v1/cis', {
      token: infra,
      body: { class: 'printer', name: 'prn-1', attributes: { floor: 3 } },
    });
    expect(ok.status).toBe(201);
    const builtIn = await t.api('PATCH', '/api/v1/ci-classes/service', {
      token: admin,
      body: { attributes: [] },
    });
    expect([builtIn.status, builtIn.body.error.message]).toEqual([
      400,
      expect.stringContaining('attributes'),
    ]);
  });
});

describe('services and subscriptions (seed 002 steps 4–5)', () => {
  it('a requester follows the VPN service and sees it among their services, operational', async () => {
    const followed = await t.api('POST', '/api/v1/me/subscriptions', {
      token: dev,
      body: { service: 'VPN' },
    });
    expect(followed.status).toBe(201);
    const mine = await t.api('GET', '/api/v1/me/services', { token: dev });
    expect(mine.body).toEqual([{ id: ids.vpn, name: 'VPN', status: 'operational', incidents: [] }]);
    const notAService = await t.api('POST', '/api/v1/me/subscriptions', {
      token: dev,
      body: { service: 'finance' },
    });
    expect([notAService.status, notAService.body.error.message]).toEqual([
      400,
      expect.stringContaining('service'),
    ]);
    expect((await t.api('DELETE', '/api/v1/me/subscriptions/VPN', { token: dev })).status).toBe(204);
    expect((await t.api('GET', '/api/v1/me/services', { token: dev })).body).toEqual([]);
  });
});
