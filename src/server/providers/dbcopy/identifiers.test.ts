import { describe, expect, it } from 'vitest';
import {
  distinctTables,
  mongoDatabaseName,
  qualifiedPgName,
  quoteMysqlIdentifier,
  quotePgIdentifier,
  tableNameProblem,
} from './identifiers.js';

describe('quotePgIdentifier', () => {
  it('wraps a plain name in double quotes, keeping its case', () => {
    expect(quotePgIdentifier('Orders')).toBe('"Orders"');
  });

  it('doubles embedded double quotes so a name cannot end the identifier early', () => {
    expect(quotePgIdentifier('a"; DROP TABLE x; --')).toBe('"a""; DROP TABLE x; --"');
  });

  it('keeps dots, spaces and unicode inside one identifier', () => {
    expect(quotePgIdentifier('order items.v2 😀')).toBe('"order items.v2 😀"');
  });

  it('qualifies a table with its schema', () => {
    expect(qualifiedPgName('sbx_a', 'my"table')).toBe('"sbx_a"."my""table"');
  });
});

describe('quoteMysqlIdentifier', () => {
  it('doubles embedded backticks', () => {
    expect(quoteMysqlIdentifier('a`b')).toBe('`a``b`');
  });

  it('treats a dot as part of the name, not as a schema separator', () => {
    expect(quoteMysqlIdentifier('shop.orders')).toBe('`shop.orders`');
  });
});

describe('tableNameProblem', () => {
  it('accepts ordinary names on every engine', () => {
    for (const engine of ['postgres', 'mysql', 'mongodb'] as const) {
      expect(tableNameProblem(engine, 'orders_2024')).toBeNull();
    }
  });

  it('refuses an empty name and a NUL character', () => {
    expect(tableNameProblem('postgres', '')).toBe('A table name cannot be empty');
    expect(tableNameProblem('mysql', 'a\0b')).toBe('Table name `a\\0b` contains a NUL character');
  });

  it('counts PostgreSQL length in bytes: 63 fit, 64 do not', () => {
    expect(tableNameProblem('postgres', 'a'.repeat(63))).toBeNull();
    expect(tableNameProblem('postgres', 'a'.repeat(64))).toMatch(
      /longer than PostgreSQL allows \(63 bytes\)/,
    );
    // 21 three-byte characters are 63 bytes; 22 are 66.
    expect(tableNameProblem('postgres', '表'.repeat(21))).toBeNull();
    expect(tableNameProblem('postgres', '表'.repeat(22))).not.toBeNull();
  });

  it('counts MySQL length in characters and refuses a trailing space', () => {
    expect(tableNameProblem('mysql', '表'.repeat(64))).toBeNull();
    expect(tableNameProblem('mysql', '表'.repeat(65))).toMatch(/64 characters/);
    expect(tableNameProblem('mysql', 'orders ')).toMatch(/ends with a space/);
  });

  it('refuses MongoDB names with $ and system collections', () => {
    expect(tableNameProblem('mongodb', 'a$b')).toMatch(/contains `\$`/);
    expect(tableNameProblem('mongodb', 'system.users')).toMatch(/system collection/);
    expect(tableNameProblem('mongodb', 'events.archive')).toBeNull();
  });
});

describe('mongoDatabaseName', () => {
  it('reads the database from the path', () => {
    expect(mongoDatabaseName('mongodb://u:p@db1:27017,db2:27017/shop?replicaSet=rs0')).toBe('shop');
    expect(mongoDatabaseName('mongodb+srv://cluster.example.net/sales')).toBe('sales');
  });

  it('decodes percent-encoded names', () => {
    expect(mongoDatabaseName('mongodb://h/my%20db')).toBe('my db');
  });

  it('is null when the string names no database', () => {
    expect(mongoDatabaseName('mongodb://h:27017')).toBeNull();
    expect(mongoDatabaseName('mongodb://h:27017/')).toBeNull();
    expect(mongoDatabaseName('mongodb://h:27017/?authSource=admin')).toBeNull();
  });
});

describe('distinctTables', () => {
  it('keeps the first occurrence of each name, in order, case-sensitively', () => {
    expect(distinctTables(['b', 'a', 'b', 'A'])).toEqual(['b', 'a', 'A']);
  });
});
