// PostgreSQL → PostgreSQL: the source's rows stream out of `COPY (SELECT …) TO STDOUT` straight
// into the target's `COPY … FROM STDIN`; nothing is buffered beyond the streams' high-water
// marks. The source is read in one REPEATABLE READ snapshot, so its tables are copied (and
// counted) as of one instant. The target is emptied and loaded in one transaction: a failure
// anywhere leaves it exactly as it was.
//
// Foreign keys between the listed tables: one TRUNCATE of all of them at once (PostgreSQL
// refuses to truncate a referenced table alone), then loading referenced tables first. Only
// when non-deferrable keys form a cycle does the load fall back to
// `session_replication_role = replica`, which skips foreign-key checks but needs a superuser:
// checks stay on whenever an order exists, so a copy can never leave dangling references.
// User triggers of the target tables are disabled during the load (and restored before the
// commit) so the target gets the source's rows, not rows rewritten by its own triggers.
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { type DatabaseConnection, PermanentProviderError } from '../types.js';
import type { CopyEngine, CopyJob, SourceCount } from './engine.js';
import { fromPgError, interruptedError, type Side } from './errors.js';
import { copiedLine, formatBytes, progressReporter } from './format.js';
import { type CopyPlan, type CopyStep, planCopy } from './plan.js';
import {
  connectPg,
  existingTables,
  type PgCatalog,
  readPgCatalog,
  resolveSchema,
} from './postgres-catalog.js';
import {
  type CopyFormat,
  copyInSql,
  copyOutSql,
  countSql,
  disableTriggerSql,
  resetSequenceSql,
  restoreTriggerSql,
  truncateSql,
} from './postgres-sql.js';

/** How long the target waits for its tables' locks before giving up (and retrying later). */
const lockTimeout = '60s';

type Query = (sql: string, params?: unknown[]) => Promise<pg.QueryResult>;

function queryOn(client: pg.Client, side: Side): Query {
  return (sql, params) =>
    client.query(sql, params).catch((error: unknown) => {
      throw fromPgError(error, side);
    });
}

/** Closes the client once, whoever asks first (an abort, a failure, the normal end). */
function closer(client: pg.Client): () => Promise<void> {
  let closing: Promise<void> | undefined;
  return () => {
    closing ??= client.end().catch(() => {});
    return closing;
  };
}

async function withPg<T>(
  connection: DatabaseConnection,
  side: Side,
  signal: AbortSignal,
  work: (client: pg.Client, query: Query) => Promise<T>,
): Promise<T> {
  if (signal.aborted) throw interruptedError();
  const client = await connectPg(connection.url, side);
  const close = closer(client);
  signal.addEventListener('abort', close, { once: true });
  try {
    return await work(client, queryOn(client, side));
  } catch (error) {
    throw signal.aborted ? interruptedError() : fromPgError(error, side);
  } finally {
    signal.removeEventListener('abort', close);
    await close();
  }
}

function schemaMissing(connection: DatabaseConnection, side: Side): PermanentProviderError {
  const message =
    connection.schema === undefined
      ? `The ${side} database has no default schema to copy from or into`
      : `Schema \`${connection.schema}\` does not exist in the ${side} database`;
  return new PermanentProviderError(message, { code: 'database_missing' });
}

async function schemaOf(client: pg.Client, connection: DatabaseConnection, side: Side): Promise<string> {
  const schema = await resolveSchema(client, connection).catch((error: unknown) => {
    throw fromPgError(error, side);
  });
  if (schema === null) throw schemaMissing(connection, side);
  return schema;
}

async function catalogOf(
  client: pg.Client,
  connection: DatabaseConnection,
  tables: readonly string[],
  side: Side,
): Promise<PgCatalog> {
  const schema = await schemaOf(client, connection, side);
  return readPgCatalog(client, schema, tables).catch((error: unknown) => {
    throw fromPgError(error, side);
  });
}

function refused(problems: readonly string[]): PermanentProviderError {
  return new PermanentProviderError(`The copy cannot be done: ${problems.join('; ')}`, {
    code: 'copy_refused',
  });
}

async function prepareTarget(query: Query, catalog: PgCatalog, plan: CopyPlan): Promise<void> {
  await query(`SET LOCAL lock_timeout = '${lockTimeout}'`);
  await query('SET CONSTRAINTS ALL DEFERRED');
  if (plan.cyclicForeignKeys) {
    await query('SET LOCAL session_replication_role = replica').catch((error: unknown) => {
      throw new PermanentProviderError(
        'The tables refer to each other in a cycle of foreign keys that are not DEFERRABLE, so no load ' +
          'order satisfies them; loading them needs session_replication_role, which only a superuser may ' +
          'set on the target. Make those foreign keys DEFERRABLE, or give the target connection a superuser.',
        { cause: error, code: 'permission_denied' },
      );
    });
  }
  for (const trigger of catalog.triggers) await query(disableTriggerSql(catalog.schema, trigger));
  await query(
    truncateSql(
      catalog.schema,
      plan.steps.map((step) => step.table),
    ),
  );
}

async function finishTarget(query: Query, catalog: PgCatalog): Promise<void> {
  for (const trigger of catalog.triggers) await query(restoreTriggerSql(catalog.schema, trigger));
  for (const sequence of catalog.sequences) {
    await query(resetSequenceSql(catalog.schema, sequence), [sequence.sequenceOid, sequence.start]);
  }
}

