import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { connect, type Database, systemActor, withTransaction } from '../db/client.js';
import { requestJobs } from '../modules/requests/requests.jobs.js';
import { createTestDatabase, type TestDatabase } from '../testing/database.js';
import { cancelJobs } from './queue.js';

let testDatabase: TestDatabase;
let database: Database;
beforeAll(async () => {
  testDatabase = await createTestDatabase();
  database = connect(testDatabase.url);
});
afterAll(async () => {
  await database.close();
  await testDatabase.drop();
});

const keys = async () =>
  (
    await database.db.execute<{ key: string }>(sql`select key from graphile_worker.jobs order by key`)
  ).rows.map((row) => row.key);

it('adds many keyed jobs in one statement, replaces them by key, and cancels them in one statement', async () => {
  const runAt = new Date(Date.now() + 60_000);
  await withTransaction(database.db, systemActor('test'), (tx) =>
    requestJobs.enqueueMany(tx, 'requests.verify', [
      { payload: { ticketId: '00000000-0000-4000-8000-000000000001' }, jobKey: 'a', runAt },
      { payload: { ticketId: '00000000-0000-4000-8000-000000000002' }, jobKey: 'b', runAt },
    ]),
  );
  await withTransaction(database.db, systemActor('test'), (tx) =>
    requestJobs.enqueueMany(tx, 'requests.verify', [
      { payload: { ticketId: '00000000-0000-4000-8000-000000000003' }, jobKey: 'a', runAt },
    ]),
  );
  expect(await keys()).toEqual(['a', 'b']);
  await withTransaction(database.db, systemActor('test'), (tx) => cancelJobs(tx, ['a', 'never-scheduled']));
  expect(await keys()).toEqual(['b']);
});

it('a definition’s priority goes with its jobs (the core loop’s steps ahead of waiting notifications), an enqueue’s own wins', async () => {
  const runAt = new Date(Date.now() + 60_000);
  await withTransaction(database.db, systemActor('test'), async (tx) => {
    await requestJobs.enqueue(
      tx,
      'requests.verify',
      { ticketId: '00000000-0000-4000-8000-000000000011' },
      { jobKey: 'p1', runAt },
    );
    await requestJobs.enqueue(
      tx,
      'requests.verify',
      { ticketId: '00000000-0000-4000-8000-000000000012' },
      { jobKey: 'p2', runAt, priority: 3 },
    );
  });
  const { rows } = await database.db.execute<{ key: string; priority: number }>(
    sql`select key, priority from graphile_worker.jobs where key in ('p1', 'p2') order by key`,
  );
  expect(rows).toEqual([
    { key: 'p1', priority: -10 },
    { key: 'p2', priority: 3 },
  ]);
});
