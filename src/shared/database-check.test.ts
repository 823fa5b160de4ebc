import { describe, expect, it } from 'vitest';
import { databaseCheckProblems } from './database-check.js';

const check = {
  environments: ['sourceEnvironment', 'targetEnvironment'],
  engine: 'engine',
  database: 'database',
  tables: 'tables',
};
const inventory = [
  {
    name: 'staging-main',
    databases: [{ engine: 'postgres', name: 'shop', tables: { orders: 5, customers: 2 } }],
  },
  { name: 'bugfix1x2', databases: [{ engine: 'postgres', name: 'shop', tables: { orders: 1 } }] },
  { name: 'empty7', databases: [] },
  { name: 'docs', databases: [{ engine: 'mysql', name: 'wiki' }] },
];
const values = (extra: Record<string, unknown>) => ({
  sourceEnvironment: 'staging-main',
  targetEnvironment: 'bugfix1x2',
  engine: 'postgres',
  database: 'shop',
  tables: ['orders'],
  ...extra,
});

describe('databaseCheckProblems', () => {
  it('finds nothing when both sides hold the database and the tables', () => {
    expect(databaseCheckProblems(check, values({}) as never, inventory)).toEqual([]);
  });

  it('names the target that lacks the database, and the tables one side lacks', () => {
    expect(databaseCheckProblems(check, values({ targetEnvironment: 'docs' }) as never, inventory)).toEqual([
      { field: 'database', message: 'There is no PostgreSQL database "shop" on docs.' },
    ]);
    expect(
      databaseCheckProblems(check, values({ tables: ['orders', 'customers'] }) as never, inventory),
    ).toEqual([{ field: 'tables', message: 'Table "customers" does not exist in "shop" on bugfix1x2.' }]);
  });

  it('an environment with no databases at all lacks it too', () => {
    expect(databaseCheckProblems(check, values({ targetEnvironment: 'empty7' }) as never, inventory)).toEqual(
      [{ field: 'database', message: 'There is no PostgreSQL database "shop" on empty7.' }],
    );
  });

  it('leaves unknown environments to the field rules, and a MongoDB target’s collections to the copy', () => {
    expect(
      databaseCheckProblems(check, values({ targetEnvironment: 'nowhere' }) as never, inventory),
    ).toEqual([]);
    const mongo = [
      { name: 'a', databases: [{ engine: 'mongodb', name: 'events', tables: { clicks: 1 } }] },
      { name: 'b', databases: [{ engine: 'mongodb', name: 'events', tables: {} }] },
    ];
    expect(
      databaseCheckProblems(
        check,
        values({
          engine: 'mongodb',
          database: 'events',
          sourceEnvironment: 'a',
          targetEnvironment: 'b',
          tables: ['clicks'],
        }) as never,
        mongo,
      ),
    ).toEqual([]);
  });
});
