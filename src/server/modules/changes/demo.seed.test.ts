// The change calendar and the CAB agenda are not empty on a demo start: an authorized upgrade in
// the coming week, the router replacement waiting for the CAB, a standard change done last week
// and an emergency change implemented yesterday; seeding twice adds nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../db/client.js';
import { startTestApp, type TestApp } from '../../testing/harness.js';
import { seedEventsDemo } from '../events/index.js';
import { seedIncidentDemo } from '../incidents/index.js';
import { demoChangeTitles, seedChangesDemo } from './index.js';

let t: TestApp;
let lead: string;
const now = new Date('2026-05-13T06:30:00Z');
const day = 24 * 3_600_000;

beforeAll(async () => {
  t = await startTestApp({ clock: { now: () => now } });
  lead = await t.login('lead@opsdesk.local');
  await seedIncidentDemo(t.context, systemActor('demo-seed'));
  await seedEventsDemo(t.context, systemActor('demo-seed'));
  await seedChangesDemo(t.context, systemActor('demo-seed'));
});

afterAll(async () => {
  await t?.close();
});

async function get(path: string) {
  const response = await t.api('GET', path, { token: lead });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body;
}

const weekAhead = () =>
  get(
    `/api/v1/changes/calendar?from=${now.toISOString()}&to=${new Date(now.getTime() + 7 * day).toISOString()}`,
  );

describe('the changes demo', () => {
  it('puts the authorized finance-app upgrade on the coming week’s calendar', async () => {
    const calendar = await weekAhead();
    const upgrade = calendar.changes.find((change: any) => change.title === demoChangeTitles.upgrade);
    expect(upgrade).toMatchObject({ type: 'normal', status: 'scheduled', cis: [{ name: 'finance-app' }] });
    expect(Date.parse(upgrade.plannedStart)).toBeGreaterThan(now.getTime());
    expect(upgrade.conflicts).toEqual([]);
    expect(calendar.changes.find((change: any) => change.title === demoChangeTitles.router)).toMatchObject({
      status: 'authorize',
    });
  });

  it('lists the router replacement on the CAB agenda, waiting for two approvals', async () => {
    const agenda = await get('/api/v1/changes/cab-agenda');
    expect(agenda.map((entry: any) => entry.title)).toEqual([demoChangeTitles.router]);
    expect(agenda[0]).toMatchObject({
      approvalPath: 'cab',
      riskLevel: 'high',
      cis: [{ name: 'rtr-jkt-01' }],
      approvals: { approved: 0, required: 2 },
    });
  });

  it('has a standard change closed last week and an emergency change implemented yesterday', async () => {
    const calendar = await get(
      `/api/v1/changes/calendar?from=${new Date(now.getTime() - 10 * day).toISOString()}&to=${now.toISOString()}`,
    );
    const byTitle = new Map(calendar.changes.map((change: any) => [change.title, change]));
    expect(byTitle.get(demoChangeTitles.patched)).toMatchObject({ type: 'standard', status: 'closed' });
    expect(byTitle.get(demoChangeTitles.emergency)).toMatchObject({ type: 'emergency', status: 'review' });
    const emergency = await get(`/api/v1/tickets/${(byTitle.get(demoChangeTitles.emergency) as any).key}`);
    expect(emergency.change.outcome).toBe('successful');
    const started = Date.parse(emergency.change.actualStart);
    expect(now.getTime() - started).toBeGreaterThan(day / 4);
    expect(now.getTime() - started).toBeLessThan(2 * day);
    const patched = await get(`/api/v1/tickets/${(byTitle.get(demoChangeTitles.patched) as any).key}`);
    expect(Date.parse(patched.change.actualEnd)).toBeLessThan(now.getTime() - 6 * day);
    expect(patched.change.override).toBeNull();
  });

  it('is idempotent', async () => {
    const before = (await get('/api/v1/changes?limit=100')).length;
    expect(before).toBe(4);
    await seedChangesDemo(t.context, systemActor('demo-seed'));
    expect((await get('/api/v1/changes?limit=100')).length).toBe(before);
    expect((await weekAhead()).changes).toHaveLength(2);
  });
});
