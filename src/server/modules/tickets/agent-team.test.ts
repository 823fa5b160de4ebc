// Acting as an agent on a ticket needs the agent permission on the ticket's team (issue 16,
// finding 6): an agent who sees a ticket only as its approver (a manager) may not work it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../testing/harness.js';
import { fileAndApprove, waitForStatus } from '../../testing/tickets.js';

let t: TestApp;
let admin: string;
let dev: string;
let lead: string;

beforeAll(async () => {
  // No default team either, so the ticket really has none.
  t = await startTestApp({ worker: true, config: { OPSDESK_DEFAULT_TEAM: 'nobody-home' } });
  [admin, dev, lead] = await Promise.all([
    t.login('admin@opsdesk.local'),
    t.login('dev@opsdesk.local'),
    t.login('lead@opsdesk.local'),
  ]);
});
afterAll(() => t.close());

describe('agent transitions on a ticket with no team', () => {
  it('the approving manager (an agent of no team of the ticket) cannot resolve it; an admin can', async () => {
    const patched = await t.api('PATCH', '/api/v1/catalog/request-types/start-request-only-staging', {
      token: admin,
      body: { team: null },
    });
    expect(patched.status).toBe(200);
    const ticket = await fileAndApprove(t, { requester: dev, approver: lead }, 'start-request-only-staging', {
      environment: 'bugfix1x2',
    });
    await waitForStatus(t, dev, ticket.key, 'waiting_for_customer');
    const reported = await t.api('POST', `/api/v1/tickets/${ticket.key}/comments`, {
      token: dev,
      body: { body: 'It is still stopped.' },
    });
    expect(reported.status).toBe(201);
    await waitForStatus(t, dev, ticket.key, 'need_further_support');

    // The manager still sees the ticket (as its approver) …
    const seen = await t.api('GET', `/api/v1/tickets/${ticket.key}`, { token: lead });
    expect(seen.status).toBe(200);
    // … but may not act as its agent, nor write internal notes on it.
    const resolved = await t.api('POST', `/api/v1/tickets/${ticket.key}/transitions`, {
      token: lead,
      body: { name: 'resolve' },
    });
    expect(resolved.status).toBe(403);
    const internal = await t.api('POST', `/api/v1/tickets/${ticket.key}/comments`, {
      token: lead,
      body: { body: 'agents only', internal: true },
    });
    expect(internal.status).toBe(403);
    expect((await t.api('GET', `/api/v1/tickets/${ticket.key}`, { token: dev })).body.status).toBe(
      'need_further_support',
    );

    const byAdmin = await t.api('POST', `/api/v1/tickets/${ticket.key}/transitions`, {
      token: admin,
      body: { name: 'resolve' },
    });
    expect(byAdmin.status).toBe(200);
    expect(byAdmin.body.status).toBe('waiting_for_customer');
  });
});
