// The public status page on a real PostgreSQL: components are the services marked public, their
// status follows an incident from open to resolved and a maintenance window, only public updates
// are shown (internal notes never), summary.json has Statuspage's v2 shape, the history records
// the outage for the uptime bars, the Atom feed lists the incident, and signed-in people see
// internal services too.
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statuspageSummary } from '../../../shared/api/statuspage.js';
import { startTestApp, type TestApp } from '../../testing/harness.js';
import { eventually } from '../notifications/testing/pipeline.js';
import { registerMaintenanceSource } from './index.js';
import type { Maintenance } from './maintenance.js';

let t: TestApp;
let infra: string;
let dev: string;
const ci: Record<string, string> = {};
const windows: Maintenance[] = [];

async function post(token: string, path: string, body: unknown, status = 201) {
  const response = await t.api('POST', path, { token, body });
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  return response.body;
}

const summary = async () => {
  const response = await t.api('GET', '/status/summary.json');
  expect(response.status).toBe(200);
  return statuspageSummary.parse(response.body);
};
const component = (body: Awaited<ReturnType<typeof summary>>, name: string) =>
  body.components.find((entry) => entry.name === name)!;
const page = async (path = '/status') => {
  const response = await t.api('GET', path);
  expect(response.status).toBe(200);
  return response.body as string;
};

beforeAll(async () => {
  registerMaintenanceSource(async () => windows);
  t = await startTestApp({ worker: true });
  [infra, dev] = await Promise.all(['infra', 'dev'].map((name) => t.login(`${name}@opsdesk.local`)));
  const service = async (name: string, attributes: Record<string, unknown>) =>
    (await post(infra, '/api/v1/cis', { class: 'service', name, team: 'infrastructure', attributes })).id;
  ci.vpn = await service('Remote VPN', {
    public: true,
    statusGroup: 'Network',
    description: 'Access from home',
  });
  ci.dns = await service('Public DNS', { public: true, statusGroup: 'Network' });
  ci.mail = await service('Company mail', { public: true });
  ci.wiki = await service('Engineering wiki', {});
  ci.gateway = (await post(infra, '/api/v1/cis', { class: 'network_device', name: 'vpn-gw-01' })).id;
  await post(infra, `/api/v1/cis/${ci.vpn}/relations`, { type: 'depends_on', target: ci.gateway });
});
afterAll(async () => {
  await t?.close();
});

describe('the public status page', () => {
  it('is public HTML without JavaScript, showing public services in groups and no internal one', async () => {
    const response = await t.api('GET', '/status');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toContain('text/html');
    expect(response.headers['content-security-policy']).toContain("default-src 'none'");
    const html = response.body as string;
    expect(html).not.toContain('<script');
    expect(html).toContain('All Systems Operational');
    for (const name of ['Remote VPN', 'Public DNS', 'Company mail', 'Network', 'Access from home'])
      expect(html).toContain(name);
    expect(html).not.toContain('Engineering wiki');
  });

  it('serves summary.json in Statuspage v2 shape, groups as group components', async () => {
    const body = await summary();
    expect(body.status).toEqual({ indicator: 'none', description: 'All Systems Operational' });
    const group = component(body, 'Network');
    expect(group.group).toBe(true);
    expect([...(group.components ?? [])].sort()).toEqual([ci.vpn, ci.dns].sort());
    expect(component(body, 'Remote VPN').group_id).toBe(group.id);
    expect(component(body, 'Company mail').group_id).toBeNull();
    expect(body.components.some((entry) => entry.name === 'Engineering wiki')).toBe(false);
    expect(body.incidents).toEqual([]);
    expect(body.scheduled_maintenances).toEqual([]);
    // The path Statuspage clients know answers the same.
    expect((await t.api('GET', '/api/v2/summary.json')).body).toEqual(JSON.parse(JSON.stringify(body)));
  });

  it('sends the cached page gzipped to clients that take it', async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: '/status',
      headers: { 'accept-encoding': 'gzip, br' },
    });
    expect(response.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(response.rawPayload).toString()).toContain('All Systems Operational');
  });

  it('answers a repeated request with 304 while nothing changed', async () => {
    const first = await t.api('GET', '/status');
    const again = await t.api('GET', '/status', { headers: { 'if-none-match': String(first.headers.etag) } });
    expect(again.status).toBe(304);
  });
});

