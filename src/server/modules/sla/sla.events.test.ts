// SLA warnings and breaches raised by the real worker at the scheduled instants, policy and
// calendar edits re-measuring tickets, and the admin API's validation.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../testing/harness.js';
import { fileAndApprove, waitForStatus } from '../../testing/tickets.js';
import { configureSlaEvents, type SlaEvent } from './sla.events.js';

let t: TestApp;
let dev: string;
let lead: string;
let admin: string;
const heard: SlaEvent[] = [];

const resolvedStatuses = [
  { on: 'entered', status: 'waiting_for_customer' },
  { on: 'entered', status: 'closed' },
  { on: 'entered', status: 'cancelled' },
];
const fulfilment = (goalSeconds: number, warnAtShare = 0.8) => ({
  key: 'time_to_fulfilment',
  name: 'Time to fulfilment',
  goalSeconds,
  warnAtShare,
  start: [{ on: 'entered', status: 'in_progress' }],
  stop: resolvedStatuses,
  onRestart: 'continue',
});

beforeAll(async () => {
  t = await startTestApp({ worker: true, config: { OPSDESK_RETRY_BASE_MS: '10' } });
  configureSlaEvents({ listeners: [async (_tx, event) => void heard.push(event)] });
  [dev, lead, admin] = await Promise.all(
    ['dev', 'lead', 'admin'].map((name) => t.login(`${name}@opsdesk.local`)),
  );
  for (const environment of [
    { name: 'broken-dns', requestOnly: false, state: 'running', faults: ['domain.create'] },
    { name: 'stuck-start', requestOnly: true, state: 'stopped', faults: ['environment.start'] },
  ]) {
    expect((await t.api('POST', '/api/v1/environments', { token: admin, body: environment })).status).toBe(
      201,
    );
  }
});
afterAll(() => t.close());

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const slaOf = async (key: string) =>
  (await t.api('GET', `/api/v1/tickets/${key}/sla`, { token: admin })).body;
const approvedAt = async (key: string) => {
  const ticket = (await t.api('GET', `/api/v1/tickets/${key}`, { token: admin })).body;
  return new Date(ticket.history.find((entry: any) => entry.to === 'in_progress').at).getTime();
};

describe('warning and breach jobs', () => {
  it('raise both at their instants: a 2 s goal warned at half, on a failed domain request', async () => {
    const saved = await t.api('PUT', '/api/v1/sla/policies/staging_create_staging_domain', {
      token: admin,
      body: { name: 'Fast domains', metrics: [fulfilment(2, 0.5)], requestTypes: ['create-staging-domain'] },
    });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ version: 2, requestTypes: ['create-staging-domain'] });
    const type = await t.api('GET', '/api/v1/catalog/request-types/create-staging-domain', { token: dev });
    expect(type.body.slaTargets).toEqual([{ metric: 'time_to_fulfilment', goalSeconds: 2 }]);

    const { key } = await fileAndApprove(t, { requester: dev, approver: lead }, 'create-staging-domain', {
      environment: 'broken-dns',
      domain: 'shop',
    });
    await waitForStatus(t, dev, key, 'need_further_support');
    const events = await until('two SLA events', async () => {
      const body = await slaOf(key);
      return body.events.length === 2 ? body.events : undefined;
    });
    const approval = await approvedAt(key);
    expect(events.map((event: any) => [event.kind, new Date(event.dueAt).getTime() - approval])).toEqual([
      ['warning', 1000],
      ['breach', 2000],
    ]);
    for (const event of events) {
      expect(new Date(event.raisedAt).getTime()).toBeGreaterThanOrEqual(new Date(event.dueAt).getTime());
    }
    const breachDue = new Date(approval + 2000);
    expect(
      heard
        .filter((event) => event.ticketKey === key)
        .map((event) => [event.kind, event.policyKey, event.metricName, event.goalSeconds, event.breachAt]),
    ).toEqual([
      ['warning', 'staging_create_staging_domain', 'Time to fulfilment', 2, breachDue],
      ['breach', 'staging_create_staging_domain', 'Time to fulfilment', 2, breachDue],
    ]);
    const clock = (await slaOf(key)).metrics[0];
    expect(clock).toMatchObject({ state: 'running', breached: true, goalSeconds: 2 });
  });
});

