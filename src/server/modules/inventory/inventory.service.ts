// The staging inventory: environments, the provider connections that run them, and how the
// inventory follows what fulfilment actions did and what providers discover.
import {
  and,
  asc,
  desc,
  eq,
  getTableColumns,
  getTableName,
  ne,
  type SQL,
  type SQLWrapper,
  sql,
  type Table,
} from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { type Actor, isUniqueViolation, type Queryable, type Tx, withTransaction } from '../../db/client.js';
import { prebuilt } from '../../db/prebuilt.js';
import { badRequest, conflict, notFound } from '../../lib/errors.js';
import { openJson, sealJson } from '../../lib/secretBox.js';
import type { ProviderConnectionConfig } from '../../providers/registry.js';
import {
  createSandboxDatabase,
  type SandboxDatabaseSpec,
  sandboxTableCounts,
  selfUrl,
} from '../../providers/sandbox/sandbox.databases.js';
import { sandboxUrl } from '../../providers/sandbox/sandbox.provider.js';
import { sandboxFaults, sandboxInstances } from '../../providers/sandbox/sandbox.schema.js';
import type {
  DatabaseConnection,
  DatabaseEngine,
  EnvironmentRecord,
  EnvironmentState,
  InventoryChange,
  Provider,
} from '../../providers/types.js';
import { type EnvironmentChangeOrigin, environmentsChanged } from './inventory.listeners.js';
import { environments, providerConnections, type StoredDatabase } from './inventory.schema.js';

export type EnvironmentRow = typeof environments.$inferSelect;
export type ConnectionRow = typeof providerConnections.$inferSelect;
export type EnvironmentWithConnection = EnvironmentRow & { connection: ConnectionRow };

const selectWithConnection = (db: Queryable) =>
  db
    .select({ environment: environments, connection: providerConnections })
    .from(environments)
    .innerJoin(providerConnections, eq(providerConnections.id, environments.connectionId));

export async function listEnvironments(db: Queryable, options: { includeTerminated?: boolean } = {}) {
  const rows = await selectWithConnection(db)
    .where(options.includeTerminated ? undefined : ne(environments.state, 'terminated'))
    .orderBy(asc(environments.name));
  return rows.map(({ environment, connection }) => ({ ...environment, connection }));
}

/** The live environment of that name (or, if only terminated ones exist, the latest of those). */
export async function findEnvironment(
  db: Queryable,
  name: string,
): Promise<EnvironmentWithConnection | null> {
  const [row] = await findEnvironmentStatement.run(db, { name });
  return row ? { ...row.environment, connection: row.connection } : null;
}

// Built once: verification and every fulfilment read it.
const findEnvironmentStatement = prebuilt(
  (db, p: { name: string }) =>
    selectWithConnection(db)
      .where(eq(environments.name, p.name))
      .orderBy(sql`${environments.state} = 'terminated'`, desc(environments.updatedAt))
      .limit(1),
  { name: 'bugfix1x2' },
);

/**
 * A table's row (under `alias`) as one JSON object keyed by drizzle's names, for `rowFromJson`.
 * Columns are written qualified by the alias: drizzle leaves columns unqualified in RETURNING,
 * where a fragment may be embedded.
 */
function rowJson(table: Table, alias: string): SQL<unknown> {
  // Written once as text per table and alias: as ~30 fragments Drizzle rebuilt it on every statement.
  const key = `${getTableName(table)}\u0000${alias}`;
  let built = rowJsonTexts.get(key);
  if (!built) {
    const pairs = Object.entries(getTableColumns(table)).map(
      ([property, column]) => `'${property}'::text, "${alias}"."${column.name}"`,
    );
    built = sql.raw(`json_build_object(${pairs.join(', ')})`);
    rowJsonTexts.set(key, built);
  }
  return built;
}
const rowJsonTexts = new Map<string, SQL<unknown>>();

function rowFromJson<T>(table: Table, json: Record<string, unknown>): T {
  const row: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(getTableColumns(table)))
    row[key] = json[key] === null || json[key] === undefined ? null : column.mapFromDriverValue(json[key]);
  return row as T;
}

