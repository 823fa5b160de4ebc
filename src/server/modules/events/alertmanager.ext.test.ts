// A real Prometheus Alertmanager (Debian's prometheus-alertmanager, installed by .ci/run) pointed
// at Opsdesk: its webhook receiver is an Opsdesk integration URL, alerts are posted to
// Alertmanager's own API (/api/v2/alerts), and Opsdesk must store them, open the incident, ignore
// Alertmanager's re-sends of the same notification, and resolve them when Alertmanager says so.
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  alertmanagerMissing,
  type RunningAlertmanager,
  startAlertmanager,
} from '../../testing/fixtures/alertmanager.js';
import { startTestApp, type TestApp } from '../../testing/harness.js';
import { waitForStatus } from '../../testing/tickets.js';

const missing = alertmanagerMissing();
if (missing) console.warn(`Skipping the real-Alertmanager test: ${missing}.`);

let t: TestApp;
let am: RunningAlertmanager;
let admin: string;
let infra: string;

async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 60_000;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await read();
    if (ok(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}: ${JSON.stringify(last)}\n${am?.output() ?? ''}`);
}

const alertsOn = async (ci: string) =>
  (await t.api('GET', `/api/v1/alerts?limit=100&ci=${ci}`, { token: infra })).body as any[];

describe.skipIf(missing)('a real Alertmanager delivering to Opsdesk', () => {
  beforeAll(async () => {
    t = await startTestApp({ worker: true });
    [admin, infra] = await Promise.all(['admin', 'infra'].map((name) => t.login(`${name}@opsdesk.local`)));
    const server = await t.api('POST', '/api/v1/cis', {
      token: infra,
      body: { class: 'server', name: 'am-db-01' },
    });
    expect(server.status, JSON.stringify(server.body)).toBe(201);
    const integration = await t.api('POST', '/api/v1/integrations', {
      token: admin,
      body: { kind: 'alertmanager', name: 'Debian Alertmanager' },
    });
    expect(integration.status, JSON.stringify(integration.body)).toBe(201);
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = t.app.server.address() as AddressInfo;
    const given = new URL(integration.body.url);
    // The URL exactly as an admin copies it, on the port this test listens on.
    am = await startAlertmanager({
      webhookUrl: `http://127.0.0.1:${port}${given.pathname}${given.search}`,
      groupWait: '1s',
      groupInterval: '1s',
      // Alertmanager sends the same notification again every 2 s: at-least-once, as in production.
      repeatInterval: '2s',
    });
  });

  afterAll(async () => {
    await am?.stop();
    await t?.close();
  });

  it('stores the alert, opens one incident, ignores the re-sends and resolves it', async () => {
    const startsAt = new Date(Date.now() - 5_000).toISOString();
    const labels = { alertname: 'NodeDown', instance: 'am-db-01:9100', severity: 'critical', job: 'node' };
    await am.post([{ labels, annotations: { summary: 'am-db-01 is down' }, startsAt }]);

    const [stored] = await until(
      () => alertsOn('am-db-01'),
      (alerts) => alerts.length === 1 && Boolean(alerts[0].incident),
      'the alert stored and linked to an incident',
    );
    expect(stored).toMatchObject({
      status: 'firing',
      severity: 'critical',
      summary: 'am-db-01 is down',
      ci: { name: 'am-db-01' },
      integration: { kind: 'alertmanager' },
    });
    const incident = (await t.api('GET', `/api/v1/tickets/${stored.incident}`, { token: infra })).body;
    expect(incident.kind).toBe('incident');
    expect(incident.cis.map((ci: { name: string }) => ci.name)).toContain('am-db-01');

    // Alertmanager delivers the same notification again (repeat_interval): nothing changes.
    const delivered = await until(
      () => am.metric('alertmanager_notifications_total', 'integration="webhook"'),
      (count) => count >= 3,
      'three webhook deliveries by Alertmanager',
    );
    expect(await am.metric('alertmanager_notifications_failed_total', 'integration="webhook"')).toBe(0);
    const [again] = await alertsOn('am-db-01');
    expect(delivered).toBeGreaterThanOrEqual(3);
    expect(again).toMatchObject({
      id: stored.id,
      occurrences: 1,
      status: 'firing',
      incident: stored.incident,
    });
    const detail = (await t.api('GET', `/api/v1/alerts/${stored.id}`, { token: infra })).body;
    expect(detail.history).toHaveLength(1);

    // Resolved at Alertmanager (endsAt now): Opsdesk resolves the alert, then its incident.
    await am.post([
      { labels, annotations: { summary: 'am-db-01 is down' }, startsAt, endsAt: new Date().toISOString() },
    ]);
    const [resolved] = await until(
      () => alertsOn('am-db-01'),
      (alerts) => alerts[0]?.status === 'resolved',
      'the alert resolved',
    );
    expect(resolved).toMatchObject({ id: stored.id, status: 'resolved' });
    expect(resolved.resolvedAt).not.toBeNull();
    await waitForStatus(t, infra, stored.incident, 'resolved', 30_000);
  });
});
