// The paper's 14 test cases (Table 5) through the HTTP API with the real worker, each ending in
// the paper's outcome; plus decline, requester comment → need further support, agent retry →
// success, confirm → closed, and auto-close after the configured days.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../testing/harness.js';
import { fileAndApprove, fileRequest, inDays, waitForStatus } from '../../testing/tickets.js';

let t: TestApp;
let dev: string;
let lead: string;
let infra: string;
let admin: string;

beforeAll(async () => {
  t = await startTestApp({ worker: true, config: { OPSDESK_RETRY_BASE_MS: '10' } });
  [dev, lead, infra, admin] = await Promise.all(
    ['dev', 'lead', 'infra', 'admin'].map((name) => t.login(`${name}@opsdesk.local`)),
  );
  // Environments whose automation fails, for the paper's negative cases.
  for (const environment of [
    { name: 'broken-dns', requestOnly: false, state: 'running', faults: ['domain.create'] },
    { name: 'broken-start', requestOnly: true, state: 'stopped', faults: ['environment.start'] },
  ]) {
    const response = await t.api('POST', '/api/v1/environments', { token: admin, body: environment });
    expect(response.status).toBe(201);
  }
});
afterAll(() => t.close());

const tokens = () => ({ requester: dev, approver: lead });

async function cancelledWith(key: string) {
  const ticket = await waitForStatus(t, dev, key, 'cancelled');
  const verification = ticket.comments.filter((comment: any) => comment.kind === 'verification');
  expect(verification).toHaveLength(1);
  expect(ticket.history.map((entry: any) => entry.to)).toEqual(['waiting_for_verification', 'cancelled']);
  return verification[0].body as string;
}