describe('a policy edit', () => {
  it('re-measures open tickets (rescheduling their jobs) and closed ones (without raising anything)', async () => {
    const tokens = { requester: dev, approver: lead };
    const closed = await fileAndApprove(t, tokens, 'start-request-only-staging', {
      environment: 'bugfix1x2',
    });
    await waitForStatus(t, dev, closed.key, 'waiting_for_customer');
    expect(
      (
        await t.api('POST', `/api/v1/tickets/${closed.key}/transitions`, {
          token: dev,
          body: { name: 'confirm' },
        })
      ).status,
    ).toBe(200);
    const open = await fileAndApprove(t, tokens, 'start-request-only-staging', {
      environment: 'stuck-start',
    });
    await waitForStatus(t, dev, open.key, 'need_further_support');

    const jobsOf = async (key: string) =>
      (
        await t.context.db.execute<{ key: string; run_at: string }>(sql`
          select j.key, j.run_at from graphile_worker._private_jobs j
           where j.key like ${`sla:${await ticketId(key)}:%`} order by j.key`)
      ).rows.map((row) => [row.key.split(':').at(-1), new Date(row.run_at).getTime()]);
    const approval = await approvedAt(open.key);
    // The Table 3 target, 8:45: warning at 7:00 and breach at 8:45 after approval.
    expect(await jobsOf(open.key)).toEqual([
      ['breach', approval + 525_000],
      ['warning', approval + 420_000],
    ]);
    expect(await jobsOf(closed.key)).toEqual([]);

    await new Promise((resolve) => setTimeout(resolve, 1100 - (Date.now() - approval)));
    const edited = await t.api('PUT', '/api/v1/sla/policies/staging_start_request_only_staging', {
      token: admin,
      body: { name: 'One second', metrics: [fulfilment(1)], requestTypes: ['start-request-only-staging'] },
    });
    expect(edited.status).toBe(200);

    const events = await until('the breach of the open ticket', async () => {
      const body = await slaOf(open.key);
      return body.events.length === 2 ? body.events : undefined;
    });
    expect(events.map((event: any) => [event.kind, new Date(event.dueAt).getTime() - approval])).toEqual([
      ['warning', 800],
      ['breach', 1000],
    ]);
    expect(await jobsOf(open.key)).toEqual([]);
    const closedClock = await until('the closed ticket re-measured', async () => {
      const rows = await t.context.db.execute<{ goal_seconds: number; state: string }>(sql`
        select goal_seconds, state from ticket_sla_clocks
         where ticket_id = ${await ticketId(closed.key)} and metric_key = 'time_to_fulfilment'`);
      return rows.rows[0]?.goal_seconds === 1 ? rows.rows[0] : undefined;
    });
    expect(closedClock.state).toBe('stopped');
    expect((await slaOf(closed.key)).events).toEqual([]);
  });
});

async function ticketId(key: string): Promise<string> {
  const rows = await t.context.db.execute<{ id: string }>(sql`select id from tickets where key = ${key}`);
  return rows.rows[0]!.id;
}

/** Monday to Friday, 09:00–17:00. */
const officeWeek = Object.fromEntries(
  ['mon', 'tue', 'wed', 'thu', 'fri'].map((day) => [day, ['09:00-17:00']]),
);

