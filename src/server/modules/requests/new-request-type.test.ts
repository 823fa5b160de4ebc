// A request type created the way the admin UI creates it (no fields, no approval, no fulfilment,
// then edited) gives tickets that someone works: routed to a team, worked by hand, seen by its
// approver and its team's agents, and not counted as "need further support" (issue 21, defect 1).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../testing/harness.js';
import { fileRequest, waitForStatus } from '../../testing/tickets.js';

let t: TestApp;
let admin: string;
let dev: string;
let lead: string;
let infra: string;

beforeAll(async () => {
  t = await startTestApp({ worker: true });
  [admin, dev, lead, infra] = await Promise.all([
    t.login('admin@opsdesk.local'),
    t.login('dev@opsdesk.local'),
    t.login('lead@opsdesk.local'),
    t.login('infra@opsdesk.local'),
  ]);
});
afterAll(() => t.close());

async function createType(key: string, extra: Record<string, unknown> = {}) {
  const created = await t.api('POST', '/api/v1/catalog/request-types', {
    token: admin,
    body: {
      key,
      name: `New ${key}`,
      category: 'staging-servers',
      fields: [],
      approval: { kind: 'none' },
      ...extra,
    },
  });
  expect(created.status).toBe(201);
  return created.body;
}

describe('a request type created in the admin UI', () => {
  it('without a fulfilment action gets the by-hand workflow; adding one switches to automation and back', async () => {
    const type = await createType('vpn-access');
    expect(type.workflow).toBe('manual');
    const withAction = await t.api('PATCH', '/api/v1/catalog/request-types/vpn-access', {
      token: admin,
      // The editor sends its whole draft, the workflow as it was included.
      body: {
        workflow: 'manual',
        fields: [{ key: 'environment', label: 'Environment', type: 'environment' }],
        fulfilment: {
          executor: 'provider',
          action: 'environment.start',
          environmentField: 'environment',
          params: {},
          resultTemplate: 'Started.',
        },
      },
    });
    expect(withAction.status).toBe(200);
    expect(withAction.body.workflow).toBe('fulfilment');
    const without = await t.api('PATCH', '/api/v1/catalog/request-types/vpn-access', {
      token: admin,
      body: { fulfilment: null },
    });
    expect(without.body.workflow).toBe('manual');
  });

  it('is routed, approved by the manager who sees it, worked by an agent of its team and closed by the requester', async () => {
    await createType('new-laptop', { team: 'infrastructure' });
    const edited = await t.api('PATCH', '/api/v1/catalog/request-types/new-laptop', {
      token: admin,
      body: {
        fields: [{ key: 'model', label: 'Model', type: 'text', required: true }],
        approval: { kind: 'manager', fallbackTeam: 'helpdesk' },
      },
    });
    expect(edited.status).toBe(200);

    const ticket = await fileRequest(t, dev, 'new-laptop', { model: 'ThinkPad X1' });
    await waitForStatus(t, dev, ticket.key, 'waiting_for_approval');
    const asApprover = await t.api('GET', `/api/v1/tickets/${ticket.key}`, { token: lead });
    expect(asApprover.status).toBe(200);
    const pending = await t.api('GET', '/api/v1/approvals?state=pending', { token: lead });
    expect(pending.body.map((item: any) => item.ticket.key)).toContain(ticket.key);
    expect(
      (await t.api('POST', `/api/v1/tickets/${ticket.key}/approve`, { token: lead, body: {} })).status,
    ).toBe(200);

    // In progress, waiting for the team (no automation failed).
    const working = await waitForStatus(t, dev, ticket.key, 'in_progress');
    expect(working.team).toMatchObject({ key: 'infrastructure' });
    const queue = await t.api('GET', '/api/v1/tickets?team=infrastructure&status=in_progress', {
      token: infra,
    });
    expect(queue.body.items.map((item: any) => item.key)).toContain(ticket.key);
    const seen = await t.api('GET', `/api/v1/tickets/${ticket.key}`, { token: infra });
    expect(seen.status).toBe(200);
    expect(seen.body.availableTransitions.map((item: any) => item.name)).toContain('resolve');

    const done = await t.api('POST', `/api/v1/tickets/${ticket.key}/transitions`, {
      token: infra,
      body: { name: 'resolve', comment: 'Your laptop is at the front desk.' },
    });
    expect(done.status).toBe(200);
    expect(done.body.status).toBe('waiting_for_customer');
    const confirmed = await t.api('POST', `/api/v1/tickets/${ticket.key}/transitions`, {
      token: dev,
      body: { name: 'confirm' },
    });
    expect(confirmed.body.status).toBe('closed');

    const history = (await t.api('GET', `/api/v1/tickets/${ticket.key}`, { token: dev })).body.history;
    expect(history.map((entry: any) => entry.to)).not.toContain('need_further_support');
  });

  it('without a team goes to the service desk team, whose agents see and work it', async () => {
    await createType('badge-reprint');
    const ticket = await fileRequest(t, dev, 'badge-reprint', {});
    const working = await waitForStatus(t, dev, ticket.key, 'in_progress');
    expect(working.team).toMatchObject({ key: 'helpdesk' });
    const asDesk = await t.api('GET', `/api/v1/tickets/${ticket.key}`, { token: lead });
    expect(asDesk.status).toBe(200);
    const resolved = await t.api('POST', `/api/v1/tickets/${ticket.key}/transitions`, {
      token: lead,
      body: { name: 'resolve' },
    });
    expect(resolved.status).toBe(200);
  });
});

