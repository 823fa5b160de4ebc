// The database connection of one process: a pg pool, Drizzle on top, and the one way to write
// (`withTransaction`), which records who is acting so that the audit trigger can attribute every row.
import { sql } from 'drizzle-orm';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import pg from 'pg';

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

export function connect(
  url: string,
  options: { poolSize?: number; applicationName?: string } = {},
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
  pool.on('connect', (client) => client.on('error', () => undefined));
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
 * One transaction per write: the change, its history, its audit rows (written by the trigger,
 * attributed to `actor`) and the jobs it causes commit together or not at all.
 */
export async function withTransaction<T>(db: Db, actor: Actor, work: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('opsdesk.actor', ${JSON.stringify(actor)}, true)`);
    return work(tx);
  });
}

/** The SQLSTATE of a database error, whether Drizzle wrapped it ("Failed query: …") or not. */
export function pgErrorCode(error: unknown): string | undefined {
  const direct = (error as { code?: unknown }).code;
  if (typeof direct === 'string') return direct;
  const cause = (error as { cause?: { code?: unknown } }).cause;
  return typeof cause?.code === 'string' ? cause.code : undefined;
}

export const isUniqueViolation = (error: unknown) => pgErrorCode(error) === '23505';