describe('calendars and the admin API', () => {
  it('previews a calendar before saving: working time, the breach instant, across a DST change', async () => {
    const berlin = {
      name: 'Berlin office',
      timeZone: 'Europe/Berlin',
      kind: 'business',
      week: officeWeek,
      holidays: [{ date: '2026-03-30', name: 'Closed Monday' }],
    };
    // Friday 16:00 (CET) → Tuesday 10:00 (CEST; clocks went forward on Sunday 29 March; Monday a holiday).
    const preview = await t.api('POST', '/api/v1/sla/calendars/preview', {
      token: admin,
      body: { calendar: berlin, start: '2026-03-27T16:00', end: '2026-03-31T10:00', goalMinutes: 4 * 60 },
    });
    expect(preview.status).toBe(200);
    expect(preview.body).toEqual({
      workingSeconds: 2 * 3600,
      breachAtLocal: '2026-03-31T12:00',
      breachAt: '2026-03-31T10:00:00.000Z',
      startOffset: '+01:00',
      breachOffset: '+02:00',
    });
    const backwards = await t.api('POST', '/api/v1/sla/calendars/preview', {
      token: admin,
      body: { calendar: berlin, start: '2026-03-27T16:00', end: '2026-03-26T10:00', goalMinutes: 60 },
    });
    expect(backwards.status).toBe(400);
    expect(JSON.stringify(backwards.body)).toContain('end');
    expect(
      (
        await t.api('POST', '/api/v1/sla/calendars/preview', {
          token: dev,
          body: { calendar: berlin, start: '2026-03-27T16:00', end: '2026-03-31T10:00', goalMinutes: 60 },
        })
      ).status,
    ).toBe(403);
  });

  it('stores business-hours calendars, shows which policies use them, and bumps those policies on edit', async () => {
    const office = {
      name: 'Jakarta office',
      timeZone: 'Asia/Jakarta',
      kind: 'business',
      week: officeWeek,
      holidays: [{ date: '2025-08-17', name: 'Independence Day' }],
    };
    expect(
      (await t.api('PUT', '/api/v1/sla/calendars/jakarta-office', { token: admin, body: office })).status,
    ).toBe(201);
    const policy = await t.api('PUT', '/api/v1/sla/policies/office_recreate', {
      token: admin,
      body: {
        name: 'Recreate in office hours',
        metrics: [{ ...fulfilment(8 * 3600), calendar: 'jakarta-office' }],
      },
    });
    expect(policy.status).toBe(201);
    expect(policy.body.version).toBe(1);
    const calendars = await t.api('GET', '/api/v1/sla/calendars', { token: dev });
    expect(calendars.body.map((c: any) => [c.key, c.usedBy])).toEqual([
      ['24x7', expect.arrayContaining(['staging_copy_database_data'])],
      ['jakarta-office', ['office_recreate']],
    ]);
    const edited = await t.api('PUT', '/api/v1/sla/calendars/jakarta-office', {
      token: admin,
      body: { ...office, holidays: [] },
    });
    expect(edited.status).toBe(200);
    expect((await t.api('GET', '/api/v1/sla/policies/office_recreate', { token: dev })).body.version).toBe(2);
    expect((await t.api('DELETE', '/api/v1/sla/calendars/jakarta-office', { token: admin })).status).toBe(
      409,
    );
  });

  it('refuses unknown calendars and request types measured by another policy, naming the field', async () => {
    const response = await t.api('PUT', '/api/v1/sla/policies/overlapping', {
      token: admin,
      body: {
        name: 'Overlapping',
        metrics: [{ ...fulfilment(60), calendar: 'nowhere' }],
        requestTypes: ['copy-database-data', 'no-such-type'],
      },
    });
    expect(response.status).toBe(400);
    expect(response.body.error.details).toEqual([
      { field: 'metrics.0.calendar', message: 'there is no calendar nowhere' },
      {
        field: 'requestTypes.0',
        message:
          'copy-database-data is measured by the policy staging_copy_database_data; remove it there first',
      },
      { field: 'requestTypes.1', message: 'there is no request type no-such-type' },
    ]);
  });

  it('lets only admins change policies', async () => {
    const response = await t.api('PUT', '/api/v1/sla/policies/mine', {
      token: dev,
      body: { name: 'Mine', metrics: [fulfilment(60)] },
    });
    expect(response.status).toBe(403);
  });

  it('leaves a request type unmeasured once its policy is deleted', async () => {
    const deleted = await t.api('DELETE', '/api/v1/sla/policies/staging_recreate_staging', { token: admin });
    expect(deleted.status).toBe(204);
    const type = await t.api('GET', '/api/v1/catalog/request-types/recreate-staging', { token: dev });
    expect(type.body.slaTargets).toEqual([]);
  });
});
