import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PermanentProviderError, TransientProviderError } from '../types.js';
import { copyTables, databaseExists, missingTables } from './index.js';
import { loadMysqlShopData, mysqlShopSchemaSql, mysqlTableDigest } from './mysql-fixtures.js';
import { createMysqlDatabase, type MysqlTestDatabase } from './test-databases.js';

let source: MysqlTestDatabase;
let target: MysqlTestDatabase;
let lines: string[];

beforeEach(async () => {
  source = await createMysqlDatabase('dbcopy_src');
  target = await createMysqlDatabase('dbcopy_dst');
  await source.run(mysqlShopSchemaSql);
  await loadMysqlShopData(source);
  await target.run(mysqlShopSchemaSql);
  lines = [];
});

afterEach(async () => {
  await source.drop();
  await target.drop();
});

function copy(tables: string[]) {
  return copyTables({
    engine: 'mysql',
    source: { url: source.url },
    target: { url: target.url },
    tables,
    log: (line) => lines.push(line),
    signal: new AbortController().signal,
  });
}

async function seedTarget(): Promise<void> {
  await target.run(`
    INSERT INTO customers (name) VALUES ('old one'), ('old two');
    INSERT INTO orders (customer_id, status, total) VALUES (1, 'sad', 1.00);
    INSERT INTO audit_log (message) VALUES ('target only'), ('still here');`);
}

async function digests(database: MysqlTestDatabase) {
  return {
    customers: await mysqlTableDigest(database, 'customers'),
    orders: await mysqlTableDigest(database, 'orders'),
    audit_log: await mysqlTableDigest(database, 'audit_log'),
  };
}

