// The database connection of one process: a pg pool, Drizzle on top, and the one way to write
// (`withTransaction`), which records who is acting so that the audit trigger can attribute every row.
import { drizzle, type NodePgDatabase, NodePgSession, NodePgTransaction } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { nameHotStatements, type StatementNamer, statementNamer } from './prepared.js';

/** Drizzle over the pool, untyped by schema: each module queries its own tables (db/schema.ts only feeds drizzle-kit). */
export type Db = NodePgDatabase;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** Either the pool-backed database or an open transaction: read helpers accept both. */
export type Queryable = Db | Tx;

export interface Actor {
  kind: 'user' | 'system' | 'automation';
  /** The user's id for kind `user`; null otherwise. */
  id: string | null;
  /** A readable name for logs and history: an email, `system:auto-close`, `automation:sandbox`. */
  label: string;
  requestId?: string;
}

export const systemActor = (label: string): Actor => ({ kind: 'system', id: null, label: `system:${label}` });

export interface Database {
  pool: pg.Pool;
  db: Db;
  url: string;
  close(): Promise<void>;
}

// timestamptz as Date, bigint counts as numbers (all our counters fit in 2^53).
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

/** One per process: a statement text has the same prepared-statement name on every connection. */
const processNamer: StatementNamer = statementNamer();

export function connect(
  url: string,
  options: {
    poolSize?: number;
    applicationName?: string;
    /** Hot parameterised statements as server-side prepared statements (db/prepared.ts); default on. */
    prepare?: boolean;
  } = {},
): Database {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    application_name: options.applicationName ?? 'opsdesk',
    idleTimeoutMillis: 30_000,
  });
  // A client losing its server (restart, network) must not crash the process: the query in
  // flight fails and the pool replaces the client.
  pool.on('error', () => undefined);
  const namer = options.prepare === false ? undefined : processNamer;
  pool.on('connect', (client) => {
    client.on('error', () => undefined);
    if (namer) nameHotStatements(client, namer);
  });
  const db = drizzle(pool);
  return {
    pool,
    db,
    url,
    async close() {
      await pool.end();
    },
  };
}

/**
 * What a top-level transaction opened by `withTransaction` collects until its COMMIT: its database,
 * the statements sent with the COMMIT (`atCommit`) and what runs once it has committed
 * (`afterCommit`). Gone once the COMMIT is sent or the transaction fails.
 */
const openTransactions = new WeakMap<
  object,
  { db: Db; atCommit: (() => string | null)[]; afterCommit: (() => void)[] }
>();

/**
 * Asks for a statement to be sent just before the COMMIT of `tx`, in the same round trip: `build`
 * runs at commit time and returns SQL without parameters (literals escaped with `pg.escapeLiteral`),
 * or null for nothing. Returns false when `tx` is not a transaction opened by `withTransaction`
 * (the pool, a savepoint): the caller then sends its statement itself.
 */
export function atCommit(tx: Queryable, build: () => string | null): boolean {
  const open = openTransactions.get(tx);
  if (!open) return false;
  open.atCommit.push(build);
  return true;
}

/**
 * Asks for `run` to be called once `tx` has committed (never if it rolls back), after
 * `withTransaction` has released its client and before it returns: work the change causes that
 * need not be part of it (e.g. dispatching its notifications at once, with the committed row as
 * the durable record a sweeper falls back on). `run` must not throw (what it throws is ignored)
 * and should not block: start the work, don't await it. Never called when the transaction rolls
 * back or its COMMIT fails. Returns false when `tx` is not a transaction opened by
 * `withTransaction` (the pool, a savepoint): the caller then does the work another way.
 */
export function afterCommit(tx: Queryable, run: () => void): boolean {
  const open = openTransactions.get(tx);
  if (!open) return false;
  open.afterCommit.push(run);
  return true;
}

/** The database a transaction opened by `withTransaction` belongs to; undefined for anything else. */
export function databaseOf(tx: Queryable): Db | undefined {
  return openTransactions.get(tx)?.db;
}

/**
 * One transaction per write: the change, its history, its audit rows (written by the trigger,
 * attributed to `actor`) and the jobs it causes commit together or not at all. BEGIN and the
 * actor's `set_config` go in one round trip, and so do COMMIT and the statements queued with
 * `atCommit` (the jobs the transaction adds: one `add_jobs`), so a transaction costs its own
 * statements plus two.
 */
export async function withTransaction<T>(db: Db, actor: Actor, work: (tx: Tx) => Promise<T>): Promise<T> {
  // Drizzle's own `db.transaction` sends BEGIN alone; this is the same, with the client checked
  // out here so that the first and last round trips can carry more than one statement.
  const internals = db as unknown as {
    dialect: ConstructorParameters<typeof NodePgSession>[1];
    session: { client: pg.Pool; schema: undefined; options: ConstructorParameters<typeof NodePgSession>[3] };
  };
  const client = await internals.session.client.connect();
  const session = new NodePgSession(
    client,
    internals.dialect,
    internals.session.schema,
    internals.session.options,
  );
  const tx = new NodePgTransaction(internals.dialect, session, internals.session.schema) as unknown as Tx;
  const open = { db, atCommit: [] as (() => string | null)[], afterCommit: [] as (() => void)[] };
  openTransactions.set(tx, open);
  let broken: Error | undefined;
  let result: T;
  try {
    await client.query(
      `begin; select set_config('opsdesk.actor', ${pg.escapeLiteral(JSON.stringify(actor))}, true)`,
    );
    try {
      result = await work(tx);
      const before = open.atCommit.map((build) => build()).filter((statement) => statement !== null);
      openTransactions.delete(tx);
      await client.query([...before, 'commit'].join(';\n'));
    } catch (error) {
      await client.query('rollback').catch((rollbackError: Error) => {
        broken = rollbackError;
      });
      throw error;
    }
  } finally {
    openTransactions.delete(tx);
    client.release(broken);
  }
  // Committed, and the client back in the pool: what waits for the commit starts now. The change
  // is done whatever happens here, so a callback that throws (it must not) does not fail it.
  for (const run of open.afterCommit) {
    try {
      run();
    } catch {
      // Ignored: see above.
    }
  }
  return result;
}

/** The SQLSTATE of a database error, whether Drizzle wrapped it ("Failed query: …") or not. */
export function pgErrorCode(error: unknown): string | undefined {
  const direct = (error as { code?: unknown }).code;
  if (typeof direct === 'string') return direct;
  const cause = (error as { cause?: { code?: unknown } }).cause;
  return typeof cause?.code === 'string' ? cause.code : undefined;
}

export const isUniqueViolation = (error: unknown) => pgErrorCode(error) === '23505';