describe('Create New Domain (paper Table 5)', () => {
  it('RI-3373: an invalid multi-staging name cancels the request automatically', async () => {
    const { key } = await fileRequest(t, dev, 'create-staging-domain', {
      environment: 'bugfix9x9',
      domain: 'shop',
    });
    expect(await cancelledWith(key)).toContain('there is no staging environment named "bugfix9x9"');
  });

  it('RI-3374: an invalid name and an invalid domain pattern are reported together, in one comment', async () => {
    const { key } = await fileRequest(t, dev, 'create-staging-domain', {
      environment: 'nope',
      domain: '-shop_api-',
    });
    const body = await cancelledWith(key);
    expect(body).toContain('Staging environment: there is no staging environment named "nope".');
    expect(body).toContain('Domain "-shop_api-" is not valid: use letters, digits and dashes only');
  });

  it('RI-3387: a domain creation error goes to need further support, with the error in words', async () => {
    const { key } = await fileAndApprove(t, tokens(), 'create-staging-domain', {
      environment: 'broken-dns',
      domain: 'shop',
    });
    const ticket = await waitForStatus(t, dev, key, 'need_further_support');
    expect(ticket.comments.at(-1).body).toContain('domain.create failed on broken-dns');
    expect(ticket.runs).toEqual([
      expect.objectContaining({ status: 'failed', attempts: 1, action: 'domain.create' }),
    ]);
  });

  it('RI-3376: a valid domain request is fulfilled and the address posted on the ticket', async () => {
    const { key } = await fileAndApprove(t, tokens(), 'create-staging-domain', {
      environment: 'staging-main',
      domain: 'shop-api',
    });
    const ticket = await waitForStatus(t, dev, key, 'waiting_for_customer');
    expect(ticket.comments.at(-1).body).toBe(
      'https://shop-api.staging-main.staging.opsdesk.local now serves staging-main: the DNS record, TLS certificate and CDN alias are in place.',
    );
    const environment = await t.api('GET', '/api/v1/environments/staging-main', { token: dev });
    expect(environment.body.domains).toContain('shop-api.staging-main.staging.opsdesk.local');
    // The ticket shows its run as the run's own page does (the view reads runs in its statement).
    const runs = await t.api('GET', `/api/v1/tickets/${key}/runs`, { token: dev });
    const [run] = runs.body;
    expect(ticket.runs).toEqual([
      {
        id: run.id,
        number: 1,
        action: 'domain.create',
        environment: 'staging-main',
        status: 'succeeded',
        attempts: 1,
        maxAttempts: 5,
        error: null,
        summary: expect.stringContaining('shop-api.staging-main.staging.opsdesk.local'),
        createdAt: run.createdAt,
        startedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        finishedAt: run.finishedAt,
      },
    ]);
    expect(ticket.runs[0].finishedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });
});

describe('Start Request Only Multistaging (paper Table 5)', () => {
  it('RI-3390: a start error goes to need further support', async () => {
    const { key } = await fileAndApprove(t, tokens(), 'start-request-only-staging', {
      environment: 'broken-start',
    });
    const ticket = await waitForStatus(t, dev, key, 'need_further_support');
    expect(ticket.comments.at(-1).body).toMatch(
      /^The automation could not complete this request: environment.start failed on broken-start/,
    );
  });

  it('RI-3396: a request-only environment is started and its URL posted', async () => {
    const { key } = await fileAndApprove(t, tokens(), 'start-request-only-staging', {
      environment: 'bugfix1x2',
    });
    const ticket = await waitForStatus(t, dev, key, 'waiting_for_customer');
    expect(ticket.comments.at(-1).body).toBe('bugfix1x2 is running: https://bugfix1x2.staging.opsdesk.local');
    expect(ticket.resolvedAt).not.toBeNull();
    expect(ticket.history.map((entry: any) => [entry.transition, entry.to, entry.actor.name])).toEqual([
      ['create', 'waiting_for_verification', 'Dewi Developer'],
      ['verified', 'waiting_for_approval', 'system:verification'],
      ['approve', 'in_progress', 'Lena Lead'],
      ['fulfilled', 'waiting_for_customer', 'automation:sandbox'],
    ]);
    const environment = await t.api('GET', '/api/v1/environments/bugfix1x2', { token: dev });
    expect(environment.body.state).toBe('running');
  });
});

describe('Recreate Multistaging Instance (paper Table 5)', () => {
  it('RI-3399: an invalid current name cancels', async () => {
    const { key } = await fileRequest(t, dev, 'recreate-staging', {
      environment: 'ghost',
      newName: 'ghost2',
      endDate: inDays(10),
    });
    expect(await cancelledWith(key)).toContain('there is no staging environment named "ghost"');
  });

  it('RI-3400: an end date that is not in the future cancels', async () => {
    const { key } = await fileRequest(t, dev, 'recreate-staging', {
      environment: 'promo-2x',
      newName: 'promo-3x',
      endDate: inDays(-1),
    });
    expect(await cancelledWith(key)).toContain('End date must be a date in the future');
  });

  it('RI-3402: a new name equal to the current one (or taken) cancels', async () => {
    const same = await fileRequest(t, dev, 'recreate-staging', {
      environment: 'promo-2x',
      newName: 'promo-2x',
      endDate: inDays(10),
    });
    expect(await cancelledWith(same.key)).toContain('New name must differ from Current staging environment');
    const taken = await fileRequest(t, dev, 'recreate-staging', {
      environment: 'promo-2x',
      newName: 'staging-main',
      endDate: inDays(10),
    });
    expect(await cancelledWith(taken.key)).toContain(
      'a staging environment named "staging-main" already exists',
    );
  });

  it('RI-3477: the environment is recreated under the new name and the old one destroyed', async () => {
    const endDate = inDays(30);
    const { key } = await fileAndApprove(t, tokens(), 'recreate-staging', {
      environment: 'promo-2x',
      newName: 'promo-3x',
      endDate,
    });
    const ticket = await waitForStatus(t, dev, key, 'waiting_for_customer');
    expect(ticket.comments.at(-1).body).toBe(
      `promo-2x was recreated from the newest template as promo-3x: https://promo-3x.staging.opsdesk.local (until ${endDate}).`,
    );
    const created = await t.api('GET', '/api/v1/environments/promo-3x', { token: dev });
    expect(created.body).toMatchObject({ state: 'running', requestOnly: true, endDate });
    const live = await t.api('GET', '/api/v1/environments', { token: dev });
    expect(live.body.map((environment: any) => environment.name)).not.toContain('promo-2x');
  });
});

describe('Copy Database Data (paper Table 5)', () => {
  const copy = { engine: 'postgres', database: 'shop', tables: ['orders', 'customers'] };

  it('RI-3436: an invalid source name cancels', async () => {
    const { key } = await fileRequest(t, dev, 'copy-database-data', {
      ...copy,
      sourceEnvironment: 'nowhere',
      targetEnvironment: 'feature-payments',
    });
    expect(await cancelledWith(key)).toContain(
      'Source environment: there is no staging environment named "nowhere"',
    );
  });

  it('RI-3439: an invalid destination name cancels', async () => {
    const { key } = await fileRequest(t, dev, 'copy-database-data', {
      ...copy,
      sourceEnvironment: 'bugfix1x2',
      targetEnvironment: 'nowhere',
    });
    expect(await cancelledWith(key)).toContain(
      'Target environment: there is no staging environment named "nowhere"',
    );
  });

  it('RI-3443: a database or table that does not exist in the source cancels (checked before approval)', async () => {
    const database = await fileRequest(t, dev, 'copy-database-data', {
      ...copy,
      database: 'warehouse',
      sourceEnvironment: 'bugfix1x2',
      targetEnvironment: 'feature-payments',
    });
    expect(await cancelledWith(database.key)).toContain('has no postgres database `warehouse`');
    const table = await fileRequest(t, dev, 'copy-database-data', {
      ...copy,
      tables: ['orders', 'orders_archive'],
      sourceEnvironment: 'bugfix1x2',
      targetEnvironment: 'feature-payments',
    });
    const body = await cancelledWith(table.key);
    expect(body).toContain('orders_archive');
    expect(body).not.toContain('- Tables or collections: `orders`');
  });

  it('RI-3458: the tables are copied and the row counts verified', async () => {
    const { key } = await fileAndApprove(t, tokens(), 'copy-database-data', {
      ...copy,
      sourceEnvironment: 'bugfix1x2',
      targetEnvironment: 'feature-payments',
    });
    const ticket = await waitForStatus(t, dev, key, 'waiting_for_customer');
    expect(ticket.comments.at(-1).body).toBe(
      'Copied 2 tables (2,000 rows) from bugfix1x2 to feature-payments — row counts match',
    );
    const target = await t.api('GET', '/api/v1/environments/feature-payments', { token: dev });
    expect(target.body.databases[0].tables).toEqual({ customers: 800, order_items: 0, orders: 1200 });
  });
});

describe('the rest of the loop', () => {
  it('a declined request is cancelled with the approver’s reason', async () => {
    const { key } = await fileRequest(t, dev, 'start-request-only-staging', {
      environment: 'feature-payments',
    });
    await waitForStatus(t, dev, key, 'waiting_for_approval');
    const declined = await t.api('POST', `/api/v1/tickets/${key}/decline`, {
      token: lead,
      body: { comment: 'use bugfix1x2 instead' },
    });
    expect(declined.status).toBe(200);
    expect(declined.body.status).toBe('cancelled');
    expect(declined.body.comments.at(-1).body).toBe('Declined by Lena Lead: use bugfix1x2 instead');
    // The status key stays `cancelled` (CONTRACT); the outcome says it was declined, and why.
    const outcome = { key: 'declined', name: 'Declined', reason: 'use bugfix1x2 instead' };
    expect(declined.body.outcome).toEqual(outcome);
    const read = await t.api('GET', `/api/v1/tickets/${key}`, { token: dev });
    expect(read.body.outcome).toEqual(outcome);
    const mine = await t.api('GET', '/api/v1/tickets?requester=me&status=cancelled', { token: dev });
    expect(mine.body.items.find((item: any) => item.key === key).outcome).toEqual(outcome);
    const decided = await t.api('GET', '/api/v1/approvals?state=decided', { token: lead });
    expect(decided.body.find((item: any) => item.ticket.key === key).ticket.outcome).toEqual(outcome);
  });

  it('a request its requester cancels is cancelled, not declined', async () => {
    const { key } = await fileRequest(t, dev, 'start-request-only-staging', {
      environment: 'feature-payments',
    });
    await waitForStatus(t, dev, key, 'waiting_for_approval');
    const cancelled = await t.api('POST', `/api/v1/tickets/${key}/transitions`, {
      token: dev,
      body: { name: 'cancel', comment: 'not needed any more' },
    });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    expect(cancelled.body.outcome).toBeNull();
    const mine = await t.api('GET', '/api/v1/tickets?requester=me&status=cancelled', { token: dev });
    expect(mine.body.items.find((item: any) => item.key === key).outcome).toBeNull();
  });

  it('the requester cannot approve their own request, and only the asked approver may', async () => {
    const { key } = await fileRequest(t, dev, 'start-request-only-staging', {
      environment: 'feature-payments',
    });
    await waitForStatus(t, dev, key, 'waiting_for_approval');
    const own = await t.api('POST', `/api/v1/tickets/${key}/approve`, { token: dev, body: {} });
    expect(own.status).toBe(403);
    expect(own.body.error.code).toBe('own_request');
    const stranger = await t.api('POST', `/api/v1/tickets/${key}/approve`, { token: infra, body: {} });
    expect(stranger.status).toBe(403);
    expect(stranger.body.error.code).toBe('not_an_approver');
    const pending = await t.api('GET', '/api/v1/approvals?state=pending', { token: lead });
    expect(pending.body.map((approval: any) => approval.ticket.key)).toContain(key);
    const mine = pending.body.find((approval: any) => approval.ticket.key === key);
    expect(mine).toMatchObject({
      reason: 'manager of the requester',
      ticket: { fields: { environment: 'feature-payments' } },
    });
    // The requester's history for the approver: their latest requests but this one, newest first.
    const theirs = await t.api('GET', '/api/v1/tickets?requester=dev@opsdesk.local&limit=6', {
      token: admin,
    });
    const earlier = theirs.body.items.map((item: any) => item.key).filter((other: string) => other !== key);
    expect(mine.requesterHistory.total).toBeGreaterThan(1);
    expect(mine.requesterHistory.recent.map((entry: any) => entry.key)).toEqual(earlier.slice(0, 5));
    expect(mine.requesterHistory.recent[0]).toMatchObject({
      status: expect.any(String),
      title: expect.any(String),
    });
  });

  it('a requester’s comment on a delivered request sends it to need further support; an agent retry succeeds; confirm closes it', async () => {
    const { key } = await fileAndApprove(t, tokens(), 'start-request-only-staging', {
      environment: 'feature-payments',
    });
    await waitForStatus(t, dev, key, 'waiting_for_customer');
    const comment = await t.api('POST', `/api/v1/tickets/${key}/comments`, {
      token: dev,
      body: { body: 'The page shows a 502.' },
    });
    expect(comment.status).toBe(201);
    expect(comment.body.status).toBe('need_further_support');
    expect(comment.body.resolvedAt).toBeNull();
    // The requester may not retry; the Infrastructure agent may.
    expect(
      (await t.api('POST', `/api/v1/tickets/${key}/transitions`, { token: dev, body: { name: 'retry' } }))
        .status,
    ).toBe(403);
    const retried = await t.api('POST', `/api/v1/tickets/${key}/transitions`, {
      token: infra,
      body: { name: 'retry' },
    });
    expect(retried.status).toBe(200);
    const delivered = await waitForStatus(t, dev, key, 'waiting_for_customer');
    expect(delivered.runs.map((run: any) => run.status)).toEqual(['succeeded', 'succeeded']);
    const confirmed = await t.api('POST', `/api/v1/tickets/${key}/transitions`, {
      token: dev,
      body: { name: 'confirm' },
    });
    expect(confirmed.body).toMatchObject({ status: 'closed', closedAt: expect.any(String) });
    expect(confirmed.body.history.map((entry: any) => entry.to)).toEqual([
      'waiting_for_verification',
      'waiting_for_approval',
      'in_progress',
      'waiting_for_customer',
      'need_further_support',
      'in_progress',
      'waiting_for_customer',
      'closed',
    ]);
  });

  it('an agent resolves a failed request by hand', async () => {
    const { key } = await fileAndApprove(t, tokens(), 'create-staging-domain', {
      environment: 'broken-dns',
      domain: 'docs',
    });
    await waitForStatus(t, dev, key, 'need_further_support');
    const resolved = await t.api('POST', `/api/v1/tickets/${key}/transitions`, {
      token: infra,
      body: { name: 'resolve', comment: 'Registered docs.broken-dns by hand in the DNS console.' },
    });
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({ status: 'waiting_for_customer', resolvedAt: expect.any(String) });
    expect(resolved.body.comments.at(-1)).toMatchObject({
      body: 'Registered docs.broken-dns by hand in the DNS console.',
      author: { name: 'Indra Infra' },
    });
  });

  it('a failed automation is retried after the cause is fixed', async () => {
    const { key } = await fileAndApprove(t, tokens(), 'start-request-only-staging', {
      environment: 'broken-start',
    });
    await waitForStatus(t, dev, key, 'need_further_support');
    const patched = await t.api('PATCH', '/api/v1/environments/broken-start', {
      token: admin,
      body: { faults: [] },
    });
    // A patch changes what it names and nothing else.
    expect(patched.body).toMatchObject({ requestOnly: true, faults: [] });
    await t.api('POST', `/api/v1/tickets/${key}/transitions`, { token: infra, body: { name: 'retry' } });
    const fixed = await waitForStatus(t, dev, key, 'waiting_for_customer');
    expect(fixed.runs.map((run: any) => run.status)).toEqual(['failed', 'succeeded']);
  });

  it('transient provider errors are retried with backoff before anyone is bothered', async () => {
    await t.api('POST', '/api/v1/environments', {
      token: admin,
      body: {
        name: 'flaky-start',
        requestOnly: true,
        faults: [{ action: 'environment.start', kind: 'transient', times: 2 }],
      },
    });
    const { key } = await fileAndApprove(t, tokens(), 'start-request-only-staging', {
      environment: 'flaky-start',
    });
    const ticket = await waitForStatus(t, dev, key, 'waiting_for_customer');
    expect(ticket.runs).toEqual([expect.objectContaining({ status: 'succeeded', attempts: 3 })]);
    const runs = await t.api('GET', `/api/v1/tickets/${key}/runs`, { token: infra });
    const lines = runs.body[0].output.map((line: any) => line.line);
    expect(lines.filter((line: string) => line.startsWith('temporary problem'))).toHaveLength(2);
  });

  it('a ticket waiting for the customer is closed automatically after the configured days', async () => {
    const quick = await t.api('PATCH', '/api/v1/catalog/request-types/start-request-only-staging', {
      token: admin,
      body: { autoCloseDays: 1 / 86_400 },
    });
    expect(quick.status).toBe(200);
    const { key } = await fileAndApprove(t, tokens(), 'start-request-only-staging', {
      environment: 'feature-payments',
    });
    await waitForStatus(t, dev, key, 'waiting_for_customer');
    const closed = await waitForStatus(t, dev, key, 'closed', 20_000);
    expect(closed.history.at(-1)).toMatchObject({ transition: 'auto_close', actor: { kind: 'system' } });
    expect(closed.comments.at(-1).body).toMatch(/^Closed automatically: no answer for/);
    await t.api('PATCH', '/api/v1/catalog/request-types/start-request-only-staging', {
      token: admin,
      body: { autoCloseDays: null },
    });
  });
});
