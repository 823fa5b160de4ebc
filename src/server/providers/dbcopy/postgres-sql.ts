// The statements the PostgreSQL copy sends, built only from quoted identifiers.
import { qualifiedPgName, quotePgIdentifier } from './identifiers.js';

/**
 * `binary` is PostgreSQL's own wire representation: no formatting or parsing of numbers and
 * timestamps, exact for every built-in type. It embeds type ids for array elements and
 * composite fields, which differ between databases for user-defined types: those tables go
 * as `text`, which is exact too (with the session settings of `sessionSettingsSql`).
 */
export type CopyFormat = 'binary' | 'text';

/** Output every type exactly and the same way on both sides, and never time out a long copy. */
export const sessionSettingsSql = [
  'SET statement_timeout = 0',
  'SET idle_in_transaction_session_timeout = 0',
  "SET client_encoding = 'UTF8'",
  "SET DateStyle = 'ISO, YMD'",
  "SET IntervalStyle = 'postgres'",
  "SET TimeZone = 'UTC'",
  'SET extra_float_digits = 3',
  "SET bytea_output = 'hex'",
].join('; ');

function columnList(columns: readonly string[]): string {
  return columns.map(quotePgIdentifier).join(', ');
}

export function copyOutSql(
  schema: string,
  table: string,
  columns: readonly string[],
  format: CopyFormat,
): string {
  return (
    `COPY (SELECT ${columnList(columns)} FROM ${qualifiedPgName(schema, table)}) ` +
    `TO STDOUT (FORMAT ${format})`
  );
}

export function copyInSql(
  schema: string,
  table: string,
  columns: readonly string[],
  format: CopyFormat,
): string {
  const list = columns.length > 0 ? ` (${columnList(columns)})` : '';
  return `COPY ${qualifiedPgName(schema, table)}${list} FROM STDIN (FORMAT ${format})`;
}

/** One statement for all tables, so that foreign keys between them do not stop it. */
export function truncateSql(schema: string, tables: readonly string[]): string {
  return `TRUNCATE TABLE ${tables.map((table) => qualifiedPgName(schema, table)).join(', ')}`;
}

export function countSql(schema: string, table: string): string {
  return `SELECT count(*) AS rows FROM ${qualifiedPgName(schema, table)}`;
}

/** pg_trigger.tgenabled: fires on origin (O), only in replica mode (R), always (A). */
export type TriggerMode = 'O' | 'R' | 'A';

export interface UserTrigger {
  table: string;
  name: string;
  mode: TriggerMode;
}

export function disableTriggerSql(schema: string, trigger: UserTrigger): string {
  return `ALTER TABLE ${qualifiedPgName(schema, trigger.table)} DISABLE TRIGGER ${quotePgIdentifier(trigger.name)}`;
}

/** Puts the trigger back exactly as it was, including replica/always modes. */
export function restoreTriggerSql(schema: string, trigger: UserTrigger): string {
  const how = { O: 'ENABLE', R: 'ENABLE REPLICA', A: 'ENABLE ALWAYS' }[trigger.mode];
  return `ALTER TABLE ${qualifiedPgName(schema, trigger.table)} ${how} TRIGGER ${quotePgIdentifier(trigger.name)}`;
}

export interface OwnedSequence {
  table: string;
  column: string;
  sequenceOid: number;
  descending: boolean;
  /** The sequence's START value, as text (a bigint). */
  start: string;
}

/**
 * Sets the sequence so that its next value follows the highest copied value (the lowest for a
 * descending one), or restarts it when the table is empty. Parameters: $1 `sequenceOid`,
 * $2 `start`.
 */
export function resetSequenceSql(schema: string, sequence: OwnedSequence): string {
  const column = quotePgIdentifier(sequence.column);
  const edge = sequence.descending ? `min(${column})` : `max(${column})`;
  return (
    `SELECT setval($1::oid::regclass, coalesce(${edge}, $2::bigint), ${edge} IS NOT NULL) ` +
    `FROM ${qualifiedPgName(schema, sequence.table)}`
  );
}