describe('MySQL copy', () => {
  it('copies every row and value exactly', async () => {
    const result = await copy(['orders', 'customers']);

    expect(result.tables).toEqual([
      { name: 'orders', sourceRows: 4950, targetRows: 4950 },
      { name: 'customers', sourceRows: 3000, targetRows: 3000 },
    ]);
    expect(await mysqlTableDigest(target, 'customers')).toEqual(await mysqlTableDigest(source, 'customers'));
    expect(await mysqlTableDigest(target, 'orders')).toEqual(await mysqlTableDigest(source, 'orders'));
    expect(lines.map((line) => line.replace(/\(\d+\.\d s\)/, '(… s)'))).toEqual([
      'customers: 3,000 rows copied (… s)',
      'orders: 4,950 rows copied (… s)',
    ]);

    const [first] = await target.rows<Record<string, unknown>>(
      `SELECT name, birthday, big, HEX(flags) AS flags, HEX(avatar) AS avatar, created_at, profile
       FROM customers WHERE id = 1`,
    );
    expect(first).toEqual({
      name: '顧客 1 🎉',
      birthday: '0000-00-00',
      big: '18446744073709551615',
      flags: '1',
      avatar: 'C4CA4238A0B923820DCC509A6F75849B00FF00',
      created_at: '2021-01-01 01:00:00.000001',
      profile: '{"i":1,"emoji":"😀","list":[1,"two",null,3.141592653589793],"pad":"x"}',
    });
    const [second] = await target.rows<{ name: string; spot: string }>(
      'SELECT name, ST_AsText(spot) AS spot FROM customers WHERE id = 2',
    );
    expect(second).toEqual({
      name: "e\u0301 combining 2\ttab\nnewline\\backslash 'quote'",
      spot: 'POINT(0.2 -2)',
    });
  });

  it('continues AUTO_INCREMENT after the highest copied id', async () => {
    await copy(['orders', 'customers']);
    await target.run("INSERT INTO customers (name) VALUES ('new')");
    await target.run("INSERT INTO orders (customer_id, status, total) VALUES (1, 'happy', 1)");
    expect(await target.rows("SELECT id FROM customers WHERE name = 'new'")).toEqual([{ id: 3001 }]);
    expect(await target.rows('SELECT MAX(id) AS id FROM orders')).toEqual([{ id: '5000' }]);
  });

  it('keeps an AUTO_INCREMENT id of 0 instead of renumbering it', async () => {
    const counters =
      'CREATE TABLE counters (id INT AUTO_INCREMENT PRIMARY KEY, label VARCHAR(10)) ENGINE=InnoDB';
    await source.run(`${counters}; SET SESSION sql_mode = 'NO_AUTO_VALUE_ON_ZERO';
                      INSERT INTO counters VALUES (0, 'zero'), (1, 'one')`);
    await target.run(counters);
    await copy(['counters']);
    expect(await target.rows('SELECT id, label FROM counters ORDER BY id')).toEqual([
      { id: 0, label: 'zero' },
      { id: 1, label: 'one' },
    ]);
  });

  it('copies rows of megabytes each without outgrowing the server packet limit (16 MiB here)', async () => {
    const files = 'CREATE TABLE files (id INT PRIMARY KEY, body LONGBLOB) ENGINE=InnoDB';
    await source.run(files);
    await target.run(files);
    // Five 3 MB rows travel as 6 MB of hex each: 30 MB in one INSERT would be refused.
    for (let id = 1; id <= 5; id += 1) {
      await source.run('INSERT INTO files VALUES (?, ?)', [id, Buffer.alloc(3_000_000, id)]);
    }
    await copy(['files']);
    expect(await mysqlTableDigest(target, 'files')).toEqual(await mysqlTableDigest(source, 'files'));
  });

  it("replaces the target's rows with the source's and leaves unlisted tables alone", async () => {
    await seedTarget();
    const auditBefore = await mysqlTableDigest(target, 'audit_log');

    await copy(['customers', 'orders']);

    expect(await mysqlTableDigest(target, 'customers')).toEqual(await mysqlTableDigest(source, 'customers'));
    expect(await mysqlTableDigest(target, 'orders')).toEqual(await mysqlTableDigest(source, 'orders'));
    expect(await mysqlTableDigest(target, 'audit_log')).toEqual(auditBefore);
    expect(auditBefore.rows).toBe(2);
  });

  it('reports a missing table, matching names exactly, and writes nothing', async () => {
    await seedTarget();
    const before = await digests(target);

    expect(
      await missingTables('mysql', { url: source.url }, ['customers', 'orders_archive', 'Customers']),
    ).toEqual(['orders_archive', 'Customers']);
    const failure = copy(['customers', 'orders', 'orders_archive']);
    await expect(failure).rejects.toBeInstanceOf(PermanentProviderError);
    await expect(failure).rejects.toThrow(/Table `orders_archive` does not exist in the source database/);
    expect(await digests(target)).toEqual(before);
  });

  it('refuses a target table of another shape, naming the column, and writes nothing', async () => {
    await seedTarget();
    await target.run('ALTER TABLE orders DROP COLUMN note; ALTER TABLE customers MODIFY balance INT');
    const before = await digests(target);

    await expect(copy(['customers', 'orders'])).rejects.toThrow(
      'The copy cannot be done: Table `customers`: column `balance` is decimal(20,6) in the source but int(11) ' +
        'in the target; Table `orders`: column `note` exists in the source but not in the target',
    );
    expect(await digests(target)).toEqual(before);
  });

  it('leaves the target as it was when a table fails halfway through the load', async () => {
    await seedTarget();
    await target.run('ALTER TABLE orders MODIFY note VARCHAR(10)');
    const before = await digests(target);

    const failure = copy(['customers', 'orders']);
    await expect(failure).rejects.toBeInstanceOf(PermanentProviderError);
    await expect(failure).rejects.toThrow(/On the target database: Data too long for column 'note'/);
    expect(lines).toEqual([expect.stringMatching(/^customers: 3,000 rows copied/)]);
    expect(await digests(target)).toEqual(before);
  });

  it('refuses to empty a table that an unlisted table refers to', async () => {
    await expect(copy(['customers'])).rejects.toThrow(
      /Table `orders` refers to `customers` \(foreign key `orders_customer_fk`\) but is not in the list/,
    );
  });

  it('tells an existing database from a missing one and an unreachable server', async () => {
    expect(await databaseExists('mysql', { url: source.url })).toBe(true);
    expect(await databaseExists('mysql', { url: `${source.url}_missing` })).toBe(false);
    await expect(databaseExists('mysql', { url: 'mysql://root@127.0.0.1:1/x' })).rejects.toBeInstanceOf(
      TransientProviderError,
    );
  });
});
