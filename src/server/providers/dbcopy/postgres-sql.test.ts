import { describe, expect, it } from 'vitest';
import {
  copyInSql,
  copyOutSql,
  countSql,
  disableTriggerSql,
  resetSequenceSql,
  restoreTriggerSql,
  truncateSql,
} from './postgres-sql.js';

describe('PostgreSQL statements', () => {
  it('reads the listed columns out of a schema-qualified table', () => {
    expect(copyOutSql('sbx_a', 'Orders', ['id', 'note "x"'], 'binary')).toBe(
      'COPY (SELECT "id", "note ""x""" FROM "sbx_a"."Orders") TO STDOUT (FORMAT binary)',
    );
  });

  it('writes into the same columns of the target', () => {
    expect(copyInSql('public', 'orders', ['id', 'total'], 'text')).toBe(
      'COPY "public"."orders" ("id", "total") FROM STDIN (FORMAT text)',
    );
  });

  it('truncates all listed tables in one statement', () => {
    expect(truncateSql('s', ['orders', 'customers'])).toBe('TRUNCATE TABLE "s"."orders", "s"."customers"');
  });

  it('counts rows of a quoted table', () => {
    expect(countSql('s', 'we"ird')).toBe('SELECT count(*) AS rows FROM "s"."we""ird"');
  });

  it('restores each trigger in the mode it had', () => {
    const trigger = { table: 'orders', name: 'audit', mode: 'O' as const };
    expect(disableTriggerSql('s', trigger)).toBe('ALTER TABLE "s"."orders" DISABLE TRIGGER "audit"');
    expect(restoreTriggerSql('s', trigger)).toBe('ALTER TABLE "s"."orders" ENABLE TRIGGER "audit"');
    expect(restoreTriggerSql('s', { ...trigger, mode: 'R' })).toBe(
      'ALTER TABLE "s"."orders" ENABLE REPLICA TRIGGER "audit"',
    );
    expect(restoreTriggerSql('s', { ...trigger, mode: 'A' })).toBe(
      'ALTER TABLE "s"."orders" ENABLE ALWAYS TRIGGER "audit"',
    );
  });

  it('moves an ascending sequence past the highest id and a descending one below the lowest', () => {
    const sequence = { table: 'orders', column: 'id', sequenceOid: 1, descending: false, start: '1' };
    expect(resetSequenceSql('s', sequence)).toBe(
      'SELECT setval($1::oid::regclass, coalesce(max("id"), $2::bigint), max("id") IS NOT NULL) FROM "s"."orders"',
    );
    expect(resetSequenceSql('s', { ...sequence, descending: true })).toContain(
      'coalesce(min("id"), $2::bigint)',
    );
  });
});