/**
 * The environment `name` (a column or value of the caller's query) names, picked as
 * `findEnvironment` picks it, with its connection, as one JSON value: for another module's
 * statement that reads its own row and the environment at once (issue 18). Null when there is no
 * such environment. Read it back with `environmentFromJson`.
 */
export function environmentJsonByName(name: SQLWrapper): SQL<unknown> {
  return sql`(select json_build_object('environment', ${rowJson(environments, 'e')}, 'connection', ${rowJson(providerConnections, 'c')})
    from ${environments} e join ${providerConnections} c on c.id = e.connection_id
    where e.name = ${name}
    order by e.state = 'terminated', e.updated_at desc limit 1)`;
}

/** The environment `environmentJsonByName` selected, as `findEnvironment` returns it. */
export function environmentFromJson(value: unknown): EnvironmentWithConnection | null {
  if (value === null || typeof value !== 'object') return null;
  const json = value as { environment: Record<string, unknown>; connection: Record<string, unknown> };
  return {
    ...rowFromJson<EnvironmentRow>(environments, json.environment),
    connection: rowFromJson<ConnectionRow>(providerConnections, json.connection),
  };
}

export async function getEnvironment(db: Queryable, name: string): Promise<EnvironmentWithConnection> {
  const environment = await findEnvironment(db, name);
  if (!environment) throw notFound(`The environment ${name}`);
  return environment;
}

/** What a provider sees of an environment: database connections decrypted. */
export function toEnvironmentRecord(row: EnvironmentRow, key: Buffer): EnvironmentRecord {
  return {
    name: row.name,
    externalId: row.externalId,
    state: row.state,
    requestOnly: row.requestOnly,
    region: row.region,
    url: row.url,
    domains: row.domains,
    endDate: row.endDate,
    attributes: row.attributes,
    databases: row.databases.map((database) => ({
      engine: database.engine,
      name: database.name,
      ...(database.connectionEncrypted
        ? { connection: openJson<DatabaseConnection>(key, database.connectionEncrypted) }
        : {}),
    })),
  };
}

export function connectionConfig(connection: ConnectionRow, key: Buffer): ProviderConnectionConfig {
  const secrets = connection.secretsEncrypted
    ? openJson<Record<string, unknown>>(key, connection.secretsEncrypted)
    : {};
  return {
    id: connection.id,
    kind: connection.kind,
    updatedAt: connection.updatedAt,
    config: { ...connection.config, ...secrets },
  };
}

export function providerOf(context: AppContext, connection: ConnectionRow): Provider {
  return context.providers.providerFor(connectionConfig(connection, context.secretKey));
}

export async function findConnection(db: Queryable, name: string): Promise<ConnectionRow | undefined> {
  const [row] = await db.select().from(providerConnections).where(eq(providerConnections.name, name));
  return row;
}

export async function getConnection(db: Queryable, name: string): Promise<ConnectionRow> {
  const [connection] = await db.select().from(providerConnections).where(eq(providerConnections.name, name));
  if (!connection)
    throw badRequest('unknown_provider', `provider: there is no provider connection named ${name}.`);
  return connection;
}

export interface EnvironmentInput {
  name: string;
  provider: string;
  externalId?: string | undefined;
  state?: EnvironmentState | undefined;
  requestOnly: boolean;
  region?: string | null | undefined;
  url?: string | null | undefined;
  domains?: string[] | undefined;
  endDate?: string | null | undefined;
  attributes?: Record<string, unknown> | undefined;
  databases?:
    | {
        engine: DatabaseEngine;
        name: string;
        tables?: Record<string, number> | undefined;
        connection?: DatabaseConnection | undefined;
      }[]
    | undefined;
  /** Sandbox only: actions that fail (permanently), or {action, times} failing transiently `times` times. */
  faults?:
    | (string | { action: string; kind: 'permanent' | 'transient'; times?: number | undefined })[]
    | undefined;
}