describe("a requester's comment on a delivered request (issue 21, defect 3)", () => {
  async function delivered() {
    const ticket = await fileRequest(t, dev, 'new-laptop', { model: 'Framework 13' });
    await waitForStatus(t, dev, ticket.key, 'waiting_for_approval');
    await t.api('POST', `/api/v1/tickets/${ticket.key}/approve`, { token: lead, body: {} });
    await waitForStatus(t, dev, ticket.key, 'in_progress');
    const done = await t.api('POST', `/api/v1/tickets/${ticket.key}/transitions`, {
      token: infra,
      body: { name: 'resolve' },
    });
    expect(done.body.status).toBe('waiting_for_customer');
    return ticket.key;
  }
  const comment = (key: string, body: Record<string, unknown>) =>
    t.api('POST', `/api/v1/tickets/${key}/comments`, { token: dev, body });

  it('"thanks!" leaves it delivered; the agent reads it and may take it back', async () => {
    const key = await delivered();
    expect((await comment(key, { body: 'thanks!' })).body.status).toBe('waiting_for_customer');
    const seen = await t.api('GET', `/api/v1/tickets/${key}`, { token: infra });
    expect(seen.body.comments.map((item: any) => item.body)).toContain('thanks!');
    expect(seen.body.availableTransitions.map((item: any) => item.name)).toContain('take_back');
    const back = await t.api('POST', `/api/v1/tickets/${key}/transitions`, {
      token: infra,
      body: { name: 'take_back' },
    });
    expect(back.body.status).toBe('need_further_support');
  });

  it('a remark with reopen: false stays; a problem (or reopen: true) sends it back to the team', async () => {
    const key = await delivered();
    expect((await comment(key, { body: 'Is the charger included?', reopen: false })).body.status).toBe(
      'waiting_for_customer',
    );
    expect((await comment(key, { body: 'Thanks, but it does not boot.' })).body.status).toBe(
      'need_further_support',
    );
    const other = await delivered();
    expect((await comment(other, { body: 'thanks!', reopen: true })).body.status).toBe(
      'need_further_support',
    );
  });
});

describe('Copy Database Data tells the form which fields to check against the inventory (defect 2)', () => {
  it('names the database copy fields in its public part', async () => {
    const type = await t.api('GET', '/api/v1/catalog/request-types/copy-database-data', { token: dev });
    expect(type.body.databaseCheck).toEqual({
      environments: ['sourceEnvironment', 'targetEnvironment'],
      engine: 'engine',
      database: 'database',
      tables: 'tables',
    });
    const other = await t.api('GET', '/api/v1/catalog/request-types/start-request-only-staging', {
      token: dev,
    });
    expect(other.body.databaseCheck).toBeNull();
  });
});

describe('assignment (issue 21, item 4) and whom it is told', () => {
  it('an agent takes a ticket (not told of it); assigned by someone else, they are told; queues find it', async () => {
    const ticket = await fileRequest(t, dev, 'new-laptop', { model: 'MacBook Air' });
    await waitForStatus(t, dev, ticket.key, 'waiting_for_approval');
    await t.api('POST', `/api/v1/tickets/${ticket.key}/approve`, { token: lead, body: {} });
    await waitForStatus(t, dev, ticket.key, 'in_progress');
    const unassigned = await t.api('GET', '/api/v1/tickets?assignee=none&status=in_progress', {
      token: infra,
    });
    expect(unassigned.body.items.map((item: any) => item.key)).toContain(ticket.key);

    const taken = await t.api('PATCH', `/api/v1/tickets/${ticket.key}`, {
      token: infra,
      body: { assignee: 'me' },
    });
    expect(taken.status).toBe(200);
    expect(taken.body.assignee.email).toBe('infra@opsdesk.local');
    const mine = await t.api('GET', '/api/v1/tickets?assignee=me', { token: infra });
    expect(mine.body.items.map((item: any) => item.key)).toContain(ticket.key);

    const told = async () =>
      (await t.api('GET', '/api/v1/notifications', { token: infra })).body.items.filter(
        (item: any) => item.event === 'ticket.assigned' && item.ticketKey === ticket.key,
      ).length;
    // Unassigned and assigned again by an admin: now infra hears of it, once.
    await t.api('PATCH', `/api/v1/tickets/${ticket.key}`, { token: admin, body: { assignee: null } });
    await t.api('PATCH', `/api/v1/tickets/${ticket.key}`, {
      token: admin,
      body: { assignee: 'infra@opsdesk.local' },
    });
    const deadline = Date.now() + 10_000;
    while ((await told()) === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(await told()).toBe(1);
  });
});

describe('summary and description on request forms (issue 21, item 6)', () => {
  it('the summary names the ticket and the description is its first comment; a type may not ask for them', async () => {
    const filed = await t.api('POST', '/api/v1/requests', {
      token: dev,
      body: {
        requestType: 'new-laptop',
        fields: { model: 'ThinkPad T14' },
        summary: 'Laptop for the new designer',
        description: 'Starts Monday; needs 32 GB of memory.',
      },
    });
    expect(filed.status).toBe(201);
    const ticket = await t.api('GET', `/api/v1/tickets/${filed.body.key}`, { token: infra });
    expect(ticket.body.title).toBe('Laptop for the new designer');
    expect(ticket.body.comments[0]).toMatchObject({
      body: 'Starts Monday; needs 32 GB of memory.',
      internal: false,
      author: expect.objectContaining({ name: expect.any(String) }),
    });

    const off = await t.api('PATCH', '/api/v1/catalog/request-types/new-laptop', {
      token: admin,
      body: { askSummary: false },
    });
    expect(off.body.askSummary).toBe(false);
    const refused = await t.api('POST', '/api/v1/requests', {
      token: dev,
      body: { requestType: 'new-laptop', fields: { model: 'X' }, summary: 'Mine' },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details).toEqual([
      { field: 'summary', message: 'this request type does not ask for it' },
    ]);
  });
});
