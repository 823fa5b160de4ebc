// The availability report through the HTTP API on a real PostgreSQL: an incident opened on a
// service and resolved shows as one outage of its duration; bad input is refused naming the field.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../testing/harness.js';

let t: TestApp;
let infra: string;
let serviceId: string;

beforeAll(async () => {
  t = await startTestApp();
  infra = await t.login('infra@opsdesk.local');
  const created = await t.api('POST', '/api/v1/cis', {
    token: infra,
    body: { class: 'service', name: 'Payroll Gateway', team: 'infrastructure' },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  serviceId = created.body.id;
});
afterAll(async () => {
  await t?.close();
});

describe('GET /api/v1/reports/availability', () => {
  it('an incident opened then resolved on a service: below 100 %, one outage, MTTR its duration', async () => {
    const now = Date.now();
    const from = new Date(now - 24 * 3600_000).toISOString();
    const before = await t.api('GET', `/api/v1/reports/availability?service=${serviceId}&from=${from}`, {
      token: infra,
    });
    expect(before.status, JSON.stringify(before.body)).toBe(200);
    expect(before.body).toMatchObject({
      availabilityPercent: 100,
      outages: 0,
      mttrSeconds: null,
      mtbfSeconds: null,
    });

    const opened = await t.api('POST', '/api/v1/incidents', {
      token: infra,
      body: {
        title: 'Payroll gateway down',
        service: 'Payroll Gateway',
        impact: 'high',
        urgency: 'high',
        impactStartedAt: new Date(now - 2 * 3600_000).toISOString(),
      },
    });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    const resolved = await t.api('POST', `/api/v1/tickets/${opened.body.key}/transitions`, {
      token: infra,
      body: { name: 'resolve', comment: 'Gateway restarted.' },
    });
    expect(resolved.status, JSON.stringify(resolved.body)).toBe(200);

    // The service named instead of its id; `to` after the resolution.
    const to = new Date(Date.now() + 1000).toISOString();
    const report = await t.api(
      'GET',
      `/api/v1/reports/availability?service=Payroll%20Gateway&from=${from}&to=${encodeURIComponent(to)}`,
      { token: infra },
    );
    expect(report.status, JSON.stringify(report.body)).toBe(200);
    const body = report.body;
    expect(body.service).toEqual({ id: serviceId, name: 'Payroll Gateway' });
    expect(body.outages).toBe(1);
    expect(body.availabilityPercent).toBeLessThan(100);
    expect(body.mttrSeconds).toBeGreaterThan(2 * 3600 - 60);
    expect(body.mttrSeconds).toBeLessThan(2 * 3600 + 60);
    // A day with two hours down: about 91.7 %.
    expect(body.availabilityPercent).toBeCloseTo((1 - body.downSeconds / body.agreedSeconds) * 100, 6);
    expect(body.availabilityPercent).toBeGreaterThan(91);
    expect(body.availabilityPercent).toBeLessThan(92);
    expect(body.intervals).toHaveLength(1);
    expect(body.intervals[0]).toMatchObject({
      worst: 'major_outage',
      ongoing: false,
      incidents: [opened.body.key],
    });

    const csv = await t.api(
      'GET',
      `/api/v1/reports/availability?service=${serviceId}&from=${from}&format=csv`,
      {
        token: infra,
      },
    );
    expect(csv.status).toBe(200);
    expect(String(csv.body)).toContain(opened.body.key);
  });

  it('refuses a period ending before it starts, an unknown service and a bad weight, naming the field', async () => {
    const backwards = await t.api(
      'GET',
      `/api/v1/reports/availability?service=${serviceId}&from=2026-03-10&to=2026-03-01`,
      { token: infra },
    );
    expect(backwards.status).toBe(400);
    expect(JSON.stringify(backwards.body)).toMatch(/from|to/);

    const unknown = await t.api('GET', '/api/v1/reports/availability?service=No%20Such%20Service', {
      token: infra,
    });
    expect(unknown.status).toBeGreaterThanOrEqual(400);
    expect(unknown.status).toBeLessThan(500);
    expect(JSON.stringify(unknown.body)).toContain('service');

    const weight = await t.api('GET', `/api/v1/reports/availability?service=${serviceId}&partialWeight=2`, {
      token: infra,
    });
    expect(weight.status).toBe(400);
    expect(JSON.stringify(weight.body)).toContain('partialWeight');

    const missing = await t.api('GET', '/api/v1/reports/availability', { token: infra });
    expect(missing.status).toBe(400);
    expect(JSON.stringify(missing.body)).toContain('service');
  });
});
