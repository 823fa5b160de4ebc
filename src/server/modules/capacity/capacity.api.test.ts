// Capacity through the HTTP API on a real PostgreSQL, on a test clock: pushed samples are refused
// whole when a CI is unknown or a value is not finite (naming the field); a disk filling at a known
// rate with a weekly rhythm is forecast to reach its threshold when it truly does (± 2 days); the
// rule opens one problem on the CI (not two); the service's plan shows the CI's headroom and that
// problem; raw samples age into hourly and daily buckets without changing their mean.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../testing/harness.js';
import { downsample } from './capacity.service.js';

let t: TestApp;
let infra: string;
let admin: string;
const start = Date.parse('2026-01-05T00:00:00Z'); // a Monday
const DAY = 86_400_000;
let nowMs = start + 60 * DAY;
const ids: Record<string, string> = {};

// Disk used on orders-db, in percent: 40 % + 0.5 a day, 3 points higher on weekdays.
const disk = (day: number) => 40 + 0.5 * day + (day % 7 < 5 ? 3 : 0);

async function call(token: string, method: 'GET' | 'POST', path: string, body?: unknown, status = 200) {
  const response = await t.api(method, path, { token, body });
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  return response.body;
}

beforeAll(async () => {
  t = await startTestApp({ clock: { now: () => new Date(nowMs) } });
  infra = await t.login('infra@opsdesk.local');
  admin = await t.login('admin@opsdesk.local');
  for (const [name, cls] of [
    ['Orders', 'service'],
    ['orders-db', 'database'],
    ['orders-web', 'server'],
  ] as const)
    ids[name] = (
      await call(infra, 'POST', '/api/v1/cis', { name, class: cls, team: 'infrastructure' }, 201)
    ).id;
  await call(
    infra,
    'POST',
    `/api/v1/cis/${ids.Orders}/relations`,
    { type: 'depends_on', target: ids['orders-db'] },
    201,
  );
  await call(
    infra,
    'POST',
    `/api/v1/cis/${ids.Orders}/relations`,
    { type: 'depends_on', target: ids['orders-web'] },
    201,
  );
}, 60_000);
afterAll(async () => {
  await t?.close();
});

