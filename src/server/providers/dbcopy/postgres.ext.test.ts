import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PermanentProviderError, TransientProviderError } from '../types.js';
import { copyTables, databaseExists, missingTables } from './index.js';
import { copyPostgres } from './postgres.js';
import { shopDataSql, shopSchemaSql, tableDigest } from './postgres-fixtures.js';
import { createPgDatabase, onPgServer, type PgTestDatabase, uniqueName } from './test-databases.js';

let source: PgTestDatabase;
let target: PgTestDatabase;
let lines: string[];

beforeEach(async () => {
  source = await createPgDatabase('dbcopy_src');
  target = await createPgDatabase('dbcopy_dst');
  await source.run(shopSchemaSql + shopDataSql);
  await target.run(shopSchemaSql);
  lines = [];
});

afterEach(async () => {
  await source.drop();
  await target.drop();
});

function copy(tables: string[], signal = new AbortController().signal) {
  return copyTables({
    engine: 'postgres',
    source: { url: source.url },
    target: { url: target.url },
    tables,
    log: (line) => lines.push(line),
    signal,
  });
}

/** Rows a target had before a copy that must not have touched it. */
async function seedTarget(): Promise<void> {
  await target.run(`
    INSERT INTO customers (name, created_at) VALUES ('old one', now()), ('old two', now());
    INSERT INTO orders (customer_id, status, total) VALUES (1, 'sad', 1.00);
    INSERT INTO audit_log (message) VALUES ('target only'), ('still here');`);
}

async function digests(database: PgTestDatabase) {
  return {
    customers: await tableDigest(database, 'customers'),
    orders: await tableDigest(database, 'orders'),
    audit_log: await tableDigest(database, 'audit_log'),
  };
}

