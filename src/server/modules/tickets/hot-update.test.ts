// A ticket's transitions are HOT updates (issue 18, migration 0030): no index of tickets holds a
// column a transition writes (status, status_changed_at, updated_at, resolved_at, closed_at,
// outcome, version), so PostgreSQL writes the row's new version on its page without a new entry in
// any of the table's indexes (three of them GIN). An index on one of those columns makes every
// transition write all of them again: this test then fails.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../testing/harness.js';
import { fileRequest, waitForStatus } from '../../testing/tickets.js';

let t: TestApp;
let dev: string;
let lead: string;
let observer: pg.Client;

beforeAll(async () => {
  t = await startTestApp({ worker: true });
  let admin: string;
  [dev, lead, admin] = await Promise.all(
    ['dev', 'lead', 'admin'].map((name) => t.login(`${name}@opsdesk.local`)),
  );
  const environment = await t.api('POST', '/api/v1/environments', {
    token: admin,
    body: { name: 'hot-1', requestOnly: true },
  });
  expect(environment.status).toBe(201);
  observer = new pg.Client({ connectionString: t.context.database.url });
  await observer.connect();
});
afterAll(async () => {
  await observer?.end();
  await t?.close();
});

interface Updates {
  updated: number;
  hot: number;
}

/**
 * The table's update counters as the statistics hold them. Each backend of the app's pool sends its
 * counts when idle (at most once a second, else within 10 s; PostgreSQL 15), so a caller polls.
 */
async function updates(): Promise<Updates> {
  await observer.query('select pg_stat_clear_snapshot()');
  const { rows } = await observer.query(
    `select n_tup_upd::int as updated, n_tup_hot_upd::int as hot from pg_stat_user_tables where relname = 'tickets'`,
  );
  return rows[0];
}

describe("a ticket's transitions", () => {
  it('are HOT updates: no index entry is written for them', async () => {
    const before = await updates();
    const ticket = await fileRequest(t, dev, 'start-request-only-staging', { environment: 'hot-1' });
    await waitForStatus(t, dev, ticket.key, 'waiting_for_approval');
    const approved = await t.api('POST', `/api/v1/tickets/${ticket.key}/approve`, { token: lead, body: {} });
    expect(approved.status).toBe(200);
    await waitForStatus(t, dev, ticket.key, 'waiting_for_customer');
    // Verified, approved and fulfilled (to waiting_for_customer):
    // every entry after the filing is one update of the ticket's row.
    const { rows } = await observer.query(
      `select count(*)::int - 1 as transitions from ticket_history h join tickets t on t.id = h.ticket_id where t.key = $1`,
      [ticket.key],
    );
    const transitions: number = rows[0].transitions;
    expect(transitions).toBeGreaterThanOrEqual(3);
    // Until every backend has reported the updates it made.
    let after = await updates();
    const deadline = Date.now() + 25_000;
    while (after.updated - before.updated < transitions && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      after = await updates();
    }
    const delta = { updated: after.updated - before.updated, hot: after.hot - before.hot };
    expect(delta.updated).toBeGreaterThanOrEqual(transitions);
    expect(delta).toEqual({ updated: delta.updated, hot: delta.updated });
  }, 60_000);
});
