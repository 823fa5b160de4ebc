import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/database.js';
import { connect, type Database } from './client.js';
import { statementNamer } from './prepared.js';

describe('statementNamer', () => {
  it('names a text once it is hot, keeps its name, and names no more than the cap', () => {
    const namer = statementNamer({ hotAfter: 3, maxNamed: 2, maxTracked: 10 });
    expect([namer.nameFor('a'), namer.nameFor('a')]).toEqual([undefined, undefined]);
    const name = namer.nameFor('a');
    expect(name).toMatch(/^opsdesk_\d+$/);
    expect(namer.nameFor('a')).toBe(name);
    for (let i = 0; i < 3; i++) namer.nameFor('b');
    for (let i = 0; i < 5; i++) expect(namer.nameFor('c')).toBeUndefined();
    expect(namer.named).toBe(2);
  });

  it('stops learning new texts beyond what it tracks', () => {
    const namer = statementNamer({ hotAfter: 1, maxNamed: 100, maxTracked: 2 });
    namer.nameFor('a');
    namer.nameFor('b');
    expect(namer.nameFor('c')).toBeUndefined();
    expect(namer.nameFor('a')).toBeDefined();
  });
});

describe('prepared statements on a real server', () => {
  let testDatabase: TestDatabase;
  let database: Database;
  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    database = connect(testDatabase.url, { poolSize: 1 });
  });
  afterAll(async () => {
    await database.close();
    await testDatabase.drop();
  });

  const prepared = async () =>
    (
      await database.db.execute<{ statement: string }>(
        sql`select statement from pg_prepared_statements where name like 'opsdesk_%'`,
      )
    ).rows.map((row) => row.statement);

  it('a repeated parameterised statement is prepared once on the connection and answers as before', async () => {
    const answers: number[] = [];
    for (let i = 0; i < 6; i++) {
      const { rows } = await database.db.execute<{ n: number }>(sql`select ${i}::int + 40 as n`);
      answers.push(rows[0]?.n ?? -1);
    }
    expect(answers).toEqual([40, 41, 42, 43, 44, 45]);
    expect(await prepared()).toContain('select $1::int + 40 as n');
  });

  it('statements without parameters (several commands in one text) are sent as they are', async () => {
    for (let i = 0; i < 4; i++) {
      const result = await database.pool.query('select 1 as one; select 2 as two');
      expect(Array.isArray(result)).toBe(true);
    }
    expect((await prepared()).some((text) => text.includes('select 2 as two'))).toBe(false);
  });

  it('a table altered under a prepared statement fails that send once, then the text works again', async () => {
    await database.pool.query('create table prepared_probe (a int)');
    await database.pool.query('insert into prepared_probe values (1)');
    const read = () => database.pool.query('select * from prepared_probe where a = $1', [1]);
    for (let i = 0; i < 4; i++) expect((await read()).rows).toEqual([{ a: 1 }]);
    await database.pool.query('alter table prepared_probe add column b int');
    // PostgreSQL refuses a cached plan whose columns changed; the next send goes unnamed.
    const first = await read().then(
      (result) => result.rows,
      (error: Error) => error.message,
    );
    expect(first).toBe('cached plan must not change result type');
    expect((await read()).rows).toEqual([{ a: 1, b: null }]);
  });

  it('statements the server dropped behind pg (DISCARD ALL) are prepared again: outside a transaction the send just works', async () => {
    const read = () => database.pool.query('select $1::int * 2 as twice', [21]);
    for (let i = 0; i < 4; i++) expect((await read()).rows).toEqual([{ twice: 42 }]);
    expect(await prepared()).toContain('select $1::int * 2 as twice');
    await database.pool.query('discard all');
    expect(await prepared()).not.toContain('select $1::int * 2 as twice');
    expect((await read()).rows).toEqual([{ twice: 42 }]);
    expect(await prepared()).toContain('select $1::int * 2 as twice');
  });

  it('inside a transaction the lost statement fails that transaction once; the next one works', async () => {
    const read = (client: { query: typeof database.pool.query }) =>
      client.query('select $1::int + 1 as next', [1]);
    for (let i = 0; i < 4; i++) expect((await read(database.pool)).rows).toEqual([{ next: 2 }]);
    await database.pool.query('deallocate all');
    const client = await database.pool.connect();
    try {
      await client.query('begin');
      const failed = await read(client).then(
        () => 'ran',
        (error: { code?: string }) => error.code,
      );
      expect(failed).toBe('26000');
      await client.query('rollback');
      await client.query('begin');
      expect((await read(client)).rows).toEqual([{ next: 2 }]);
      await client.query('commit');
    } finally {
      client.release();
    }
  });
});
