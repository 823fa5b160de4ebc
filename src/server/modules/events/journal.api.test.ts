// The intake journal on a real PostgreSQL with the real worker: concurrent deliveries share a
// group commit and every alert is stored exactly once; a delivery journalled while no worker runs
// (the process died between the commit and processing) becomes an alert when a worker starts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorker, type WorkerHandle } from '../../jobs/worker.js';
import { startTestApp, type TestApp } from '../../testing/harness.js';
import { jobHandlers, jobRegistry } from '../index.js';
import { drainAfterFlush } from './journal.service.js';
import { amAlert, amMessage } from './payloads.testing.js';

let t: TestApp;
let admin: string;
let infra: string;
let worker: WorkerHandle | null = null;

/** The real worker (as `opsdesk start` runs it), started and stopped by these tests. */
const runWorker = () =>
  startWorker({
    database: t.context.database,
    registry: jobRegistry,
    handlers: jobHandlers(t.context),
    concurrency: 4,
    logger: t.context.log,
    pollInterval: 100,
  });

beforeAll(async () => {
  t = await startTestApp();
  worker = await runWorker();
  [admin, infra] = await Promise.all(['admin', 'infra'].map((name) => t.login(`${name}@opsdesk.local`)));
  const server = await t.api('POST', '/api/v1/cis', {
    token: infra,
    body: { class: 'server', name: 'app-07' },
  });
  expect(server.status, JSON.stringify(server.body)).toBe(201);
});

afterAll(async () => {
  await worker?.stop();
  await t?.close();
});

