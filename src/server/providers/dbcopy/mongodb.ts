// MongoDB → MongoDB, collection by collection: count the source, empty the target collection
// (deleteMany keeps its indexes and validators, which dropping it would lose), then read the
// source with a cursor and write batched insertMany calls, bounded in documents and bytes.
//
// No transaction: multi-document transactions exist only on replica sets and sharded clusters,
// and even there they are capped (60 s by default, oplog size), which a large copy exceeds. So
// a failure midway leaves that collection partly loaded; the run fails and running it again
// (empty + reload) repairs it. Values are read without promotion (Int32, Int64, Double and
// Binary keep their BSON types; regular expressions stay BSONRegExp), so the copy is exact.
import { BSON, type Db, type Document, MongoClient } from 'mongodb';
import { type DatabaseConnection, PermanentProviderError } from '../types.js';
import { Batcher } from './batch.js';
import type { CopyEngine, CopyJob, SourceCount } from './engine.js';
import { fromMongoError, interruptedError, type Side } from './errors.js';
import { copiedLine, formatRows, progressReporter } from './format.js';
import { mongoDatabaseName } from './identifiers.js';

const timeoutMs = 15_000;
const maxDocumentsPerInsert = 1_000;
// Below the 48 MB a single insert message may carry, with room for the command around it.
const maxInsertBytes = 16 * 1024 * 1024;

async function withMongo<T>(
  connection: DatabaseConnection,
  side: Side,
  signal: AbortSignal,
  work: (db: Db) => Promise<T>,
): Promise<T> {
  if (signal.aborted) throw interruptedError();
  const name = mongoDatabaseName(connection.url);
  if (name === null) {
    throw new PermanentProviderError(`The ${side} connection string does not name a database`, {
      code: 'database_missing',
    });
  }
  const client = new MongoClient(connection.url, {
    serverSelectionTimeoutMS: timeoutMs,
    connectTimeoutMS: timeoutMs,
    appName: 'opsdesk-database-copy',
  });
  const close = () => {
    void client.close().catch(() => {});
  };
  signal.addEventListener('abort', close, { once: true });
  try {
    await client.connect();
    return await work(client.db(name));
  } catch (error) {
    throw signal.aborted ? interruptedError() : fromMongoError(error, side);
  } finally {
    signal.removeEventListener('abort', close);
    await client.close().catch(() => {});
  }
}

async function existingCollections(db: Db, names: readonly string[]): Promise<Set<string>> {
  const found = await db
    .listCollections({ name: { $in: [...names] }, type: 'collection' }, { nameOnly: true })
    .toArray();
  return new Set(found.map((collection) => collection.name));
}

async function copyCollection(
  source: Db,
  target: Db,
  name: string,
  log: (line: string) => void,
): Promise<number> {
  const started = performance.now();
  const sourceRows = await source.collection(name).countDocuments({});
  const into = target.collection(name);
  await into.deleteMany({});
  const batcher = new Batcher<Document>({ maxItems: maxDocumentsPerInsert, maxBytes: maxInsertBytes });
  const report = progressReporter(log, name);
  let copied = 0;
  const write = async (documents: Document[]) => {
    await into.insertMany(documents, { ordered: true });
    copied += documents.length;
    report(() => formatRows(copied));
  };
  const cursor = source.collection(name).find(
    {},
    {
      batchSize: maxDocumentsPerInsert,
      promoteValues: false,
      promoteLongs: false,
      promoteBuffers: false,
      bsonRegExp: true,
    },
  );
  for await (const document of cursor) {
    const batch = batcher.add(document, BSON.calculateObjectSize(document));
    if (batch) await write(batch);
  }
  const rest = batcher.drain();
  if (rest.length > 0) await write(rest);
  log(copiedLine(name, copied, performance.now() - started));
  return sourceRows;
}

/**
 * The server process (its `hello` topologyVersion.processId) and the database name, so that
 * two spellings of one URL are recognised: emptying the target would then empty the source.
 * Null when the server does not say (before MongoDB 4.4).
 */
async function serverDatabase(db: Db): Promise<string | null> {
  const hello = await db.admin().command({ hello: 1 });
  const processId: unknown = hello.topologyVersion?.processId;
  return processId ? `${String(processId)}/${db.databaseName}` : null;
}

async function copyMongo(job: CopyJob): Promise<SourceCount[]> {
  return withMongo(job.source, 'source', job.signal, (source) =>
    withMongo(job.target, 'target', job.signal, async (target) => {
      const sourceIdentity = await serverDatabase(source);
      if (sourceIdentity !== null && sourceIdentity === (await serverDatabase(target))) {
        throw new PermanentProviderError('The source and the target are the same database', {
          code: 'same_database',
        });
      }
      const present = await existingCollections(source, job.tables);
      const missing = job.tables.filter((name) => !present.has(name));
      if (missing.length > 0) {
        throw new PermanentProviderError(
          missing.map((name) => `Collection \`${name}\` does not exist in the source database`).join('; '),
          { code: 'copy_refused' },
        );
      }
      const counts: SourceCount[] = [];
      for (const name of job.tables) {
        counts.push({ name, sourceRows: await copyCollection(source, target, name, job.log) });
      }
      return counts;
    }),
  );
}

export const mongodbEngine: CopyEngine = {
  async databaseExists(connection, side, signal) {
    // A MongoDB database exists once it holds a collection.
    return withMongo(connection, side, signal, async (db) => {
      const collections = await db.listCollections({}, { nameOnly: true }).toArray();
      return collections.length > 0;
    });
  },

  missingTables(connection, tables, side, signal) {
    return withMongo(connection, side, signal, async (db) => {
      const present = await existingCollections(db, tables);
      return tables.filter((name) => !present.has(name));
    });
  },

  async copyProblems(job) {
    // Collections have no fixed shape, and missing target collections are created on insert.
    const missing = await mongodbEngine.missingTables(job.source, job.tables, 'source', job.signal);
    return missing.map((name) => `Collection \`${name}\` does not exist in the source database`);
  },

  copy: copyMongo,

  countRows(connection, tables, side, signal) {
    return withMongo(connection, side, signal, async (db) => {
      const counts = new Map<string, number>();
      for (const name of tables) counts.set(name, await db.collection(name).countDocuments({}));
      return counts;
    });
  },
};
