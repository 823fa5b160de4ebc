// The event console is not empty on a demo start: an integration, alerts bound to CIs, one
// incident made from a storm with the router as probable root cause; seeding twice adds nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../db/client.js';
import { startTestApp, type TestApp } from '../../testing/harness.js';
import { seedIncidentDemo } from '../incidents/index.js';
import { seedEventsDemo } from './index.js';

let t: TestApp;
let infra: string;

beforeAll(async () => {
  t = await startTestApp();
  infra = await t.login('infra@opsdesk.local');
  await seedIncidentDemo(t.context, systemActor('demo-seed'));
  await seedEventsDemo(t.context, systemActor('demo-seed'));
});

afterAll(async () => {
  await t?.close();
});

describe('the events demo', () => {
  it('fills the console: bound alerts, one storm incident naming the router, an unbound alert', async () => {
    const alerts = (await t.api('GET', '/api/v1/alerts?limit=100', { token: infra })).body as any[];
    expect(alerts).toHaveLength(7);
    const storm = alerts.filter(
      (alert) =>
        ['rtr-jkt-01', 'app-jkt-01', 'app-jkt-02', 'finance-app'].includes(alert.ci?.name) &&
        alert.status === 'firing',
    );
    expect(storm).toHaveLength(4);
    const keys = new Set(storm.map((alert) => alert.incident));
    expect(keys.size).toBe(1);
    expect([...keys][0]).toMatch(/^INC-\d+$/);
    const detail = (await t.api('GET', `/api/v1/alerts/${storm[0].id}`, { token: infra })).body;
    expect(detail.rootCause).toMatchObject({ name: 'rtr-jkt-01' });
    const unbound = (await t.api('GET', '/api/v1/alerts?unbound=true', { token: infra })).body as any[];
    expect(unbound.map((alert) => alert.labels.instance)).toEqual(['prn-jkt-3f']);
    expect(alerts.find((alert) => alert.labels.alertname === 'PostgresConnectionsHigh')).toMatchObject({
      ci: { name: 'db-pay-01' },
      incident: null,
    });
  });

  it('is idempotent', async () => {
    await seedEventsDemo(t.context, systemActor('demo-seed'));
    const alerts = (await t.api('GET', '/api/v1/alerts?limit=100', { token: infra })).body as any[];
    expect(alerts).toHaveLength(7);
    const admin = await t.login('admin@opsdesk.local');
    const integrations = (await t.api('GET', '/api/v1/integrations', { token: admin })).body as any[];
    expect(integrations).toHaveLength(1);
  });
});