async function storeDatabases(
  tx: Tx,
  context: AppContext,
  connection: ConnectionRow,
  name: string,
  databases: NonNullable<EnvironmentInput['databases']>,
): Promise<StoredDatabase[]> {
  const stored: StoredDatabase[] = [];
  for (const database of databases) {
    let connectionDetails = database.connection;
    if (connection.kind === 'sandbox') {
      if (database.connection) {
        throw badRequest(
          'invalid_database',
          'databases: sandbox databases are created by Opsdesk; give `tables`, not `connection`.',
        );
      }
      const spec: SandboxDatabaseSpec = {
        engine: database.engine,
        name: database.name,
        tables: database.tables ?? {},
      };
      connectionDetails = await createSandboxDatabase(tx, name, spec);
    } else if (database.tables) {
      throw badRequest(
        'invalid_database',
        'databases: `tables` (generated rows) exist only for sandbox environments.',
      );
    }
    stored.push({
      engine: database.engine,
      name: database.name,
      ...(connectionDetails ? { connectionEncrypted: sealJson(context.secretKey, connectionDetails) } : {}),
    });
  }
  return stored;
}

async function storeFaults(
  tx: Tx,
  name: string,
  faults: NonNullable<EnvironmentInput['faults']>,
): Promise<void> {
  await tx.delete(sandboxFaults).where(eq(sandboxFaults.environmentName, name));
  for (const fault of faults) {
    const spec =
      typeof fault === 'string' ? { action: fault, kind: 'permanent' as const, times: undefined } : fault;
    await tx
      .insert(sandboxFaults)
      .values({
        environmentName: name,
        action: spec.action,
        kind: spec.kind,
        remaining: spec.kind === 'transient' ? (spec.times ?? 1) : null,
      })
      .onConflictDoNothing();
  }
}

export async function createEnvironment(
  context: AppContext,
  actor: Actor,
  input: EnvironmentInput,
): Promise<EnvironmentWithConnection> {
  return withTransaction(context.db, actor, async (tx) => {
    const connection = await getConnection(tx, input.provider);
    const sandbox = connection.kind === 'sandbox';
    if (!sandbox && !input.externalId) {
      throw badRequest(
        'invalid_environment',
        `externalId: required for ${connection.kind} environments (the provider's id).`,
      );
    }
    if (!sandbox && input.faults?.length) {
      throw badRequest(
        'invalid_environment',
        'faults: fault injection exists only for sandbox environments.',
      );
    }
    const state = input.state ?? 'stopped';
    const externalId = input.externalId ?? `sbx-${crypto.randomUUID().slice(0, 12)}`;
    if (sandbox) {
      await tx.insert(sandboxInstances).values({ externalId, state }).onConflictDoNothing();
    }
    let row: EnvironmentRow | undefined;
    try {
      [row] = await tx
        .insert(environments)
        .values({
          name: input.name,
          connectionId: connection.id,
          externalId,
          state,
          requestOnly: input.requestOnly,
          region: input.region ?? null,
          url: input.url ?? (sandbox ? sandboxUrl(input.name) : null),
          domains: input.domains ?? [],
          endDate: input.endDate ?? null,
          attributes: input.attributes ?? {},
          databases: [],
        })
        .returning();
    } catch (error) {
      if (isUniqueViolation(error))
        throw conflict('environment_exists', `name: an environment named ${input.name} exists already.`);
      throw error;
    }
    const databases = await storeDatabases(tx, context, connection, input.name, input.databases ?? []);
    if (databases.length > 0) {
      [row] = await tx
        .update(environments)
        .set({ databases })
        .where(eq(environments.id, row!.id))
        .returning();
    }
    if (sandbox && input.faults) await storeFaults(tx, input.name, input.faults);
    await environmentsChanged(tx, [input.name], { via: 'api', actor });
    return { ...row!, connection };
  });
}

export async function updateEnvironment(
  context: AppContext,
  actor: Actor,
  name: string,
  patch: Partial<
    Pick<EnvironmentInput, 'requestOnly' | 'region' | 'url' | 'endDate' | 'attributes' | 'faults' | 'state'>
  >,
): Promise<EnvironmentWithConnection> {
  return withTransaction(context.db, actor, async (tx) => {
    const environment = await getEnvironment(tx, name);
    if (patch.faults !== undefined) {
      if (environment.connection.kind !== 'sandbox') {
        throw badRequest(
          'invalid_environment',
          'faults: fault injection exists only for sandbox environments.',
        );
      }
      await storeFaults(tx, name, patch.faults);
    }
    const { faults: _faults, ...columns } = patch;
    const [row] = await tx
      .update(environments)
      .set({ ...columns, updatedAt: new Date() })
      .where(eq(environments.id, environment.id))
      .returning();
    await environmentsChanged(tx, [name], { via: 'api', actor });
    return { ...row!, connection: environment.connection };
  });
}

