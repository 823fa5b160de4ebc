// The dispatch of one occurrence reads once and writes once (issue 18): its row, ticket, event
// facts, audiences' people and their preferences in one statement; the claim, deliveries, inbox
// and jobs in another. Run by calling the job handler directly, without a worker, so nothing is
// sent inline (the deliveries wait for their deliver jobs) and every statement counted is its own.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countStatements, inScope } from '../../db/statement-counter.js';
import { startTestApp, type TestApp } from '../../testing/harness.js';
import { fileRequest } from '../../testing/tickets.js';
import { dispatch } from './pipeline/dispatch.js';

let t: TestApp;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  t = await startTestApp({ worker: false, dispatchAfterCommit: false });
  for (const name of ['dev', 'infra', 'admin']) tokens[name] = await t.login(`${name}@opsdesk.local`);
  // Rules are data: the filing told to the ticket's followers too.
  const rules = await t.api('PUT', '/api/v1/admin/notifications/rules/request.filed', {
    token: tokens.admin,
    body: { rules: [{ audience: 'requester' }, { audience: 'ticket_subscribers' }] },
  });
  expect(rules.status).toBe(200);
  // infra follows filings in the bell only.
  const preferences = await t.api('PUT', '/api/v1/notifications/preferences', {
    token: tokens.infra,
    body: { events: [{ event: 'request.filed', email: 'off', inApp: true }] },
  });
  expect(preferences.status).toBe(200);
});
afterAll(async () => {
  await t?.close();
});

/** Files a request followed by infra and by an address without an account; its filing's occurrence. */
async function followedFiling(): Promise<{ key: string; eventId: string }> {
  const { key } = await fileRequest(t, tokens.dev!, 'start-request-only-staging', {
    environment: 'bugfix1x2',
  });
  expect((await t.api('PUT', `/api/v1/tickets/${key}/subscription`, { token: tokens.infra })).status).toBe(
    200,
  );
  const added = await t.api('POST', `/api/v1/tickets/${key}/subscribers`, {
    token: tokens.infra,
    body: { email: 'auditor@example.com', name: 'Audit Team' },
  });
  expect(added.status).toBe(201);
  const { rows } = await t.context.db.execute<{ id: string }>(
    sql`select e.id from notification_events e join tickets t on t.id = e.ticket_id
         where t.key = ${key} and e.event = 'request.filed'`,
  );
  return { key, eventId: rows[0]!.id };
}

async function deliveriesOf(eventId: string) {
  const { rows } = await t.context.db.execute<{ to: string; channel: string; status: string }>(
    sql`select coalesce(d.recipient_address, u.email) as to, d.channel, d.status
          from notification_deliveries d left join users u on u.id = d.recipient_user_id
         where d.event_id = ${eventId} order by 1, 2`,
  );
  return rows;
}

/**
 * Files two followed requests and dispatches both; the first fills the caches (users, rules,
 * templates), as in a running worker, and the second's statements are counted.
 */
async function countedDispatch() {
  const warm = await followedFiling();
  await dispatch(t.context, warm.eventId);
  const { eventId } = await followedFiling();
  const counter = countStatements('opsdesk');
  try {
    await inScope('dispatch', () => dispatch(t.context, eventId));
  } finally {
    counter.stop();
  }
  return { warm, eventId, statements: counter.statements.map((statement) => statement.text) };
}

describe('dispatching one occurrence', () => {
  it('reads once and writes once, and tells the followers as they chose', async () => {
    const { warm, eventId, statements } = await countedDispatch();
    expect(statements).toHaveLength(2);
    expect(await deliveriesOf(eventId)).toEqual([
      { to: 'auditor@example.com', channel: 'email', status: 'pending' },
      { to: 'dev@opsdesk.local', channel: 'email', status: 'pending' },
      { to: 'infra@opsdesk.local', channel: 'in_app', status: 'sent' },
    ]);
    expect(await deliveriesOf(warm.eventId)).toEqual(await deliveriesOf(eventId));
  });

  it('reads the team a rule names, with each member’s preference, in the same read', async () => {
    const rules = await t.api('PUT', '/api/v1/admin/notifications/rules/request.filed', {
      token: tokens.admin,
      body: { rules: [{ audience: 'agent_team' }] },
    });
    expect(rules.status).toBe(200);
    const { warm, eventId, statements } = await countedDispatch();
    expect(statements).toHaveLength(2);
    // infra (the request type's team) chose the bell only; the requester and followers hear nothing.
    expect(await deliveriesOf(eventId)).toEqual([
      { to: 'infra@opsdesk.local', channel: 'in_app', status: 'sent' },
    ]);
    expect(await deliveriesOf(warm.eventId)).toEqual(await deliveriesOf(eventId));
  });
});