/**
 * Tells one database from another even when two URLs differ only in spelling (`localhost` and
 * `127.0.0.1`): a server's start time, to the microsecond, and the database's name.
 */
async function serverDatabase(query: Query): Promise<string> {
  const result = await query('SELECT pg_postmaster_start_time()::text || $1 || current_database() AS id', [
    '/',
  ]);
  return String(result.rows[0].id);
}

async function countIn(query: Query, schema: string, table: string): Promise<number> {
  const result = await query(countSql(schema, table));
  return Number(result.rows[0].rows);
}

interface Endpoints {
  source: pg.Client;
  target: pg.Client;
  sourceSchema: string;
  targetSchema: string;
}

async function streamTable(
  endpoints: Endpoints,
  step: CopyStep,
  format: CopyFormat,
  log: (line: string) => void,
): Promise<void> {
  const started = performance.now();
  const copyOut = endpoints.source.query(
    copyTo(copyOutSql(endpoints.sourceSchema, step.table, step.columns, format)),
  );
  const copyIn = endpoints.target.query(
    copyFrom(copyInSql(endpoints.targetSchema, step.table, step.columns, format)),
  );
  let failedSide: Side | undefined;
  copyOut.once('error', () => {
    failedSide ??= 'source';
  });
  copyIn.once('error', () => {
    failedSide ??= 'target';
  });
  let bytes = 0;
  const report = progressReporter(log, step.table);
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      report(() => formatBytes(bytes));
      done(null, chunk);
    },
  });
  try {
    await pipeline(copyOut, meter, copyIn);
  } catch (error) {
    throw fromPgError(error, failedSide ?? 'target');
  }
  log(copiedLine(step.table, copyIn.rowCount, performance.now() - started));
}

/**
 * The copy itself. `format` is `auto` in production (binary where every column has a built-in
 * type, text otherwise); the benchmark forces one or the other to compare them.
 */
export async function copyPostgres(
  job: CopyJob,
  format: 'auto' | CopyFormat = 'auto',
): Promise<SourceCount[]> {
  const { signal, log } = job;
  if (signal.aborted) throw interruptedError();
  const source = await connectPg(job.source.url, 'source');
  const closeSource = closer(source);
  const target = await connectPg(job.target.url, 'target').catch(async (error: unknown) => {
    await closeSource();
    throw error;
  });
  const closeTarget = closer(target);
  const closeBoth = () => Promise.all([closeSource(), closeTarget()]);
  signal.addEventListener('abort', closeBoth, { once: true });
  try {
    const fromSource = queryOn(source, 'source');
    const intoTarget = queryOn(target, 'target');
    await fromSource('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    await intoTarget('BEGIN');
    const sourceCatalog = await catalogOf(source, job.source, job.tables, 'source');
    const targetCatalog = await catalogOf(target, job.target, job.tables, 'target');
    const sameSchema = sourceCatalog.schema === targetCatalog.schema;
    if (sameSchema && (await serverDatabase(fromSource)) === (await serverDatabase(intoTarget))) {
      throw new PermanentProviderError('The source and the target are the same database', {
        code: 'same_database',
      });
    }
    const plan = planCopy(job.tables, sourceCatalog, targetCatalog);
    if (plan.problems.length > 0) throw refused(plan.problems);

    await prepareTarget(intoTarget, targetCatalog, plan);
    const endpoints = {
      source,
      target,
      sourceSchema: sourceCatalog.schema,
      targetSchema: targetCatalog.schema,
    };
    const counts = new Map<string, number>();
    for (const step of plan.steps) {
      counts.set(step.table, await countIn(fromSource, sourceCatalog.schema, step.table));
      const chosen = format === 'auto' ? (step.binarySafe ? 'binary' : 'text') : format;
      await streamTable(endpoints, step, chosen, log);
    }
    await finishTarget(intoTarget, targetCatalog);
    await intoTarget('COMMIT');
    return job.tables.map((name) => ({ name, sourceRows: counts.get(name) ?? 0 }));
  } catch (error) {
    // Closing the target's connection without COMMIT is what rolls the load back.
    throw signal.aborted ? interruptedError() : fromPgError(error, 'target');
  } finally {
    signal.removeEventListener('abort', closeBoth);
    await closeBoth();
  }
}

export const postgresEngine: CopyEngine = {
  async databaseExists(connection, side, signal) {
    try {
      return await withPg(
        connection,
        side,
        signal,
        async (client) => (await resolveSchema(client, connection)) !== null,
      );
    } catch (error) {
      if (error instanceof PermanentProviderError && error.options.code === 'database_missing') return false;
      throw error;
    }
  },

  missingTables(connection, tables, side, signal) {
    return withPg(connection, side, signal, async (client) => {
      const found = await existingTables(client, await schemaOf(client, connection, side), tables);
      return tables.filter((table) => !found.has(table));
    });
  },

  async copyProblems(job) {
    const read = (connection: DatabaseConnection, side: Side) =>
      withPg(connection, side, job.signal, (client) => catalogOf(client, connection, job.tables, side));
    const sourceCatalog = await read(job.source, 'source');
    const targetCatalog = await read(job.target, 'target');
    return planCopy(job.tables, sourceCatalog, targetCatalog).problems;
  },

  copy: (job) => copyPostgres(job),

  countRows(connection, tables, side, signal) {
    return withPg(connection, side, signal, async (client, query) => {
      const schema = await schemaOf(client, connection, side);
      const counts = new Map<string, number>();
      for (const table of tables) counts.set(table, await countIn(query, schema, table));
      return counts;
    });
  },
};