describe('a component follows an incident from open to resolved', () => {
  let key: string;

  it('an incident on the gateway takes the VPN down; only its public updates are shown', async () => {
    const incident = await post(infra, '/api/v1/incidents', {
      title: 'VPN <script>alert(1)</script> connections fail',
      cis: ['vpn-gw-01'],
      impact: 'high',
      urgency: 'high',
    });
    key = incident.key;
    await eventually(
      async () => (component(await summary(), 'Remote VPN').status === 'major_outage' ? true : undefined),
      'the VPN in a major outage',
    );
    const body = await summary();
    expect(body.status.indicator).toBe('critical');
    expect(component(body, 'Network').status).toBe('major_outage');
    expect(component(body, 'Public DNS').status).toBe('operational');
    // Not published yet: the page says the component is down but names no incident.
    expect(body.incidents).toEqual([]);

    await post(infra, `/api/v1/incidents/${key}/updates`, {
      body: 'The gateway firmware 17.3.4 leaks memory (internal).',
      visibility: 'internal',
    });
    await post(infra, `/api/v1/incidents/${key}/updates`, {
      body: 'We are investigating failed VPN connections.',
      visibility: 'public',
      status: 'investigating',
    });
    await post(infra, `/api/v1/incidents/${key}/updates`, {
      body: 'The cause is identified; a fix is being rolled out.',
      visibility: 'public',
      status: 'identified',
    });
    const published = await eventually(async () => {
      const current = await summary();
      return current.incidents.length === 1 && current.incidents[0]!.incident_updates.length === 2
        ? current
        : undefined;
    }, 'the published incident');
    const [shown] = published.incidents;
    expect(shown).toMatchObject({ id: key, status: 'identified', impact: 'critical' });
    expect(shown!.incident_updates.map((update) => [update.status, update.body])).toEqual([
      ['identified', 'The cause is identified; a fix is being rolled out.'],
      ['investigating', 'We are investigating failed VPN connections.'],
    ]);
    expect(shown!.components.map((entry) => entry.name)).toEqual(['Remote VPN']);

    const html = await page();
    expect(html).toContain('Major System Outage');
    expect(html).toContain('We are investigating failed VPN connections.');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>');
    for (const text of [JSON.stringify(published), html, await page(`/status/incidents/${key}`)]) {
      expect(text).not.toContain('firmware 17.3.4');
      expect(text).not.toContain('Jakarta branch');
    }
  });

  it('resolving the incident brings the VPN back; the outage stays in the history and the bars', async () => {
    const resolved = await t.api('POST', `/api/v1/tickets/${key}/transitions`, {
      token: infra,
      body: { name: 'resolve', comment: 'Firmware rolled back.' },
    });
    expect(resolved.status).toBe(200);
    const body = await eventually(async () => {
      const current = await summary();
      return component(current, 'Remote VPN').status === 'operational' ? current : undefined;
    }, 'the VPN operational again');
    expect(body.status.indicator).toBe('none');
    expect(body.incidents).toEqual([]);

    const history = await page('/status/history');
    expect(history).toContain('We are investigating failed VPN connections.');
    expect(history).toContain('Resolved');
    const feed = await t.api('GET', '/status/feed.atom');
    expect(feed.headers['content-type']).toContain('application/atom+xml');
    expect(feed.body).toContain(`/status/incidents/${key}`);
    expect(feed.body).not.toContain('firmware 17.3.4');

    // The recorder kept the outage: today's bar of the VPN shows it.
    const html = await eventually(async () => {
      const current = await page();
      return current.includes('b-major_outage') ? current : undefined;
    }, 'the outage in the bars');
    expect(html).toMatch(/Remote VPN[\s\S]*b-major_outage/);
    expect((await t.api('GET', '/status/incidents/INC-99999')).status).toBe(404);
  });
});

describe('maintenance', () => {
  it('a public maintenance window puts its services under maintenance and lists it', async () => {
    const now = Date.now();
    windows.push({
      id: 'chg-1',
      reference: 'CHG-1',
      name: 'Mail server upgrade',
      description: 'Mail may be slow while we upgrade.',
      scheduledFor: new Date(now - 60_000),
      scheduledUntil: new Date(now + 3_600_000),
      serviceIds: [ci.mail!],
      status: 'in_progress',
      createdAt: new Date(now - 86_400_000),
      updatedAt: new Date(now - 60_000),
    });
    // A change of CIs drops the cached page (the source is not a table this test changes).
    await t.api('PATCH', `/api/v1/cis/${ci.dns}`, {
      token: infra,
      body: { attributes: { description: 'Names' } },
    });
    const body = await eventually(async () => {
      const current = await summary();
      return component(current, 'Company mail').status === 'under_maintenance' ? current : undefined;
    }, 'mail under maintenance');
    expect(body.status.indicator).toBe('maintenance');
    expect(body.scheduled_maintenances).toHaveLength(1);
    expect(body.scheduled_maintenances[0]).toMatchObject({
      id: 'CHG-1',
      status: 'in_progress',
      impact: 'maintenance',
    });
    expect(await page()).toContain('Mail server upgrade');
    windows.length = 0;
  });
});

describe('internal status for signed-in people', () => {
  it('lists internal services too, and needs a sign-in', async () => {
    expect((await t.api('GET', '/api/v1/status')).status).toBe(401);
    const response = await t.api('GET', '/api/v1/status', { token: dev });
    expect(response.status).toBe(200);
    const names = response.body.services.map((service: { name: string }) => service.name);
    expect(names).toEqual(expect.arrayContaining(['Engineering wiki', 'Remote VPN']));
    expect(response.body.services.find((s: { name: string }) => s.name === 'Engineering wiki').public).toBe(
      false,
    );
  });
});
