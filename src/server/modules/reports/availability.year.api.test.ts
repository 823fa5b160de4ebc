// Availability of a service over a seeded year, through the API on a real PostgreSQL: one major
// outage a month, the k-th lasting k hours (78 h in all), plus an overlapping second incident in
// June that must not be counted twice; the year's figures are computed by hand.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../testing/harness.js';

let t: TestApp;
let infra: string;
let nowMs = Date.parse('2025-01-01T00:00:00Z');
const H = 3600;

async function call(method: 'GET' | 'POST', path: string, body?: unknown, status = 200) {
  const response = await t.api(method, path, { token: infra, body });
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  return response.body;
}

beforeAll(async () => {
  t = await startTestApp({ clock: { now: () => new Date(nowMs) } });
  infra = await t.login('infra@opsdesk.local');
  await call('POST', '/api/v1/cis', { name: 'Billing', class: 'service', team: 'infrastructure' }, 201);
  for (let month = 0; month < 12; month++) {
    const startedAt = Date.UTC(2025, month, 10, 3, 0, 0);
    nowMs = startedAt;
    infra = await t.login('infra@opsdesk.local'); // a session lasts less than the year
    const incident = await call(
      'POST',
      '/api/v1/incidents',
      { title: `Billing down (${month + 1})`, service: 'Billing', impact: 'high', urgency: 'high' },
      201,
    );
    let overlapping: { key: string } | null = null;
    if (month === 5) {
      nowMs += 30 * 60_000; // a second report of the same outage, 30 min in
      overlapping = await call(
        'POST',
        '/api/v1/incidents',
        { title: 'Invoices fail', service: 'Billing', impact: 'high', urgency: 'high' },
        201,
      );
    }
    nowMs = startedAt + (month + 1) * H * 1000;
    await call('POST', `/api/v1/tickets/${incident.key}/transitions`, { name: 'resolve', comment: 'Up.' });
    if (overlapping)
      await call('POST', `/api/v1/tickets/${overlapping.key}/transitions`, {
        name: 'resolve',
        comment: 'Up.',
      });
  }
  nowMs = Date.parse('2026-01-15T00:00:00Z');
  infra = await t.login('infra@opsdesk.local');
}, 120_000);
afterAll(async () => {
  await t?.close();
});

describe('availability over a seeded year', () => {
  it('12 outages of 1…12 h in 2025: 78 h down of 8,760, MTTR 6.5 h, MTBF (8,760 − 78) ÷ 12 h', async () => {
    const report = await call(
      'GET',
      '/api/v1/reports/availability?service=Billing&from=2025-01-01&to=2025-12-31&target=99',
    );
    expect(report).toMatchObject({
      agreedSeconds: 8760 * H,
      downSeconds: 78 * H,
      outages: 12,
      mttrSeconds: 6.5 * H,
      mtbfSeconds: ((8760 - 78) / 12) * H,
    });
    expect(report.availabilityPercent).toBeCloseTo(((8760 - 78) / 8760) * 100, 8);
    expect(report.intervals).toHaveLength(12);
    expect(report.intervals[5].incidents).toHaveLength(2);
    // 1 % of the year is 87.6 h: 9.6 h left.
    expect(report.errorBudget.remainingSeconds).toBeCloseTo(9.6 * H, 4);

    const csv = await t.api(
      'GET',
      '/api/v1/reports/availability?service=Billing&from=2025-01-01&to=2025-12-31&format=csv',
      {
        token: infra,
      },
    );
    expect(String(csv.body).trim().split('\n')).toHaveLength(13);
  });
});