describe('PostgreSQL copy', () => {
  it('copies every row and value exactly, referenced tables first', async () => {
    const result = await copy(['orders', 'customers']);

    expect(result.tables).toEqual([
      { name: 'orders', sourceRows: 4950, targetRows: 4950 },
      { name: 'customers', sourceRows: 3000, targetRows: 3000 },
    ]);
    expect(await tableDigest(target, 'customers')).toEqual(await tableDigest(source, 'customers'));
    expect(await tableDigest(target, 'orders')).toEqual(await tableDigest(source, 'orders'));
    expect(lines.map((line) => line.replace(/\(\d+\.\d s\)/, '(… s)'))).toEqual([
      'customers: 3,000 rows copied (… s)',
      'orders: 4,950 rows copied (… s)',
    ]);

    const [second] = await target.rows<{ name: string; avatar: Buffer; ratio: number }>(
      'SELECT name, avatar, ratio FROM customers WHERE id = 2',
    );
    expect(second).toEqual({
      name: 'e\u0301 combining 2\ttab\nnewline\\backslash',
      avatar: Buffer.from('c81e728d9d4c2f636f067f89cc14862c00ff00', 'hex'),
      ratio: 0.5,
    });
    const [odd] = await target.rows<{ nan: number; negativeZero: number }>(
      `SELECT (SELECT ratio FROM customers WHERE id = 13) AS nan, (SELECT ratio FROM customers WHERE id = 17) AS "negativeZero"`,
    );
    expect(odd?.nan).toBeNaN();
    expect(Object.is(odd?.negativeZero, -0)).toBe(true);
  });

  it('sets serial and identity sequences past the highest copied id', async () => {
    await copy(['orders', 'customers']);
    const [customer] = await target.rows<{ id: number }>(
      "INSERT INTO customers (name, created_at) VALUES ('new', now()) RETURNING id",
    );
    const [order] = await target.rows<{ id: string }>(
      "INSERT INTO orders (customer_id, status, total) VALUES (1, 'happy', 1) RETURNING id",
    );
    expect(customer?.id).toBe(3001);
    expect(order?.id).toBe('5000');
  });

  it.each(['binary', 'text'] as const)('is exact in %s format too', async (format) => {
    await copyPostgres(
      {
        source: { url: source.url },
        target: { url: target.url },
        tables: ['customers', 'orders'],
        log: () => {},
        signal: new AbortController().signal,
      },
      format,
    );
    expect(await tableDigest(target, 'customers')).toEqual(await tableDigest(source, 'customers'));
    expect(await tableDigest(target, 'orders')).toEqual(await tableDigest(source, 'orders'));
  });

  it("replaces the target's rows with the source's and leaves unlisted tables alone", async () => {
    await seedTarget();
    const auditBefore = await tableDigest(target, 'audit_log');

    await copy(['customers', 'orders']);

    expect(await tableDigest(target, 'customers')).toEqual(await tableDigest(source, 'customers'));
    expect(await tableDigest(target, 'orders')).toEqual(await tableDigest(source, 'orders'));
    expect(await tableDigest(target, 'audit_log')).toEqual(auditBefore);
    expect(auditBefore.rows).toBe(2);
  });

  it('reports a missing table and writes nothing', async () => {
    await seedTarget();
    const before = await digests(target);

    expect(
      await missingTables('postgres', { url: source.url }, ['customers', 'orders_archive', 'Customers']),
    ).toEqual(['orders_archive', 'Customers']);
    const failure = copy(['customers', 'orders_archive']);
    await expect(failure).rejects.toBeInstanceOf(PermanentProviderError);
    await expect(failure).rejects.toThrow(/Table `orders_archive` does not exist in the source database/);
    expect(await digests(target)).toEqual(before);
  });

  it('refuses a target table of another shape, naming the column, and writes nothing', async () => {
    await seedTarget();
    await target.run(
      'ALTER TABLE orders DROP COLUMN note; ALTER TABLE customers ALTER COLUMN balance TYPE integer',
    );
    const before = await digests(target);

    const failure = copy(['customers', 'orders']);
    await expect(failure).rejects.toBeInstanceOf(PermanentProviderError);
    await expect(failure).rejects.toThrow(
      'The copy cannot be done: Table `customers`: column `balance` is numeric(20,6) in the source but integer ' +
        'in the target; Table `orders`: column `note` exists in the source but not in the target',
    );
    expect(await digests(target)).toEqual(before);
  });

  it('leaves the target as it was when a table fails halfway through the load', async () => {
    await seedTarget();
    // Same type, shorter limit: the plan accepts it, the server refuses the first long note.
    await target.run('ALTER TABLE orders ALTER COLUMN note TYPE varchar(10)');
    const before = await digests(target);

    const failure = copy(['customers', 'orders']);
    await expect(failure).rejects.toBeInstanceOf(PermanentProviderError);
    await expect(failure).rejects.toThrow(
      /On the target database: value too long for type character varying\(10\)/,
    );
    expect(lines).toEqual([expect.stringMatching(/^customers: 3,000 rows copied/)]);
    expect(await digests(target)).toEqual(before);
  });

  it('refuses to empty a table that an unlisted table refers to', async () => {
    await seedTarget();
    const failure = copy(['customers']);
    await expect(failure).rejects.toThrow(
      /Table `orders` refers to `customers` \(foreign key `orders_customer_id_fkey`\) but is not in the list/,
    );
  });

  it('does not fire target triggers during the load and restores them afterwards', async () => {
    await target.run(`
      CREATE FUNCTION note_customer() RETURNS trigger LANGUAGE plpgsql AS
        $$ BEGIN INSERT INTO audit_log (message) VALUES ('customer ' || NEW.id); RETURN NEW; END $$;
      CREATE TRIGGER customers_audit AFTER INSERT ON customers FOR EACH ROW EXECUTE FUNCTION note_customer();
      CREATE TRIGGER customers_replica AFTER INSERT ON customers FOR EACH ROW EXECUTE FUNCTION note_customer();
      ALTER TABLE customers ENABLE REPLICA TRIGGER customers_replica;`);

    await copy(['customers', 'orders']);

    expect((await tableDigest(target, 'audit_log')).rows).toBe(0);
    expect(
      await target.rows('SELECT tgname, tgenabled FROM pg_trigger WHERE NOT tgisinternal ORDER BY tgname'),
    ).toEqual([
      { tgname: 'customers_audit', tgenabled: 'O' },
      { tgname: 'customers_replica', tgenabled: 'R' },
    ]);
    await target.run("INSERT INTO customers (name, created_at) VALUES ('after', now())");
    expect(await target.rows('SELECT message FROM audit_log')).toEqual([{ message: 'customer 3001' }]);
  });

  it('loads tables whose foreign keys form a cycle', async () => {
    const cycle = `
      CREATE TABLE teams (id int PRIMARY KEY, captain_id int);
      CREATE TABLE players (id int PRIMARY KEY, team_id int REFERENCES teams (id));
      ALTER TABLE teams ADD FOREIGN KEY (captain_id) REFERENCES players (id);`;
    await source.run(`${cycle}
      INSERT INTO teams SELECT i, NULL FROM generate_series(1, 50) i;
      INSERT INTO players SELECT i, 1 + i % 50 FROM generate_series(1, 500) i;
      UPDATE teams SET captain_id = id * 10;`);
    await target.run(cycle);

    const result = await copy(['teams', 'players']);

    expect(result.tables.map((table) => table.targetRows)).toEqual([50, 500]);
    expect(await tableDigest(target, 'teams')).toEqual(await tableDigest(source, 'teams'));
  });

  it('refuses to copy a database onto itself, however its URL is spelled', async () => {
    await seedTarget();
    const before = await digests(target);
    const failure = copyTables({
      engine: 'postgres',
      source: { url: target.url },
      target: { url: `${target.url}?application_name=other` },
      tables: ['customers', 'orders'],
      log: () => {},
      signal: new AbortController().signal,
    });
    await expect(failure).rejects.toThrow('The source and the target are the same database');
    expect(await digests(target)).toEqual(before);
  });

  it('copies between two schemas of one database (sandbox environments)', async () => {
    const shared = await createPgDatabase('dbcopy_sbx');
    try {
      await shared.run(`CREATE SCHEMA sbx_a; SET search_path = sbx_a; ${shopSchemaSql} ${shopDataSql}
                        CREATE SCHEMA sbx_b; SET search_path = sbx_b; ${shopSchemaSql}
                        INSERT INTO audit_log (message) VALUES ('b only'); SET search_path = public;`);

      const result = await copyTables({
        engine: 'postgres',
        source: { url: shared.url, schema: 'sbx_a' },
        target: { url: shared.url, schema: 'sbx_b' },
        tables: ['customers', 'orders'],
        log: () => {},
        signal: new AbortController().signal,
      });

      expect(result.tables.map((table) => table.targetRows)).toEqual([3000, 4950]);
      expect(await tableDigest(shared, 'orders', 'sbx_b')).toEqual(
        await tableDigest(shared, 'orders', 'sbx_a'),
      );
      expect(await tableDigest(shared, 'customers', 'sbx_b')).toEqual(
        await tableDigest(shared, 'customers', 'sbx_a'),
      );
      expect(await shared.rows('SELECT message FROM sbx_b.audit_log')).toEqual([{ message: 'b only' }]);
      expect(
        await missingTables('postgres', { url: shared.url, schema: 'sbx_b' }, ['orders', 'nope']),
      ).toEqual(['nope']);
    } finally {
      await shared.drop();
    }
  });

  it('rolls back and reports a transient failure when interrupted', async () => {
    await seedTarget();
    const before = await digests(target);
    const controller = new AbortController();
    const failure = copyTables({
      engine: 'postgres',
      source: { url: source.url },
      target: { url: target.url },
      tables: ['customers', 'orders'],
      log: () => controller.abort(),
      signal: controller.signal,
    });
    await expect(failure).rejects.toBeInstanceOf(TransientProviderError);
    await expect(failure).rejects.toThrow(/interrupted/);
    expect(await digests(target)).toEqual(before);
  });

  it('reports denied permissions in plain words and writes nothing', async () => {
    const role = uniqueName('dbcopy_role');
    await onPgServer(`CREATE ROLE ${role} LOGIN`);
    try {
      await target.run(
        `GRANT USAGE ON SCHEMA public TO ${role}; GRANT SELECT ON ALL TABLES IN SCHEMA public TO ${role}`,
      );
      const limited = new URL(target.url);
      limited.username = role;
      const failure = copyTables({
        engine: 'postgres',
        source: { url: source.url },
        target: { url: limited.toString() },
        tables: ['customers', 'orders'],
        log: () => {},
        signal: new AbortController().signal,
      });
      await expect(failure).rejects.toBeInstanceOf(PermanentProviderError);
      await expect(failure).rejects.toThrow(
        /^Permission denied on the target database: permission denied for table/,
      );
    } finally {
      await target.run(
        `REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ${role}; REVOKE ALL ON SCHEMA public FROM ${role}`,
      );
      await onPgServer(`DROP ROLE ${role}`);
    }
  });

  it('tells an existing database from a missing one and an unreachable server', async () => {
    expect(await databaseExists('postgres', { url: source.url })).toBe(true);
    expect(await databaseExists('postgres', { url: `${source.url}_missing` })).toBe(false);
    expect(await databaseExists('postgres', { url: source.url, schema: 'sbx_nope' })).toBe(false);
    await expect(
      databaseExists('postgres', { url: 'postgres://postgres@127.0.0.1:1/x' }),
    ).rejects.toBeInstanceOf(TransientProviderError);
  });
});