async function integration(name: string) {
  const response = await t.api('POST', '/api/v1/integrations', {
    token: admin,
    body: { kind: 'alertmanager', name },
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  const url = new URL(response.body.url);
  return { id: response.body.id as string, path: url.pathname + url.search };
}

const query = async <T>(text: string, values: unknown[]): Promise<T[]> =>
  (await t.context.database.pool.query(text, values)).rows as T[];

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('intake journal', () => {
  it('answers many concurrent deliveries from a few group commits and stores every alert exactly once', async () => {
    const am = await integration('Concurrent');
    const senders = 40;
    // Each message: an alert of its own, and the same occurrence of a shared one (an HA pair's
    // duplicate): 40 alerts plus one, the shared one seen once.
    const shared = amAlert({ alertname: 'Shared', instance: 'app-07', severity: 'major' });
    const answers = await Promise.all(
      Array.from({ length: senders }, (_, index) =>
        t.api('POST', am.path, {
          body: amMessage([
            amAlert({ alertname: `Own${index}`, instance: 'app-07', severity: 'warning' }),
            shared,
          ]),
        }),
      ),
    );
    for (const answer of answers) expect(answer.body).toEqual({ accepted: 2 });
    // Rows written by one flush share its received_at: fewer commits than messages.
    const [journal] = await query<{ messages: number; commits: number }>(
      'select count(*)::int as messages, count(distinct received_at)::int as commits from event_journal where integration_id = $1',
      [am.id],
    );
    expect(journal!.messages).toBe(senders);
    expect(journal!.commits).toBeLessThan(senders);

    const listed = await t.api('GET', `/api/v1/alerts?limit=500&q=app-07`, { token: infra });
    const mine = listed.body.filter(
      (alert: { integration: { id: string } }) => alert.integration.id === am.id,
    );
    expect(mine).toHaveLength(senders + 1);
    const names = mine.map((alert: { labels: { alertname: string } }) => alert.labels.alertname);
    expect(new Set(names).size).toBe(senders + 1);
    expect(
      mine.find((alert: { labels: { alertname: string } }) => alert.labels.alertname === 'Shared'),
    ).toMatchObject({ occurrences: 1, ci: { name: 'app-07' } });
    const [occurrences] = await query<{ n: number }>(
      'select count(*)::int as n from alert_occurrences where integration_id = $1',
      [am.id],
    );
    expect(occurrences!.n).toBe(senders + 1);
    // Every message's counts, recorded by the drain: 40 new alerts, the shared one once.
    const outcomes = await query<{ outcome: { created: number; duplicates: number } }>(
      'select outcome from event_journal where integration_id = $1 and processed_at is not null',
      [am.id],
    );
    expect(outcomes).toHaveLength(senders);
    expect(outcomes.reduce((sum, row) => sum + row.outcome.created, 0)).toBe(senders + 1);
    expect(outcomes.reduce((sum, row) => sum + row.outcome.duplicates, 0)).toBe(senders - 1);
  });

  it('answers concurrent ?wait=processed deliveries with their own counts, more of them than pool connections', async () => {
    const am = await integration('Counted');
    const shared = amAlert({ alertname: 'SharedCounted', instance: 'app-07', severity: 'minor' });
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, index) =>
        t.api('POST', `${am.path}&wait=processed`, {
          body: amMessage([amAlert({ alertname: `Counted${index}`, instance: 'app-07' }), shared]),
        }),
      ),
    );
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ accepted: 2, updated: 0 });
      expect(answer.body.created + answer.body.duplicates).toBe(2);
    }
    const sum = (key: 'created' | 'duplicates') =>
      answers.reduce((total, answer) => total + (answer.body[key] as number), 0);
    expect(sum('created')).toBe(31);
    expect(sum('duplicates')).toBe(29);
  });

  it('the job drains the journal by itself, within moments of the answer', async () => {
    const am = await integration('Drained');
    // No drain after the flush, and no read of alerts here (that would drain): the job does it.
    drainAfterFlush(t.context, false);
    const answer = await t.api('POST', am.path, {
      body: amMessage([amAlert({ alertname: 'NoReader', instance: 'app-07', severity: 'critical' })]),
    });
    expect(answer.status).toBe(200);
    const stored = await until(
      () => query<{ n: number }>('select count(*)::int as n from alerts where integration_id = $1', [am.id]),
      (rows) => rows[0]!.n === 1,
      5_000,
    );
    drainAfterFlush(t.context, true);
    expect(stored[0]!.n).toBe(1);
  });

  it('loses nothing when the process stops between the journal commit and processing', async () => {
    const am = await integration('Crashed');
    // As if the process died right after the journal commit: no worker, no drain after the flush.
    await worker!.stop();
    worker = null;
    drainAfterFlush(t.context, false);
    const answer = await t.api('POST', am.path, {
      body: amMessage([amAlert({ alertname: 'Survivor', instance: 'app-07', severity: 'critical' })]),
    });
    expect(answer.body).toEqual({ accepted: 1 });
    // Durable but not processed: a journal row, its ingest job, no alert yet.
    const pending = await query<{ n: number }>(
      'select count(*)::int as n from event_journal where integration_id = $1 and processed_at is null',
      [am.id],
    );
    expect(pending[0]!.n).toBe(1);
    const jobs = await query<{ n: number }>(
      "select count(*)::int as n from graphile_worker.jobs where task_identifier = 'events.ingest'",
      [],
    );
    expect(jobs[0]!.n).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const none = await query<{ n: number }>(
      'select count(*)::int as n from alerts where integration_id = $1',
      [am.id],
    );
    expect(none[0]!.n).toBe(0);

    worker = await runWorker();
    drainAfterFlush(t.context, true);
    const stored = await until(
      () =>
        query<{ status: string; incident_id: string | null }>(
          'select status, incident_id from alerts where integration_id = $1',
          [am.id],
        ),
      (rows) => rows.length === 1 && rows[0]!.incident_id !== null,
    );
    // Stored once, and correlated as any alert (a critical alert opens an incident).
    expect(stored).toHaveLength(1);
    expect(stored[0]!.status).toBe('firing');
    expect(stored[0]!.incident_id).not.toBeNull();
  });
});