describe('capacity', () => {
  it('refuses a batch with an unknown CI or a non-finite value, naming the field, and stores none of it', async () => {
    const unknown = await t.api('POST', '/api/v1/capacity/samples', {
      token: infra,
      body: {
        samples: [
          { ci: 'orders-db', metric: 'disk', value: 1 },
          { ci: 'no-such-host', metric: 'disk', value: 2 },
        ],
      },
    });
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(unknown.body)).toContain('samples.1.ci');

    const infinite = await t.api('POST', '/api/v1/capacity/samples', {
      token: infra,
      body: `{"samples":[{"ci":"orders-db","metric":"disk","value":1},{"ci":"orders-db","metric":"disk","value":1e999}]}`,
      headers: { 'content-type': 'application/json' },
    });
    expect(infinite.status).toBe(400);
    expect(JSON.stringify(infinite.body)).toContain('samples.1.value');

    const badName = await t.api('POST', '/api/v1/capacity/samples', {
      token: infra,
      body: { samples: [{ ci: 'orders-db', metric: 'Disk Used!', value: 1 }] },
    });
    expect(badName.status).toBe(400);
    expect(JSON.stringify(badName.body)).toContain('samples.0.metric');

    const forecast = await t.api('GET', '/api/v1/capacity/forecast?ci=orders-db&metric=disk', {
      token: infra,
    });
    expect(forecast.status).toBe(400);
    expect(JSON.stringify(forecast.body)).toContain('too few samples');
  });

  it('a filling disk: the forecast says when it reaches 90 %, and the rule opens one problem on the CI', async () => {
    const samples = Array.from({ length: 60 }, (_, day) => ({
      ci: 'orders-db',
      metric: 'disk',
      value: disk(day),
      at: new Date(start + day * DAY).toISOString(),
    }));
    samples.push(
      ...Array.from({ length: 60 }, (_, day) => ({
        ci: `database/orders-db`,
        metric: 'connections',
        value: 100 + (day % 7),
        at: new Date(start + day * DAY).toISOString(),
      })),
    );
    expect(await call(infra, 'POST', '/api/v1/capacity/samples', { samples }, 202)).toEqual({
      accepted: 120,
      cis: 1,
    });
    nowMs = start + 59 * DAY; // the last sample is today's

    const forecast = await call(
      infra,
      'GET',
      '/api/v1/capacity/forecast?ci=orders-db&metric=disk&threshold=90',
    );
    expect(forecast).toMatchObject({ step: 'day', season: 7, engine: 'holt-winters', threshold: 90 });
    let day = 59;
    while (disk(day) < 90) day++;
    const trueDays = day - 59;
    expect(Math.abs(forecast.crossing.expectedDays - trueDays)).toBeLessThanOrEqual(2);
    expect(forecast.crossing.earliestDays).toBeLessThanOrEqual(forecast.crossing.expectedDays);
    expect(forecast.forecast).toHaveLength(60);

    const viaAugurs = await call(
      infra,
      'GET',
      '/api/v1/capacity/forecast?ci=orders-db&metric=disk&threshold=90&engine=augurs',
    );
    expect(viaAugurs.engine).toBe('augurs');
    expect(Math.abs(viaAugurs.crossing.expectedDays - trueDays)).toBeLessThanOrEqual(5);

    // Agents may not make rules.
    expect(
      (
        await t.api('POST', '/api/v1/capacity/rules', {
          token: infra,
          body: { metric: 'disk', threshold: 90, withinDays: 30 },
        })
      ).status,
    ).toBe(403);
    await call(
      admin,
      'POST',
      '/api/v1/capacity/rules',
      { metric: 'disk', threshold: 90, withinDays: 120 },
      201,
    );
    await call(
      admin,
      'POST',
      '/api/v1/capacity/rules',
      { metric: 'connections', threshold: 500, withinDays: 30 },
      201,
    );
    const evaluation = await call(admin, 'POST', '/api/v1/capacity/rules/evaluate');
    expect(evaluation.checked).toBe(2);
    expect(evaluation.opened).toEqual([
      expect.objectContaining({ ci: 'orders-db', metric: 'disk', problem: expect.stringMatching(/^PRB-/) }),
    ]);
    const key = evaluation.opened[0].problem;
    const problem = await call(infra, 'GET', `/api/v1/tickets/${key}`);
    expect(problem.title).toContain('orders-db disk reaches 90');
    expect(JSON.stringify(problem)).toContain('95 % interval');

    // Evaluated again (the hourly job): no second problem.
    expect((await call(admin, 'POST', '/api/v1/capacity/rules/evaluate')).opened).toEqual([]);

    // The service's plan: its CIs' metrics, least headroom first, with the problem.
    const plan = await call(infra, 'GET', '/api/v1/capacity/services/Orders/plan');
    expect(plan.service.name).toBe('Orders');
    expect(plan.rows[0]).toMatchObject({
      ci: { name: 'orders-db' },
      metric: 'disk',
      threshold: 90,
      problem: key,
    });
    expect(plan.rows[0].headroom).toBeCloseTo(90 - disk(59), 6);
    expect(plan.rows[1]).toMatchObject({ metric: 'connections', threshold: 500, problem: null });
    expect(plan.rows[1].crossing.expectedDays).toBeNull();
  });

  it('raw samples older than a week become hourly buckets and those older than 90 days daily ones, means kept', async () => {
    const base = start + 70 * DAY;
    const samples = Array.from({ length: 120 }, (_, i) => ({
      ci: 'orders-web',
      metric: 'cpu',
      value: i % 2 === 0 ? 20 : 40, // every minute, two hours: mean 30
      at: new Date(base + i * 60_000).toISOString(),
    }));
    await call(infra, 'POST', '/api/v1/capacity/samples', { samples }, 202);
    const count = async (resolution: string) =>
      Number(
        (
          await t.context.db.execute<{ n: string }>(
            `select count(*) as n from capacity_samples where metric = 'cpu' and resolution = '${resolution}'` as never,
          )
        ).rows[0]!.n,
      );
    expect(await count('raw')).toBe(120);
    await downsample(t.context.db, new Date(base + 8 * DAY));
    expect([await count('raw'), await count('hour')]).toEqual([0, 2]);
    await downsample(t.context.db, new Date(base + 92 * DAY));
    expect([await count('hour'), await count('day')]).toEqual([0, 1]);
    const row = (
      await t.context.db.execute<{ mean: number; min: number; max: number }>(
        `select sum / count as mean, min, max from capacity_samples where metric = 'cpu'` as never,
      )
    ).rows[0]!;
    expect(row).toEqual({ mean: 30, min: 20, max: 40 });
  });
});
