import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type ActionContext,
  type DatabaseRecord,
  type EnvironmentRecord,
  PermanentProviderError,
} from '../types.js';
import { type DatabaseCopyParams, databaseCopyAction } from './action.js';
import { shopDataSql, shopSchemaSql, tableDigest } from './postgres-fixtures.js';
import { createPgDatabase, type PgTestDatabase } from './test-databases.js';

// Sandbox-style environments: each keeps database `shop` as a schema of one PostgreSQL database.
let server: PgTestDatabase;
let logged: string[];

function environment(name: string, databases: DatabaseRecord[]): EnvironmentRecord {
  return {
    name,
    externalId: `sbx-${name}`,
    state: 'stopped',
    requestOnly: true,
    region: null,
    url: null,
    domains: [],
    databases,
    endDate: null,
    attributes: {},
  };
}

function shopIn(schema: string): DatabaseRecord {
  return { engine: 'postgres', name: 'shop', connection: { url: server.url, schema } };
}

function context(): ActionContext {
  const environments = [
    environment('bugfix1x2', [shopIn('sbx_bugfix1x2')]),
    environment('feature9', [shopIn('sbx_feature9')]),
    environment('empty7', [shopIn('sbx_empty7')]),
  ];
  return {
    signal: new AbortController().signal,
    sleep: async () => {},
    lookupEnvironment: async (name) => environments.find((candidate) => candidate.name === name) ?? null,
    runId: 'run-1',
    attempt: 1,
    environment: environments[1]!,
    log: (line) => logged.push(line),
  };
}

function params(overrides: Partial<DatabaseCopyParams> = {}): DatabaseCopyParams {
  return {
    sourceEnvironment: 'bugfix1x2',
    targetEnvironment: 'feature9',
    engine: 'postgres',
    database: 'shop',
    tables: ['customers', 'orders'],
    ...overrides,
  };
}

beforeEach(async () => {
  server = await createPgDatabase('dbcopy_action');
  await server.run(`CREATE SCHEMA sbx_bugfix1x2; SET search_path = sbx_bugfix1x2; ${shopSchemaSql} ${shopDataSql}
                    CREATE SCHEMA sbx_feature9; SET search_path = sbx_feature9; ${shopSchemaSql}
                    SET search_path = public;`);
  logged = [];
});

afterEach(async () => {
  await server.drop();
});

describe('database.copy preflight against a real database', () => {
  it('finds nothing wrong with a copy that can be done', async () => {
    expect(await databaseCopyAction.preflight!(context(), params())).toEqual([]);
  });

  it('names each table missing from the source', async () => {
    const problems = await databaseCopyAction.preflight!(
      context(),
      params({ tables: ['customers', 'orders_archive', 'refunds'] }),
    );
    expect(problems).toEqual([
      { param: 'tables', message: 'Table `orders_archive` does not exist in database `shop` on bugfix1x2' },
      { param: 'tables', message: 'Table `refunds` does not exist in database `shop` on bugfix1x2' },
    ]);
  });

  it('names a database that does not exist on the target', async () => {
    const problems = await databaseCopyAction.preflight!(context(), params({ targetEnvironment: 'empty7' }));
    expect(problems).toEqual([{ param: 'database', message: 'Database `shop` does not exist on empty7' }]);
  });

  it('reports tables whose shapes differ before anything is approved', async () => {
    await server.run('ALTER TABLE sbx_feature9.orders DROP COLUMN note');
    expect(await databaseCopyAction.preflight!(context(), params())).toEqual([
      {
        param: 'tables',
        message: 'Table `orders`: column `note` exists in the source but not in the target',
      },
    ]);
  });
});

describe('database.copy run', () => {
  it('copies the tables and says so in one sentence', async () => {
    const result = await databaseCopyAction.run(context(), params());

    expect(result).toEqual({
      summary: 'Copied 2 tables (7,950 rows) from bugfix1x2 to feature9 — row counts match',
      outputs: { tables: ['customers', 'orders'], rows: 7950 },
    });
    expect(await tableDigest(server, 'orders', 'sbx_feature9')).toEqual(
      await tableDigest(server, 'orders', 'sbx_bugfix1x2'),
    );
    expect(logged[0]).toBe('Copying 2 tables of `shop` from bugfix1x2 to feature9');
    expect(logged).toHaveLength(3);
  });

  it('gives the same result when run again', async () => {
    await databaseCopyAction.run(context(), params());
    const again = await databaseCopyAction.run(context(), params());
    expect(again.outputs).toEqual({ tables: ['customers', 'orders'], rows: 7950 });
    expect(await tableDigest(server, 'customers', 'sbx_feature9')).toEqual(
      await tableDigest(server, 'customers', 'sbx_bugfix1x2'),
    );
  });

  it('says what was being copied where when it fails', async () => {
    await server.run('ALTER TABLE sbx_feature9.orders ALTER COLUMN note TYPE varchar(10)');
    const failure = databaseCopyAction.run(context(), params());
    await expect(failure).rejects.toBeInstanceOf(PermanentProviderError);
    await expect(failure).rejects.toThrow(
      /^Copying `shop` from bugfix1x2 to feature9 failed: On the target database: value too long for type character varying\(10\)/,
    );
  });
});
