// MySQL/MariaDB → MySQL/MariaDB. The source is read in one consistent snapshot (REPEATABLE
// READ, `WITH CONSISTENT SNAPSHOT`) as a row stream that pauses the connection when the writer
// falls behind; rows are written as multi-row INSERTs bounded in rows and bytes, so memory stays
// flat whatever the table's size.
//
// The target is emptied with DELETE, not TRUNCATE: TRUNCATE is DDL in MySQL and commits the
// open transaction implicitly, so a failure after it could not be rolled back and would leave
// the target empty. DELETE and the INSERTs share one transaction (InnoDB): on failure the
// connection is dropped without COMMIT and the target is as it was. FOREIGN_KEY_CHECKS=0 for
// the session lets tables load in any order (this also stops cascades, which is why an unlisted
// table referring to a listed one is refused beforehand). AUTO_INCREMENT needs no reset:
// InnoDB moves its counter past every explicit id inserted.
import mysql from 'mysql2';
import type { Connection as PromiseConnection, RowDataPacket } from 'mysql2/promise';
import type { DatabaseConnection } from '../types.js';
import { PermanentProviderError } from '../types.js';
import { Batcher } from './batch.js';
import type { CopyEngine, CopyJob, SourceCount } from './engine.js';
import { fromMysqlError, interruptedError, type Side } from './errors.js';
import { copiedLine, formatRows, progressReporter } from './format.js';
import { quoteMysqlIdentifier } from './identifiers.js';
import {
  connectMysql,
  currentDatabase,
  existingTables,
  isSpatialType,
  type MysqlCatalog,
  readMysqlCatalog,
} from './mysql-catalog.js';
import { type CopyStep, planCopy } from './plan.js';

const maxRowsPerInsert = 1_000;
const maxInsertBytes = 4 * 1024 * 1024;
const streamHighWaterMark = 1_000;

/** Statements on `connection`, with failures reported as the given side's. */
function sessionOf(connection: mysql.Connection, side: Side) {
  const session = connection.promise();
  return {
    session,
    async run(sql: string, values?: unknown[]): Promise<RowDataPacket[]> {
      try {
        const [rows] = await session.query<RowDataPacket[]>(sql, values);
        return rows;
      } catch (error) {
        throw fromMysqlError(error, side);
      }
    },
  };
}

async function withMysql<T>(
  connection: DatabaseConnection,
  side: Side,
  signal: AbortSignal,
  work: (session: PromiseConnection) => Promise<T>,
): Promise<T> {
  if (signal.aborted) throw interruptedError();
  const client = await connectMysql(connection.url, side);
  const close = () => client.destroy();
  signal.addEventListener('abort', close, { once: true });
  try {
    return await work(client.promise());
  } catch (error) {
    throw signal.aborted ? interruptedError() : fromMysqlError(error, side);
  } finally {
    signal.removeEventListener('abort', close);
    client.destroy();
  }
}

function countSql(table: string): string {
  return `SELECT COUNT(*) AS \`rows\` FROM ${quoteMysqlIdentifier(table)}`;
}

/** What rows hold with the connection's settings: text for numbers, dates and JSON; bytes for binary. */
type ReadValue = string | number | Buffer | null;

/** Spatial values are kept in MySQL's internal binary form, which an INSERT takes back as is. */
function rawGeometry(field: { type: string; buffer(): Buffer | null }, next: () => unknown): unknown {
  return field.type === 'GEOMETRY' ? field.buffer() : next();
}

async function streamTable(
  source: mysql.Connection,
  target: ReturnType<typeof sessionOf>,
  step: CopyStep,
  hasSpatialColumns: boolean,
  log: (line: string) => void,
): Promise<void> {
  const started = performance.now();
  const columns = step.columns.map(quoteMysqlIdentifier).join(', ');
  const table = quoteMysqlIdentifier(step.table);
  const insertHead = `INSERT INTO ${table} (${columns}) VALUES `;
  const batcher = new Batcher<string>({ maxItems: maxRowsPerInsert, maxBytes: maxInsertBytes });
  const report = progressReporter(log, step.table);
  let rows = 0;
  const write = async (tuples: string[]) => {
    await target.run(insertHead + tuples.join(','));
    report(() => formatRows(rows));
  };
  const rowStream = source
    .query({
      sql: `SELECT ${columns} FROM ${table}`,
      rowsAsArray: true,
      ...(hasSpatialColumns && { typeCast: rawGeometry }),
    })
    .stream({ highWaterMark: streamHighWaterMark });
  try {
    for await (const row of rowStream as AsyncIterable<ReadValue[]>) {
      const tuple = '(' + row.map((value) => mysql.escape(value)).join(',') + ')';
      rows += 1;
      const batch = batcher.add(tuple, Buffer.byteLength(tuple));
      if (batch) await write(batch);
    }
  } catch (error) {
    throw fromMysqlError(error, 'source');
  }
  const rest = batcher.drain();
  if (rest.length > 0) await write(rest);
  log(copiedLine(step.table, rows, performance.now() - started));
}

