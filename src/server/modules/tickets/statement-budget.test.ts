// The statement budget of the core loop (issue 18): file → verify → approve → fulfil → waiting
// for customer, through the HTTP API with the real worker, counting every SQL statement the app's
// pool sends (the HTTP calls, the jobs they cause, graphile-worker fetching and completing those
// jobs). A change that adds round trips to the loop fails here; raise the budget only on purpose.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countStatements, inScope, type StatementCounter } from '../../db/statement-counter.js';
import { startTestApp, type TestApp } from '../../testing/harness.js';

/**
 * Statements for one whole lifecycle (measured on 2026-12-07: 165–170 at the start of the day;
 * fulfilment.execute 40 → 22, notification dispatch one write per event — it sends its few
 * messages itself —, a transition's writes and status history in one statement and an approval
 * decided in one, the runs read with the ticket view brought it to 93–96, a dispatch's event facts
 * and audiences read with its occurrence to 85–87, notifications dispatched by the recording
 * process after commit (no dispatch job to add, fetch and complete, no safety-net deliver job
 * waking an idle worker) to 68–73 (graphile-worker's own fetches vary by 2–5); 178–181 and 237
 * before; see bench/README.md, "statements per lifecycle" and "The core loop, seventh round"). The
 * margin covers a 5-second cache (users, teams, CI classes) expiring during the run, which adds a
 * read or two; the goal is 40.
 */
const BUDGET = 76;
/**
 * Statements of one notification dispatch (after commit): its read (the occurrence, ticket, event
 * facts, audience and preferences), its write (claim, deliveries, inbox, jobs) and the record of
 * the one message it sends itself (issue 18: 3–6 before the event facts and audiences were read
 * with the occurrence).
 */
const DISPATCH_BUDGET_PER_EVENT = 3;
/** The loop's notification events: filed, approval requested, approved, fulfilled. */
const LOOP_EVENTS = 4;

let t: TestApp;
let dev: string;
let lead: string;
let observer: pg.Client;

beforeAll(async () => {
  // No idle polling: jobs arrive by NOTIFY, so every statement counted is caused by the loop.
  t = await startTestApp({ worker: true, workerPollInterval: 600_000 });
  let admin: string;
  [dev, lead, admin] = await Promise.all(
    ['dev', 'lead', 'admin'].map((name) => t.login(`${name}@opsdesk.local`)),
  );
  for (const name of ['budget-1', 'budget-2']) {
    const response = await t.api('POST', '/api/v1/environments', {
      token: admin,
      body: { name, requestOnly: true },
    });
    expect(response.status).toBe(201);
  }
  observer = new pg.Client({ connectionString: t.context.database.url, application_name: 'budget-observer' });
  await observer.connect();
});
afterAll(async () => {
  await observer?.end();
  await t?.close();
});

/** Waits until the ticket has `status` and no work is left (jobs due, notifications to dispatch or send). */
async function settled(key: string, status: string) {
  const deadline = Date.now() + 20_000;
  let last = '';
  while (Date.now() < deadline) {
    // Due jobs, and notifications still being dispatched or sent after their change committed.
    const { rows } = await observer.query(
      `select (select status from tickets where key = $1) as status,
              (select count(*) from graphile_worker.jobs where run_at <= now())::int
              + (select count(*) from notification_events where dispatched_at is null)::int
              + (select count(*) from notification_deliveries where status in ('pending', 'sending'))::int as due`,
      [key],
    );
    if (rows[0].status === status && rows[0].due === 0) return;
    last = `${rows[0].status}, ${rows[0].due} due: ${JSON.stringify(
      (
        await observer.query(
          'select task_identifier, run_at, locked_at, attempts, last_error from graphile_worker.jobs where run_at <= now()',
        )
      ).rows,
    )}`;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`${key} did not settle in ${status}: ${last}`);
}

async function lifecycle(environment: string): Promise<string> {
  const filed = await inScope('POST /requests', () =>
    t.api('POST', '/api/v1/requests', {
      token: dev,
      body: { requestType: 'start-request-only-staging', fields: { environment } },
    }),
  );
  expect(filed.status).toBe(201);
  const { key } = filed.body;
  await settled(key, 'waiting_for_approval');
  const approved = await inScope('POST /approve', () =>
    t.api('POST', `/api/v1/tickets/${key}/approve`, { token: lead, body: {} }),
  );
  expect(approved.status).toBe(200);
  await settled(key, 'waiting_for_customer');
  return key;
}

/**
 * The loop's notifications were all dispatched and settled: fewer statements must not mean a
 * step that silently did nothing (a broken dispatch once passed the count with fewer).
 */
async function notified(key: string) {
  const { rows } = await observer.query(
    `select (select count(*) from notification_events e join tickets t on t.id = e.ticket_id
              where t.key = $1 and e.dispatched_at is null)::int as undispatched,
            (select count(*) from notification_deliveries d join tickets t on t.id = d.ticket_id
              where t.key = $1)::int as deliveries,
            (select count(*) from notification_deliveries d join tickets t on t.id = d.ticket_id
              where t.key = $1 and d.status in ('pending', 'sending', 'retrying'))::int as unsettled,
            (select array_agg(distinct u.email order by u.email) from in_app_notifications n
               join tickets t on t.id = n.ticket_id join users u on u.id = n.user_id where t.key = $1) as inbox`,
    [key],
  );
  expect(rows[0]).toEqual({
    undispatched: 0,
    deliveries: expect.any(Number),
    unsettled: 0,
    inbox: ['dev@opsdesk.local', 'lead@opsdesk.local'],
  });
  expect(rows[0].deliveries).toBeGreaterThan(0);
}

function report(counter: StatementCounter) {
  const lines = Object.entries(counter.byScope()).map(([scope, count]) => `  ${scope}: ${count}`);
  const transactions = counter.statements.filter((statement) => /^\s*begin/i.test(statement.text)).length;
  return `${counter.statements.length} statements, ${transactions} transactions\n${lines.join('\n')}`;
}

describe('statement budget of the core loop', () => {
  it(`file → verify → approve → fulfil → waiting for customer costs at most ${BUDGET} statements`, async () => {
    // Warm-up: caches filled, as in a running server.
    await lifecycle('budget-1');
    const counter = countStatements('opsdesk');
    let key = '';
    try {
      key = await lifecycle('budget-2');
    } finally {
      counter.stop();
    }
    await notified(key);
    const summary = report(counter);
    console.log(summary);
    if (process.env.STATEMENT_BUDGET_VERBOSE)
      console.log(
        counter.statements.map((s) => `[${s.scope}] ${s.text.replace(/\s+/g, ' ').slice(0, 200)}`).join('\n'),
      );
    expect(counter.statements.length, summary).toBeLessThanOrEqual(BUDGET);
    expect(counter.byScope()['dispatch after commit'] ?? 0, summary).toBeLessThanOrEqual(
      DISPATCH_BUDGET_PER_EVENT * LOOP_EVENTS,
    );
    // A counter that saw nothing passes any budget (it once did, when the pool's clients got their
    // own query function): the loop cannot run on fewer than its steps' transactions.
    expect(
      counter.statements.filter((s) => s.scope.includes('requests.verify')).length,
      summary,
    ).toBeGreaterThan(0);
    expect(counter.statements.length, summary).toBeGreaterThan(30);
  });
});
