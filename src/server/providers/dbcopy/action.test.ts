import { describe, expect, it } from 'vitest';
import type { DatabaseRecord, EnvironmentRecord, ProviderContext } from '../types.js';
import { type DatabaseCopyParams, databaseCopyAction, databaseCopyParams } from './action.js';

function environment(
  name: string,
  databases: DatabaseRecord[],
  state: EnvironmentRecord['state'] = 'running',
) {
  return {
    name,
    externalId: `sbx-${name}`,
    state,
    requestOnly: false,
    region: null,
    url: null,
    domains: [],
    databases,
    endDate: null,
    attributes: {},
  } satisfies EnvironmentRecord;
}

function context(environments: EnvironmentRecord[]): ProviderContext & { environment: EnvironmentRecord } {
  return {
    signal: new AbortController().signal,
    sleep: async () => {},
    lookupEnvironment: async (name) => environments.find((candidate) => candidate.name === name) ?? null,
    environment: environments[environments.length - 1]!,
  };
}

function params(overrides: Partial<DatabaseCopyParams> = {}): DatabaseCopyParams {
  return {
    sourceEnvironment: 'bugfix1x2',
    targetEnvironment: 'feature9',
    engine: 'postgres',
    database: 'shop',
    tables: ['orders'],
    ...overrides,
  };
}

describe('database.copy parameters', () => {
  it('takes the tables as a list or as the text of a form field, each name once', () => {
    const base = { sourceEnvironment: 'a', targetEnvironment: 'b', engine: 'mysql', database: 'shop' };
    expect(
      databaseCopyParams.parse({ ...base, tables: 'orders, customers\norder_items,,orders' }).tables,
    ).toEqual(['orders', 'customers', 'order_items']);
    expect(databaseCopyParams.parse({ ...base, tables: [' orders ', 'Orders'] }).tables).toEqual([
      'orders',
      'Orders',
    ]);
  });

  it('refuses an empty table list and an unknown engine', () => {
    const base = { sourceEnvironment: 'a', targetEnvironment: 'b', engine: 'mysql', database: 'shop' };
    expect(databaseCopyParams.safeParse({ ...base, tables: ' , ' }).success).toBe(false);
    expect(databaseCopyParams.safeParse({ ...base, engine: 'oracle', tables: ['t'] }).success).toBe(false);
  });
});

describe('database.copy preflight (problems found without touching a database)', () => {
  const shop = { engine: 'postgres' as const, name: 'shop', connection: { url: 'postgres://db/shop' } };

  it('names unknown environments', async () => {
    const problems = await databaseCopyAction.preflight!(
      context([environment('feature9', [shop])]),
      params(),
    );
    expect(problems).toEqual([
      { param: 'sourceEnvironment', message: 'Environment `bugfix1x2` does not exist' },
    ]);
  });

  it('refuses copying an environment onto itself', async () => {
    const problems = await databaseCopyAction.preflight!(
      context([environment('feature9', [shop])]),
      params({ sourceEnvironment: 'feature9' }),
    );
    expect(problems).toContainEqual({
      param: 'targetEnvironment',
      message: 'The target environment must differ from the source',
    });
  });

  it('refuses a terminated environment', async () => {
    const problems = await databaseCopyAction.preflight!(
      context([environment('bugfix1x2', [shop], 'terminated'), environment('feature9', [shop])]),
      params(),
    );
    expect(problems).toEqual([
      { param: 'sourceEnvironment', message: 'Environment `bugfix1x2` has been terminated' },
    ]);
  });

  it('names a database the environment does not have, or has under another engine', async () => {
    const problems = await databaseCopyAction.preflight!(
      context([
        environment('bugfix1x2', [{ ...shop, engine: 'mysql' }]),
        environment('feature9', [{ ...shop, name: 'crm' }]),
      ]),
      params(),
    );
    expect(problems).toEqual([
      { param: 'database', message: 'Database `shop` on bugfix1x2 is a mysql database, not postgres' },
      { param: 'database', message: 'Environment feature9 has no postgres database `shop`' },
    ]);
  });

  it('says when Opsdesk has no connection for the database', async () => {
    const problems = await databaseCopyAction.preflight!(
      context([
        environment('bugfix1x2', [shop]),
        environment('feature9', [{ engine: 'postgres', name: 'shop' }]),
      ]),
      params(),
    );
    expect(problems).toEqual([
      {
        param: 'database',
        message:
          'Opsdesk has no connection details for database `shop` on feature9; an administrator has to add them to the environment',
      },
    ]);
  });

  it('refuses table names the engine cannot have', async () => {
    const problems = await databaseCopyAction.preflight!(
      context([environment('bugfix1x2', [shop]), environment('feature9', [shop])]),
      params({ tables: ['orders', 'x'.repeat(64)] }),
    );
    expect(problems).toEqual([
      {
        param: 'tables',
        message: `Table name \`${'x'.repeat(64)}\` is longer than PostgreSQL allows (63 bytes)`,
      },
    ]);
  });
});
