// Alerts become incidents, with the worker running: a storm of 50 alerts on a router and the
// servers behind it opens one incident naming the router as probable root cause, and resolves it
// when every alert has resolved; maintenance and silences hold alerts back; binding rules bind
// the unbound; flapping is noticed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../testing/harness.js';
import { waitForStatus } from '../../testing/tickets.js';
import { amAlert, amMessage } from './payloads.testing.js';

let t: TestApp;
let admin: string;
let infra: string;
let amPath: string;
const servers = Array.from({ length: 49 }, (_, i) => `srv-jkt-${String(i + 1).padStart(2, '0')}`);

async function post(path: string, body: unknown, token = infra) {
  const response = await t.api('POST', path, { token, body });
  expect(response.status, `${path}: ${JSON.stringify(response.body)}`).toBeLessThan(300);
  return response.body;
}

async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, what: string): Promise<T> {
  // Generous: the storm's correlation runs on one queue, slow on a busy CI machine.
  const deadline = Date.now() + 90_000;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await read();
    if (ok(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}: ${JSON.stringify(last)}`);
}

const alertsOf = async (query: string) =>
  (await t.api('GET', `/api/v1/alerts?limit=500&${query}`, { token: infra })).body as any[];

beforeAll(async () => {
  t = await startTestApp({ worker: true });
  [admin, infra] = await Promise.all(['admin', 'infra'].map((name) => t.login(`${name}@opsdesk.local`)));
  const site = await post('/api/v1/cis', {
    class: 'site',
    name: 'Jakarta',
    attributes: { city: 'Jakarta', country: 'ID' },
  });
  const router = await post('/api/v1/cis', {
    class: 'network_device',
    name: 'rtr-jkt-01',
    site: 'Jakarta',
    team: 'infrastructure',
  });
  const payroll = await post('/api/v1/cis', {
    class: 'service',
    name: 'Payroll',
    attributes: { criticality: 1 },
  });
  for (const name of servers) {
    const server = await post('/api/v1/cis', { class: 'server', name, site: 'Jakarta' });
    await post(`/api/v1/cis/${server.id}/relations`, { type: 'depends_on', target: router.id });
    if (name === 'srv-jkt-01')
      await post(`/api/v1/cis/${payroll.id}/relations`, { type: 'depends_on', target: server.id });
  }
  expect(site.id).toBeDefined();
  const am = await post('/api/v1/integrations', { kind: 'alertmanager', name: 'Prometheus Jakarta' }, admin);
  amPath = new URL(am.url).pathname + new URL(am.url).search;
});

afterAll(async () => {
  await t?.close();
});

describe('an alert storm', () => {
  it('opens one incident for 50 alerts, naming the router as probable root cause, and resolves it', async () => {
    const serverAlerts = servers.map((name) =>
      amAlert({ alertname: 'NodeUnreachable', instance: `${name}:9100`, severity: 'critical' }),
    );
    // The servers' alerts come first (in two groups), the router's last: the root cause is still the router.
    await post(amPath, amMessage(serverAlerts.slice(0, 25)));
    await post(amPath, amMessage(serverAlerts.slice(25)));
    await post(
      amPath,
      amMessage([amAlert({ alertname: 'InterfaceDown', instance: 'rtr-jkt-01', severity: 'critical' })]),
    );

    const linked = await until(
      () => alertsOf('open=true&site=Jakarta'),
      (alerts) => alerts.length === 50 && alerts.every((alert) => alert.incident),
      'every alert linked to an incident',
    );
    const keys = new Set(linked.map((alert) => alert.incident));
    expect(keys.size).toBe(1);
    const [key] = [...keys] as string[];
    const incident = (await t.api('GET', `/api/v1/tickets/${key}`, { token: infra })).body;
    expect(incident.kind).toBe('incident');
    expect(incident.priority).toBe('critical');
    expect(incident.incident.source).toBe('event');
    expect(incident.cis.map((ci: { name: string }) => ci.name)).toContain('rtr-jkt-01');
    expect(incident.services.map((service: { name: string }) => service.name)).toContain('Payroll');
    const rootCauses = incident.incident.timeline.filter((entry: { body: string }) =>
      entry.body.startsWith('Probable root cause'),
    );
    expect(rootCauses.at(-1).body).toBe(
      'Probable root cause: rtr-jkt-01 (network_device): 49 other alerting CIs depend on it.',
    );
    const detail = (await t.api('GET', `/api/v1/alerts/${linked[0].id}`, { token: infra })).body;
    expect(detail.rootCause).toMatchObject({ name: 'rtr-jkt-01' });

    // Everything resolves: so does the incident.
    await post(
      amPath,
      amMessage([
        ...serverAlerts.map((alert) => ({ ...alert, status: 'resolved' as const })),
        {
          ...amAlert({ alertname: 'InterfaceDown', instance: 'rtr-jkt-01', severity: 'critical' }),
          status: 'resolved' as const,
        },
      ]),
    );
    const resolved = await waitForStatus(t, infra, key!, 'resolved', 60_000);
    expect(resolved.comments.at(-1).body).toContain('All 50 alerts of this incident have resolved');
  }, 180_000);
});

describe('holding alerts back', () => {
  it('an alert on a CI behind one under declared maintenance is recorded but opens no incident', async () => {
    const now = Date.now();
    const window = await post('/api/v1/maintenance-windows', {
      name: 'Router firmware upgrade',
      cis: ['rtr-jkt-01'],
      startsAt: new Date(now - 60_000).toISOString(),
      endsAt: new Date(now + 3_600_000).toISOString(),
    });
    expect(window.active).toBe(true);
    await post(
      amPath,
      amMessage([
        amAlert(
          { alertname: 'HighLatency', instance: 'srv-jkt-07:9100', severity: 'critical' },
          { startsAt: '2026-12-06T11:00:00Z' },
        ),
      ]),
    );
    const [alert] = await alertsOf('q=HighLatency');
    expect(alert).toMatchObject({
      status: 'maintenance',
      suppressedBy: `maintenance:${window.id}`,
      incident: null,
    });
    // No incident is opened for it, even after the worker had its chance.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await alertsOf('q=HighLatency'))[0].incident).toBeNull();
  });

  it('an alert on a CI under an approved change inside its window is expected, not an incident', async () => {
    await post('/api/v1/cis', { class: 'server', name: 'srv-solo-01' });
    const change = await post('/api/v1/changes', {
      type: 'standard',
      title: 'Kernel update on srv-solo-01',
      cis: ['srv-solo-01'],
      plannedStart: new Date(Date.now() + 4_000).toISOString(),
      plannedEnd: new Date(Date.now() + 3_600_000).toISOString(),
      submit: true,
    });
    expect(change.status).toBe('scheduled');
    const alertOn = (alertname: string) =>
      post(amPath, amMessage([amAlert({ alertname, instance: 'srv-solo-01:9100', severity: 'critical' })]));
    // Before the window opens the alert is an ordinary one; inside it, the change explains it.
    await alertOn('RebootBefore');
    await new Promise((resolve) => setTimeout(resolve, 4_500));
    await alertOn('RebootDuring');
    const [during] = await alertsOf('q=RebootDuring');
    expect(during).toMatchObject({
      status: 'maintenance',
      suppressedBy: `change:${change.key}`,
      incident: null,
    });
    const [before] = await alertsOf('q=RebootBefore');
    expect(before.status).toBe('firing');
  });

  it('a silence by label suppresses matching alerts', async () => {
    await post('/api/v1/silences', {
      matchers: [{ label: 'alertname', value: 'Noisy.*', regex: true }],
      endsAt: new Date(Date.now() + 3_600_000).toISOString(),
      comment: 'known noise',
    });
    await post(
      amPath,
      amMessage([amAlert({ alertname: 'NoisyCheck', instance: 'elsewhere', severity: 'critical' })]),
    );
    const [alert] = await alertsOf('q=NoisyCheck');
    expect(alert.status).toBe('suppressed');
    expect(alert.suppressedBy).toMatch(/^silence:/);
    const refused = await t.api('POST', '/api/v1/silences', {
      token: infra,
      body: {
        matchers: [{ label: 'a', value: '(', regex: true }],
        endsAt: new Date(Date.now() + 60_000).toISOString(),
        comment: 'x',
      },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toContain('matchers.0.value');
  });
});

describe('binding', () => {
  it('lists unbound alerts; a new rule binds them', async () => {
    await post(
      amPath,
      amMessage([amAlert({ alertname: 'Swap', node: 'srv-jkt-30.jkt.example.com', severity: 'warning' })]),
    );
    const [unbound] = await alertsOf('unbound=true&q=Swap');
    expect(unbound.ci).toBeNull();
    const rule = await t.api('POST', '/api/v1/alert-binding-rules', {
      token: admin,
      body: { name: 'node FQDN → server', label: 'node', pattern: '^([^.]+)\\.', class: 'server' },
    });
    expect(rule.status, JSON.stringify(rule.body)).toBe(201);
    const bad = await t.api('POST', '/api/v1/alert-binding-rules', {
      token: admin,
      body: { name: 'broken', label: 'node', pattern: '([' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('pattern');
    const applied = await post('/api/v1/alert-binding-rules/apply', undefined, admin);
    expect(applied.bound).toBeGreaterThanOrEqual(1);
    const [bound] = await alertsOf('q=Swap');
    expect(bound.ci).toMatchObject({ name: 'srv-jkt-30' });
    expect(bound.site).toMatchObject({ name: 'Jakarta' });
    // A new alert is bound by the rule as it arrives (the message's alerts are bound together),
    // with the nearest service its CI reaches; a CI named by class/name binds too.
    await post(
      amPath,
      amMessage([
        amAlert({ alertname: 'Inode', node: 'srv-jkt-01.jkt.example.com', severity: 'warning' }),
        amAlert({ alertname: 'Fan', ci: 'network_device/RTR-JKT-01', severity: 'warning' }),
        amAlert({ alertname: 'Clock', node: 'nowhere.example.com', severity: 'warning' }),
      ]),
    );
    const [inode] = await alertsOf('q=Inode');
    expect(inode.ci).toMatchObject({ name: 'srv-jkt-01' });
    expect(inode.service).toMatchObject({ name: 'Payroll' });
    const [fan] = await alertsOf('q=Fan');
    expect(fan.ci).toMatchObject({ name: 'rtr-jkt-01' });
    expect(fan.site).toMatchObject({ name: 'Jakarta' });
    const [clock] = await alertsOf('q=Clock');
    expect(clock.ci).toBeNull();
  });
});

describe('flapping', () => {
  it('an alert that keeps firing and resolving is marked flapping', async () => {
    const labels = { alertname: 'Flappy', instance: 'srv-jkt-40', severity: 'warning' };
    for (let i = 0; i < 4; i++) {
      const startsAt = `2026-12-06T12:0${i}:00Z`;
      await post(amPath, amMessage([amAlert(labels, { startsAt })]));
      await post(amPath, amMessage([amAlert(labels, { startsAt, status: 'resolved' })]));
    }
    const [alert] = await alertsOf('q=Flappy');
    expect(alert.flapping).toBe(true);
    expect(alert.occurrences).toBe(4);
  });
});
