// Sandbox databases are real: each is a PostgreSQL schema on Opsdesk's own server (no CREATEDB
// privilege needed, isolated per Opsdesk database), whatever engine it nominally is, and
// "copy database data" really copies the rows and checks the counts with the shared copy engine.
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { type DatabaseCopyParams, databaseCopyAction } from '../dbcopy/action.js';
import type {
  ActionDefinition,
  DatabaseConnection,
  DatabaseEngine,
  EnvironmentRecord,
  PreflightProblem,
  ProviderContext,
} from '../types.js';
import type { SandboxDeps } from './sandbox.provider.js';

/** Stands for "Opsdesk's own database" in stored connections (its URL may change between starts). */
export const selfUrl = 'opsdesk:self';

/** A table (or schema) name the sandbox accepts; the inventory's input schema checks it too. */
export { sandboxTableName as sandboxIdentifier } from '../../../shared/api/inventory.js';

import { sandboxTableName } from '../../../shared/api/inventory.js';

const identifier = sandboxTableName;

export function sandboxSchemaName(environment: string, database: string): string {
  const readable = `sbx_${environment}__${database}`.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  if (readable.length <= 63) return readable;
  const hash = createHash('sha256').update(`${environment}/${database}`).digest('hex').slice(0, 8);
  return `${readable.slice(0, 54)}_${hash}`;
}

export interface SandboxDatabaseSpec {
  engine: DatabaseEngine;
  name: string;
  /** Table name → number of generated rows. */
  tables: Record<string, number>;
}

/** Creates the schema and its tables with generated rows; returns the connection to store. */
export async function createSandboxDatabase(
  tx: Queryable,
  environment: string,
  spec: SandboxDatabaseSpec,
): Promise<DatabaseConnection> {
  const schema = sandboxSchemaName(environment, spec.name);
  await tx.execute(sql.raw(`create schema if not exists "${schema}"`));
  for (const [table, rows] of Object.entries(spec.tables)) {
    if (!identifier.test(table)) throw new Error(`databases.tables: "${table}" is not a valid table name`);
    // One shape for every sandbox table, so that copies between environments line up.
    await tx.execute(
      sql.raw(`create table if not exists "${schema}"."${table}" (
        id bigint primary key,
        name text not null,
        amount numeric(12, 2),
        details jsonb,
        created_at timestamptz not null default now()
      )`),
    );
    await tx.execute(
      sql.raw(`insert into "${schema}"."${table}" (id, name, amount, details)
        select n, '${table} #' || n, round((random() * 10000)::numeric, 2), jsonb_build_object('n', n, 'note', 'généré ✓')
          from generate_series(1, ${Math.max(0, Math.floor(rows))}) as n
        on conflict (id) do nothing`),
    );
  }
  return { url: selfUrl, schema };
}

export async function dropSandboxDatabases(tx: Queryable, environment: EnvironmentRecord): Promise<void> {
  for (const database of environment.databases) {
    const schema = database.connection?.url === selfUrl ? database.connection.schema : undefined;
    if (schema) await tx.execute(sql.raw(`drop schema if exists "${schema}" cascade`));
  }
}

/** Row counts of a sandbox database's tables (shown in the inventory). */
export async function sandboxTableCounts(tx: Queryable, schema: string): Promise<Record<string, number>> {
  const tables = await tx.execute<{ table_name: string }>(
    sql`select table_name from information_schema.tables where table_schema = ${schema} order by table_name`,
  );
  const counts: Record<string, number> = {};
  for (const { table_name: table } of tables.rows) {
    const result = await tx.execute<{ n: number }>(
      sql.raw(`select count(*)::int as n from "${schema}"."${table}"`),
    );
    counts[table] = result.rows[0]?.n ?? 0;
  }
  return counts;
}

/**
 * The shared `database.copy` action on sandbox databases: the nominal engine must match what the
 * requester asked for, then the copy runs with the PostgreSQL engine between the two schemas.
 */
export function sandboxDatabaseCopyAction(deps: SandboxDeps): ActionDefinition<DatabaseCopyParams> {
  const onServer = (
    environment: EnvironmentRecord | null,
    engine: DatabaseEngine,
  ): EnvironmentRecord | null =>
    environment && {
      ...environment,
      databases: environment.databases
        .filter((database) => database.engine === engine)
        .map((database) => ({
          ...database,
          engine: 'postgres' as const,
          ...(database.connection
            ? {
                connection: {
                  ...database.connection,
                  url: database.connection.url === selfUrl ? deps.databaseUrl : database.connection.url,
                },
              }
            : {}),
        })),
    };
  const translate = <C extends ProviderContext & { environment: EnvironmentRecord }>(
    ctx: C,
    engine: DatabaseEngine,
  ): C => ({
    ...ctx,
    environment: onServer(ctx.environment, engine)!,
    lookupEnvironment: async (name: string) => onServer(await ctx.lookupEnvironment(name), engine),
  });
  return {
    ...databaseCopyAction,
    async preflight(ctx, params) {
      // The nominal engine is the sandbox's to check; the copy engine underneath is always PostgreSQL.
      const problems: PreflightProblem[] = [];
      for (const param of ['sourceEnvironment', 'targetEnvironment'] as const) {
        const environment = await ctx.lookupEnvironment(params[param]);
        if (
          environment &&
          !environment.databases.some((d) => d.name === params.database && d.engine === params.engine)
        ) {
          problems.push({
            param,
            message: `Environment ${environment.name} has no ${params.engine} database \`${params.database}\``,
          });
        }
      }
      if (problems.length > 0) return problems;
      return databaseCopyAction.preflight!(translate(ctx, params.engine), { ...params, engine: 'postgres' });
    },
    run(ctx, params) {
      return databaseCopyAction.run(translate(ctx, params.engine), { ...params, engine: 'postgres' });
    },
  };
}
