// The availability report through the HTTP API on a real PostgreSQL, on a test clock: an incident
// opened on a service and resolved shows as one outage of its duration; a change implemented on what
// the service depends on is left out inside its approved window but its overrun counts; bad input
// is refused naming the field.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../testing/harness.js';

let t: TestApp;
let infra: string;
const ci: Record<string, string> = {};
const base = Date.parse('2026-03-02T08:00:00Z');
let offsetMinutes = 0;
let upgradeKey = '';
const now = () => new Date(base + offsetMinutes * 60_000);
const at = (minutes: number) => new Date(now().getTime() + minutes * 60_000).toISOString();
const H = 3600;

async function call(method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown, status = 200) {
  const response = await t.api(method, path, { token: infra, body });
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  return response.body;
}

beforeAll(async () => {
  t = await startTestApp({ clock: { now } });
  infra = await t.login('infra@opsdesk.local');
  const make = async (name: string, body: Record<string, unknown>) => {
    ci[name] = (await call('POST', '/api/v1/cis', { name, team: 'infrastructure', ...body }, 201)).id;
  };
  await make('Payroll Gateway', { class: 'service' });
  await make('Ledger', { class: 'service' });
  await make('ledger-db', { class: 'database' });
  await call(
    'POST',
    `/api/v1/cis/${ci.Ledger}/relations`,
    { type: 'depends_on', target: ci['ledger-db'] },
    201,
  );
});
afterAll(async () => {
  await t?.close();
});

