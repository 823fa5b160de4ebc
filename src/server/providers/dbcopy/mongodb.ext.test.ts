// Needs a MongoDB server: MONGODB_URL=mongodb://host:27017 (a user, if any, that may create and
// drop databases; add authSource when it authenticates against another database). Without it
// the suite is skipped: this machine has no MongoDB server.
import { Binary, BSON, Decimal128, Double, Int32, Long, MongoClient } from 'mongodb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PermanentProviderError, TransientProviderError } from '../types.js';
import { copyTables, databaseExists, missingTables } from './index.js';
import { uniqueName } from './test-databases.js';

const serverUrl = process.env.MONGODB_URL;
const skipped = serverUrl ? '' : ' — skipped: MONGODB_URL is not set (no MongoDB server on this machine)';

/** The server URL with `database` as its path, keeping its options. */
function databaseUrl(database: string): string {
  const match = /^(mongodb(?:\+srv)?:\/\/[^/?#]*)(?:\/[^?#]*)?(\?.*)?$/.exec(serverUrl ?? '');
  if (!match) throw new Error('MONGODB_URL is not a mongodb:// URL');
  return `${match[1]}/${database}${match[2] ?? ''}`;
}

describe.skipIf(!serverUrl)(`MongoDB copy${skipped}`, () => {
  let client: MongoClient;
  let sourceName: string;
  let targetName: string;
  let lines: string[];

  const exactly = { promoteValues: false, promoteLongs: false, promoteBuffers: false, bsonRegExp: true };

  async function snapshot(database: string, collection: string): Promise<string> {
    const documents = await client
      .db(database)
      .collection(collection)
      .find({}, exactly)
      .sort({ _id: 1 })
      .toArray();
    return BSON.EJSON.stringify(documents, { relaxed: false });
  }

  function copy(tables: string[]) {
    return copyTables({
      engine: 'mongodb',
      source: { url: databaseUrl(sourceName) },
      target: { url: databaseUrl(targetName) },
      tables,
      log: (line) => lines.push(line),
      signal: new AbortController().signal,
    });
  }

  beforeEach(async () => {
    client = new MongoClient(serverUrl!);
    await client.connect();
    sourceName = uniqueName('dbcopy_src');
    targetName = uniqueName('dbcopy_dst');
    lines = [];
    const source = client.db(sourceName);
    await source.collection<{ _id: Int32; [field: string]: unknown }>('customers').insertMany(
      Array.from({ length: 3_000 }, (_, index) => {
        const i = index + 1;
        return {
          _id: new Int32(i),
          name: i % 2 === 0 ? `顧客 ${i} 🎉 e\u0301` : `plain ${i}\t\n`,
          small: new Int32(i),
          big: i === 1 ? Long.fromString('9007199254740993') : Long.fromNumber(i),
          ratio: new Double(i === 17 ? -0 : 1 / i),
          price: Decimal128.fromString(`${i}.100`),
          avatar: new Binary(Buffer.from([i % 256, 0, 255])),
          at: new Date(Date.UTC(2020, 1, 29) + i * 1_000),
          tags: ['a', null, { nested: [i, 'x'] }],
          nothing: null,
          pattern: new BSON.BSONRegExp('ab+c', 'i'),
        };
      }),
    );
    await source.collection('orders').insertMany(
      Array.from({ length: 5_000 }, (_, index) => ({
        customer: new Int32(1 + (index % 3_000)),
        total: index * 3.17,
      })),
    );
    const target = client.db(targetName);
    await target
      .collection<{ _id: Int32; [field: string]: unknown }>('customers')
      .insertMany([{ _id: new Int32(99_999), name: 'old' }]);
    await target.collection('audit_log').insertMany([{ message: 'target only' }, { message: 'still here' }]);
    await target.collection('customers').createIndex({ name: 1 }, { name: 'by_name' });
  });

  afterEach(async () => {
    await client.db(sourceName).dropDatabase();
    await client.db(targetName).dropDatabase();
    await client.close();
  });

  it('copies every document with its exact BSON types, replacing the target collection', async () => {
    const auditBefore = await snapshot(targetName, 'audit_log');

    const result = await copy(['customers', 'orders']);

    expect(result.tables).toEqual([
      { name: 'customers', sourceRows: 3000, targetRows: 3000 },
      { name: 'orders', sourceRows: 5000, targetRows: 5000 },
    ]);
    expect(await snapshot(targetName, 'customers')).toBe(await snapshot(sourceName, 'customers'));
    expect(await snapshot(targetName, 'orders')).toBe(await snapshot(sourceName, 'orders'));
    expect(
      await client
        .db(targetName)
        .collection('customers')
        .countDocuments({ big: { $type: 'long' } }),
    ).toBe(3000);
    expect(await snapshot(targetName, 'audit_log')).toBe(auditBefore);
    const indexes = await client.db(targetName).collection('customers').indexes();
    expect(indexes.map((index) => index.name)).toContain('by_name');
    expect(lines.map((line) => line.replace(/\(\d+\.\d s\)/, '(… s)'))).toEqual([
      'customers: 3,000 rows copied (… s)',
      'orders: 5,000 rows copied (… s)',
    ]);
  });

  it('refuses to copy a database onto itself, however its URL is spelled', async () => {
    const before = await snapshot(targetName, 'customers');
    const url = databaseUrl(targetName);
    const failure = copyTables({
      engine: 'mongodb',
      source: { url },
      target: { url: `${url}${url.includes('?') ? '&' : '?'}appName=other` },
      tables: ['customers'],
      log: () => {},
      signal: new AbortController().signal,
    });
    await expect(failure).rejects.toThrow('The source and the target are the same database');
    expect(await snapshot(targetName, 'customers')).toBe(before);
  });

  it('reports a missing collection and writes nothing', async () => {
    const before = await snapshot(targetName, 'customers');
    expect(await missingTables('mongodb', { url: databaseUrl(sourceName) }, ['customers', 'nope'])).toEqual([
      'nope',
    ]);
    await expect(copy(['customers', 'nope'])).rejects.toBeInstanceOf(PermanentProviderError);
    expect(await snapshot(targetName, 'customers')).toBe(before);
  });

  it('tells a database with collections from one without', async () => {
    expect(await databaseExists('mongodb', { url: databaseUrl(sourceName) })).toBe(true);
    expect(await databaseExists('mongodb', { url: databaseUrl(uniqueName('dbcopy_none')) })).toBe(false);
  });
});

describe('MongoDB connection problems (no server needed)', () => {
  it('refuses a connection string without a database', async () => {
    await expect(missingTables('mongodb', { url: 'mongodb://127.0.0.1:1' }, ['orders'])).rejects.toThrow(
      'The source connection string does not name a database',
    );
  });

  it('reports an unreachable server as transient', async () => {
    await expect(databaseExists('mongodb', { url: 'mongodb://127.0.0.1:1/shop' })).rejects.toBeInstanceOf(
      TransientProviderError,
    );
  }, 60_000);
});
