// `afterCommit`: work a change causes runs once it has committed, with the connection back in the
// pool, and never for a change that did not commit; where there is no commit to wait for (the
// pool, a savepoint) the caller is told so.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/database.js';
import { afterCommit, connect, type Database, databaseOf, systemActor, withTransaction } from './client.js';

let testDatabase: TestDatabase;
let database: Database;
const actor = systemActor('test');

beforeAll(async () => {
  testDatabase = await createTestDatabase();
  database = connect(testDatabase.url, { poolSize: 2 });
  await database.db.execute(sql`
    create table after_commit_probe (id int primary key, other int unique deferrable initially deferred)`);
});
afterAll(async () => {
  await database.close();
  await testDatabase.drop();
});

/** Clients checked out of the pool right now. */
const checkedOut = () => database.pool.totalCount - database.pool.idleCount;

describe('afterCommit', () => {
  it('runs once the change is committed and its connection is back in the pool, in order', async () => {
    const called: { step: string; checkedOut: number }[] = [];
    // What each callback's own work (started, not awaited) sees: the committed row.
    const work: Promise<{ step: string; rows: number }>[] = [];
    const result = await withTransaction(database.db, actor, async (tx) => {
      await tx.execute(sql`insert into after_commit_probe (id) values (1)`);
      expect(databaseOf(tx)).toBe(database.db);
      for (const step of ['first', 'second'])
        expect(
          afterCommit(tx, () => {
            called.push({ step, checkedOut: checkedOut() });
            work.push(
              database.pool
                .query('select count(*)::int as n from after_commit_probe where id = 1')
                .then(({ rows }) => ({ step, rows: rows[0].n as number })),
            );
          }),
        ).toBe(true);
      expect(called).toEqual([]);
      return 'done';
    });
    expect(result).toBe('done');
    expect(called).toEqual([
      { step: 'first', checkedOut: 0 },
      { step: 'second', checkedOut: 0 },
    ]);
    expect(await Promise.all(work)).toEqual([
      { step: 'first', rows: 1 },
      { step: 'second', rows: 1 },
    ]);
  });

  it('never runs for a change that rolls back, nor for one whose COMMIT fails', async () => {
    const calls: string[] = [];
    await expect(
      withTransaction(database.db, actor, async (tx) => {
        await tx.execute(sql`insert into after_commit_probe (id) values (2)`);
        afterCommit(tx, () => calls.push('rolled back'));
        throw new Error('the change fails');
      }),
    ).rejects.toThrow('the change fails');
    // The deferred unique check fails at COMMIT itself.
    await expect(
      withTransaction(database.db, actor, async (tx) => {
        await tx.execute(sql`insert into after_commit_probe (id, other) values (3, 7), (4, 7)`);
        afterCommit(tx, () => calls.push('commit failed'));
      }),
    ).rejects.toThrow(/duplicate key/);
    expect(calls).toEqual([]);
    expect(checkedOut()).toBe(0);
    const { rows } = await database.pool.query('select id from after_commit_probe where id > 1');
    expect(rows).toEqual([]);
  });

  it('is refused where no commit of its own follows: the pool and a savepoint', async () => {
    expect(afterCommit(database.db, () => undefined)).toBe(false);
    expect(databaseOf(database.db)).toBeUndefined();
    await withTransaction(database.db, actor, async (tx) => {
      await tx.transaction(async (savepoint) => {
        expect(afterCommit(savepoint, () => undefined)).toBe(false);
        expect(databaseOf(savepoint)).toBeUndefined();
      });
    });
  });

  it('keeps a committed change committed when a callback throws, and runs the others', async () => {
    const calls: string[] = [];
    const result = await withTransaction(database.db, actor, async (tx) => {
      await tx.execute(sql`insert into after_commit_probe (id) values (5)`);
      afterCommit(tx, () => {
        throw new Error('a broken callback');
      });
      afterCommit(tx, () => calls.push('after the broken one'));
      return 5;
    });
    expect(result).toBe(5);
    expect(calls).toEqual(['after the broken one']);
    const { rows } = await database.pool.query('select id from after_commit_probe where id = 5');
    expect(rows).toEqual([{ id: 5 }]);
  });
});