/** Applies what an action reported (state, URL, domains, a new environment replacing an old one). */
export async function applyInventoryChanges(
  tx: Tx,
  key: Buffer,
  connectionId: string,
  changes: InventoryChange[],
  origin?: EnvironmentChangeOrigin,
): Promise<void> {
  // The rows updated here, for the listeners (they need not read them again).
  const known = new Map<string, EnvironmentWithConnection>();
  for (const change of changes) {
    if (change.op === 'update') {
      const { databases, name: _name, ...patch } = change.patch;
      // The environment findEnvironment would pick, updated in the same statement.
      const [updated] = await tx
        .update(environments)
        .set({
          ...patch,
          ...(databases
            ? {
                databases: databases.map((database) => ({
                  engine: database.engine,
                  name: database.name,
                  ...(database.connection ? { connectionEncrypted: sealJson(key, database.connection) } : {}),
                })),
              }
            : {}),
          updatedAt: new Date(),
        })
        .where(
          eq(
            environments.id,
            sql`(select e.id from ${environments} e where e.name = ${change.name}
              order by e.state = 'terminated', e.updated_at desc limit 1)`,
          ),
        )
        .returning({
          ...getTableColumns(environments),
          connection: sql<Record<string, unknown>>`(select ${rowJson(providerConnections, 'c')}
            from ${providerConnections} c where c.id = ${sql.identifier('environments')}.connection_id)`,
        });
      if (!updated) continue;
      const { connection, ...row } = updated;
      // A terminated row may not be the one findEnvironment picks next: listeners read it again.
      if (row.state === 'terminated') known.delete(change.name);
      else
        known.set(change.name, {
          ...row,
          connection: rowFromJson<ConnectionRow>(providerConnections, connection),
        });
    } else if (change.op === 'remove') {
      known.delete(change.name);
      await tx
        .update(environments)
        .set({ state: 'terminated', updatedAt: new Date() })
        .where(and(eq(environments.name, change.name), ne(environments.state, 'terminated')));
    } else {
      known.delete(change.environment.name);
      const record = change.environment;
      const values = {
        externalId: record.externalId,
        state: record.state,
        requestOnly: record.requestOnly,
        region: record.region,
        url: record.url,
        domains: record.domains,
        endDate: record.endDate,
        attributes: record.attributes,
        updatedAt: new Date(),
      };
      const existing = await findEnvironment(tx, record.name);
      if (existing && existing.state !== 'terminated') {
        await tx.update(environments).set(values).where(eq(environments.id, existing.id));
      } else {
        await tx.insert(environments).values({
          ...values,
          name: record.name,
          connectionId,
          databases: record.databases.map((database) => ({
            engine: database.engine,
            name: database.name,
            ...(database.connection ? { connectionEncrypted: sealJson(key, database.connection) } : {}),
          })),
        });
      }
    }
  }
  if (origin) {
    const names = changes.map((change) => (change.op === 'upsert' ? change.environment.name : change.name));
    await environmentsChanged(tx, names, origin, known);
  }
}

/** Details for the API: sandbox databases with their tables and row counts, and injected faults. */
export async function environmentDetails(db: Queryable, environment: EnvironmentWithConnection, key: Buffer) {
  const record = toEnvironmentRecord(environment, key);
  const databases = await Promise.all(
    record.databases.map(async (database) => ({
      engine: database.engine,
      name: database.name,
      ...(database.connection?.url === selfUrl && database.connection.schema
        ? { tables: await sandboxTableCounts(db, database.connection.schema) }
        : {}),
    })),
  );
  const faults =
    environment.connection.kind === 'sandbox'
      ? await db.select().from(sandboxFaults).where(eq(sandboxFaults.environmentName, environment.name))
      : [];
  return { databases, faults: faults.map(({ action, kind, remaining }) => ({ action, kind, remaining })) };
}