describe('GET /api/v1/reports/availability', () => {
  it('an incident opened then resolved on a service: below 100 %, one outage, MTTR its duration', async () => {
    const from = at(-22 * 60); // the day ends at now + 2 h
    const to = at(2 * 60);
    const before = await call(
      'GET',
      `/api/v1/reports/availability?service=${ci['Payroll Gateway']}&from=${from}`,
    );
    expect(before).toMatchObject({
      availabilityPercent: 100,
      outages: 0,
      mttrSeconds: null,
      mtbfSeconds: null,
    });

    const opened = await call(
      'POST',
      '/api/v1/incidents',
      {
        title: 'Payroll gateway down',
        service: 'Payroll Gateway',
        impact: 'high',
        urgency: 'high',
        impactStartedAt: at(-2 * 60),
      },
      201,
    );
    offsetMinutes += 60; // restored an hour later: 3 h of impact
    await call('POST', `/api/v1/tickets/${opened.key}/transitions`, {
      name: 'resolve',
      comment: 'Restarted.',
    });
    offsetMinutes += 60; // the day is over

    // The service named instead of its id.
    const report = await call(
      'GET',
      `/api/v1/reports/availability?service=Payroll%20Gateway&from=${from}&to=${to}`,
    );
    expect(report.service).toEqual({ id: ci['Payroll Gateway'], name: 'Payroll Gateway' });
    expect(report).toMatchObject({
      outages: 1,
      mttrSeconds: 3 * H,
      mtbfSeconds: 21 * H,
      agreedSeconds: 24 * H,
      downSeconds: 3 * H,
    });
    expect(report.availabilityPercent).toBeCloseTo((21 / 24) * 100, 8);
    expect(report.errorBudget).toBeNull();
    const withTarget = await call(
      'GET',
      `/api/v1/reports/availability?service=Payroll%20Gateway&from=${from}&to=${to}&target=90`,
    );
    // 10 % of 24 h = 2.4 h allowed, 3 h spent.
    expect(withTarget.target).toBe(90);
    expect(withTarget.errorBudget.budgetSeconds).toBeCloseTo(2.4 * H, 6);
    expect(withTarget.errorBudget.remainingSeconds).toBeCloseTo(-0.6 * H, 6);
    expect(withTarget.errorBudget.burnRate).toBeCloseTo(1.25, 8);
    expect(report.intervals).toEqual([
      expect.objectContaining({
        worst: 'major_outage',
        ongoing: false,
        incidents: [opened.key],
        downSeconds: 3 * H,
      }),
    ]);

    const csv = await t.api(
      'GET',
      `/api/v1/reports/availability?service=${ci['Payroll Gateway']}&from=${from}&to=${to}&format=csv`,
      { token: infra },
    );
    expect(csv.status).toBe(200);
    expect(String(csv.body)).toContain(opened.key);
  });

  it('a change implemented on what the service depends on is maintenance inside its window; the overrun is down', async () => {
    const from = at(0);
    const change = await call(
      'POST',
      '/api/v1/changes',
      {
        type: 'standard',
        title: 'Upgrade ledger-db',
        cis: ['ledger-db'],
        plannedStart: at(60),
        plannedEnd: at(120),
        submit: true,
      },
      201,
    );
    expect(change.status).toBe('scheduled');
    upgradeKey = change.key;
    offsetMinutes += 70; // the window opened 10 min ago
    await call('POST', `/api/v1/changes/${change.key}/transitions`, { name: 'start' });
    offsetMinutes += 30;
    const incident = await call(
      'POST',
      '/api/v1/incidents',
      { title: 'Ledger down during the upgrade', service: 'Ledger', impact: 'high', urgency: 'high' },
      201,
    );
    offsetMinutes += 40; // 20 min past the planned end
    await call('POST', `/api/v1/tickets/${incident.key}/transitions`, {
      name: 'resolve',
      comment: 'Rolled back.',
    });
    await call('PATCH', `/api/v1/changes/${change.key}`, { outcome: 'backed_out' });
    await call('POST', `/api/v1/changes/${change.key}/transitions`, { name: 'finish' });
    offsetMinutes += 20;

    // Period: 160 min; maintenance 70–120 (50 min); the incident 100–140 is down only 120–140.
    const report = await call('GET', `/api/v1/reports/availability?service=Ledger&from=${from}&to=${at(0)}`);
    expect(report).toMatchObject({
      maintenanceSeconds: 50 * 60,
      maintenanceChanges: [change.key],
      agreedSeconds: 110 * 60,
      downSeconds: 20 * 60,
      outages: 1,
      mttrSeconds: 20 * 60,
    });
    expect(report.availabilityPercent).toBeCloseTo((90 / 110) * 100, 8);
  });

  it('a partial outage weighs 0.3 by default, or what partialWeight says', async () => {
    const from = at(0);
    const incident = await call(
      'POST',
      '/api/v1/incidents',
      { title: 'Payroll slow for some', service: 'Payroll Gateway', impact: 'high', urgency: 'medium' },
      201,
    );
    expect(incident.priority).toBe('high'); // → partial_outage
    offsetMinutes += 60;
    await call('POST', `/api/v1/tickets/${incident.key}/transitions`, { name: 'resolve', comment: 'Fixed.' });
    offsetMinutes += 60;
    const url = `/api/v1/reports/availability?service=Payroll%20Gateway&from=${from}&to=${at(0)}`;
    const byDefault = await call('GET', url);
    expect(byDefault).toMatchObject({ partialWeight: 0.3, downSeconds: H, outages: 1 });
    expect(byDefault.weightedDownSeconds).toBeCloseTo(0.3 * H, 6);
    expect(byDefault.availabilityPercent).toBeCloseTo((1 - 0.3 / 2) * 100, 8);
    const heavier = await call('GET', `${url}&partialWeight=0.5`);
    expect(heavier.availabilityPercent).toBeCloseTo(75, 8);
  });

  it('before and after the change: equal periods either side of its implementation', async () => {
    const incident = await call(
      'POST',
      '/api/v1/incidents',
      { title: 'Ledger down again', service: 'Ledger', impact: 'high', urgency: 'high' },
      201,
    );
    offsetMinutes += 10;
    await call('POST', `/api/v1/tickets/${incident.key}/transitions`, { name: 'resolve', comment: 'Again.' });
    offsetMinutes += 10;
    const comparison = await call(
      'GET',
      `/api/v1/reports/availability/change-comparison?service=Ledger&change=${upgradeKey.toLowerCase()}&days=1`,
    );
    expect(comparison.change.key).toBe(upgradeKey);
    expect(comparison.before).toMatchObject({ outages: 0, availabilityPercent: 100 });
    expect(Date.parse(comparison.before.to) - Date.parse(comparison.before.from)).toBe(24 * H * 1000);
    expect(comparison.before.to).toBe(comparison.change.implementedFrom);
    expect(comparison.after.from).toBe(comparison.change.implementedTo);
    expect(comparison.after).toMatchObject({ outages: 1, mttrSeconds: 600 });
    expect(comparison.after.intervals[0].incidents).toEqual([incident.key]);
    expect(comparison.delta.outages).toBe(1);
    expect(comparison.delta.availabilityPoints).toBeLessThan(0);

    const unknown = await t.api(
      'GET',
      `/api/v1/reports/availability/change-comparison?service=Ledger&change=CHG-99999`,
      { token: infra },
    );
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(unknown.body)).toContain('change');
  });

  it('within service hours: only time in the calendar counts (a 09–17 UTC weekday calendar)', async () => {
    const admin = await t.login('admin@opsdesk.local');
    const week = {
      mon: ['09:00-17:00'],
      tue: ['09:00-17:00'],
      wed: ['09:00-17:00'],
      thu: ['09:00-17:00'],
      fri: ['09:00-17:00'],
      sat: [],
      sun: [],
    };
    const put = await t.api('PUT', '/api/v1/sla/calendars/office-utc', {
      token: admin,
      body: { name: 'Office (UTC)', kind: 'business', timeZone: 'UTC', week },
    });
    expect(put.status, JSON.stringify(put.body)).toBeLessThan(300);
    // Monday 2026-03-02, now 15:00 UTC: Payroll Gateway was down 06:00–09:00 (before the hours) and
    // partly 11:20–12:20 (inside them). In hours: 09:00–15:00 agreed, one outage of 1 h.
    const url =
      '/api/v1/reports/availability?service=Payroll%20Gateway&from=2026-03-02T00:00:00Z&to=2026-03-03T00:00:00Z';
    const allHours = await call('GET', url);
    expect(allHours.calendar).toBeNull();
    const inHours = await call('GET', `${url}&calendar=office-utc`);
    expect(inHours.calendar).toEqual({ key: 'office-utc', name: 'Office (UTC)' });
    expect(allHours).toMatchObject({ outages: 2, downSeconds: 4 * H });
    expect(inHours).toMatchObject({
      outsideHoursSeconds: 9 * H,
      agreedSeconds: 6 * H,
      outages: 1,
      downSeconds: H,
    });

    const unknown = await t.api('GET', `${url}&calendar=no-such-calendar`, { token: infra });
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(unknown.body)).toContain('calendar');
  });

  it('refuses a period ending before it starts, an unknown service and a bad weight, naming the field', async () => {
    const backwards = await t.api(
      'GET',
      `/api/v1/reports/availability?service=${ci.Ledger}&from=2026-03-10&to=2026-03-01`,
      { token: infra },
    );
    expect(backwards.status).toBe(400);
    expect(JSON.stringify(backwards.body)).toMatch(/from|to/);

    const unknown = await t.api('GET', '/api/v1/reports/availability?service=No%20Such%20Service', {
      token: infra,
    });
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(unknown.body)).toContain('service');

    const weight = await t.api('GET', `/api/v1/reports/availability?service=${ci.Ledger}&partialWeight=2`, {
      token: infra,
    });
    expect(weight.status).toBe(400);
    expect(JSON.stringify(weight.body)).toContain('partialWeight');

    const missing = await t.api('GET', '/api/v1/reports/availability', { token: infra });
    expect(missing.status).toBe(400);
    expect(JSON.stringify(missing.body)).toContain('service');
  });
});