function warnAboutNonTransactional(catalog: MysqlCatalog, log: (line: string) => void): void {
  for (const [table, engine] of catalog.storageEngines) {
    if (engine !== null && engine.toLowerCase() !== 'innodb') {
      log(
        `${table}: uses the ${engine} storage engine, which cannot roll back: a failure would leave it partly loaded`,
      );
    }
  }
}

async function copyMysql(job: CopyJob): Promise<SourceCount[]> {
  const { signal, log } = job;
  if (signal.aborted) throw interruptedError();
  const source = await connectMysql(job.source.url, 'source');
  const target = await connectMysql(job.target.url, 'target').catch((error: unknown) => {
    source.destroy();
    throw error;
  });
  const closeBoth = () => {
    source.destroy();
    target.destroy();
  };
  signal.addEventListener('abort', closeBoth, { once: true });
  try {
    const fromSource = sessionOf(source, 'source');
    const intoTarget = sessionOf(target, 'target');
    // Long enough for the writer to catch up while the reader waits on a paused stream.
    await fromSource.run('SET SESSION net_write_timeout = 3600');
    await fromSource.run('SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ');
    await fromSource.run('START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY');
    await intoTarget.run('SET SESSION FOREIGN_KEY_CHECKS = 0');
    await intoTarget.run('START TRANSACTION');
    const sourceCatalog = await readCatalog(fromSource.session, job.tables, 'source');
    const targetCatalog = await readCatalog(intoTarget.session, job.tables, 'target');
    const plan = planCopy(job.tables, sourceCatalog, targetCatalog);
    if (plan.problems.length > 0) {
      throw new PermanentProviderError(`The copy cannot be done: ${plan.problems.join('; ')}`, {
        code: 'copy_refused',
      });
    }
    warnAboutNonTransactional(targetCatalog, log);

    for (const step of plan.steps) await intoTarget.run(`DELETE FROM ${quoteMysqlIdentifier(step.table)}`);
    const counts = new Map<string, number>();
    for (const step of plan.steps) {
      const [counted] = await fromSource.run(countSql(step.table));
      counts.set(step.table, Number(counted?.rows));
      const spatial = sourceCatalog.tables
        .find((table) => table.name === step.table)!
        .columns.some((column) => isSpatialType(column.typeKey));
      await streamTable(source, intoTarget, step, spatial, log);
    }
    await intoTarget.run('COMMIT');
    return job.tables.map((name) => ({ name, sourceRows: counts.get(name) ?? 0 }));
  } catch (error) {
    // Dropping the target's connection without COMMIT is what rolls the load back.
    throw signal.aborted ? interruptedError() : fromMysqlError(error, 'target');
  } finally {
    signal.removeEventListener('abort', closeBoth);
    closeBoth();
  }
}

async function readCatalog(
  session: PromiseConnection,
  tables: readonly string[],
  side: Side,
): Promise<MysqlCatalog> {
  try {
    await currentDatabase(session, side);
    return await readMysqlCatalog(session, tables);
  } catch (error) {
    throw fromMysqlError(error, side);
  }
}

export const mysqlEngine: CopyEngine = {
  async databaseExists(connection, side, signal) {
    try {
      return await withMysql(connection, side, signal, async (session) => {
        await currentDatabase(session, side);
        return true;
      });
    } catch (error) {
      if (error instanceof PermanentProviderError && error.options.code === 'database_missing') return false;
      throw error;
    }
  },

  missingTables(connection, tables, side, signal) {
    return withMysql(connection, side, signal, async (session) => {
      await currentDatabase(session, side);
      const found = new Set((await existingTables(session, tables)).map((table) => table.name));
      return tables.filter((table) => !found.has(table));
    });
  },

  async copyProblems(job) {
    const read = (connection: DatabaseConnection, side: Side) =>
      withMysql(connection, side, job.signal, (session) => readCatalog(session, job.tables, side));
    const sourceCatalog = await read(job.source, 'source');
    const targetCatalog = await read(job.target, 'target');
    return planCopy(job.tables, sourceCatalog, targetCatalog).problems;
  },

  copy: copyMysql,

  countRows(connection, tables, side, signal) {
    return withMysql(connection, side, signal, async (session) => {
      const counts = new Map<string, number>();
      for (const table of tables) {
        const [rows] = await session.query<RowDataPacket[]>(countSql(table));
        counts.set(table, Number(rows[0]?.rows));
      }
      return counts;
    });
  },
};
