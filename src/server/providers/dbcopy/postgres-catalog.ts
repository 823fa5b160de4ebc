// Connecting to PostgreSQL and reading what the copy needs from pg_catalog: the requested
// tables, their columns, the foreign keys around them, their user triggers and owned sequences.
import pg from 'pg';
import type { DatabaseConnection } from '../types.js';
import { fromPgError, type Side } from './errors.js';
import type { Catalog, ColumnShape, ForeignKey, TableShape } from './plan.js';
import {
  type OwnedSequence,
  sessionSettingsSql,
  type TriggerMode,
  type UserTrigger,
} from './postgres-sql.js';

const connectTimeoutMs = 15_000;

export async function connectPg(url: string, side: Side): Promise<pg.Client> {
  const client = new pg.Client({
    connectionString: url,
    connectionTimeoutMillis: connectTimeoutMs,
    keepAlive: true,
    application_name: 'opsdesk-database-copy',
  });
  // A connection dropped while idle is reported by the next query; without a listener the
  // 'error' event would crash the process instead.
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query(sessionSettingsSql);
    return client;
  } catch (error) {
    await client.end().catch(() => {});
    throw fromPgError(error, side);
  }
}

/** The schema holding the tables: the requested one if it exists, else the connection's default. */
export async function resolveSchema(
  client: pg.Client,
  connection: DatabaseConnection,
): Promise<string | null> {
  if (connection.schema !== undefined) {
    const found = await client.query<{ nspname: string }>(
      'SELECT nspname FROM pg_namespace WHERE nspname = $1',
      [connection.schema],
    );
    return found.rowCount === 1 ? connection.schema : null;
  }
  const current = await client.query<{ schema: string | null }>('SELECT current_schema() AS schema');
  return current.rows[0]?.schema ?? null;
}

export async function existingTables(
  client: pg.Client,
  schema: string,
  tables: readonly string[],
): Promise<Map<string, number>> {
  const found = await client.query<{ oid: number; name: string }>(
    `SELECT c.oid, c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND c.relname = ANY($2::text[])`,
    [schema, tables],
  );
  return new Map(found.rows.map((row) => [row.name, row.oid]));
}

export interface PgCatalog extends Catalog {
  schema: string;
  triggers: UserTrigger[];
  sequences: OwnedSequence[];
}

export async function readPgCatalog(
  client: pg.Client,
  schema: string,
  tables: readonly string[],
): Promise<PgCatalog> {
  const oids = await existingTables(client, schema, tables);
  const tableOids = [...oids.values()];
  return {
    schema,
    tables: await readColumns(client, oids),
    foreignKeys: await readForeignKeys(client, schema, tableOids),
    triggers: await readTriggers(client, tableOids),
    sequences: await readSequences(client, tableOids),
  };
}

async function readColumns(client: pg.Client, oids: Map<string, number>): Promise<TableShape[]> {
  const rows = await client.query<ColumnShape & { tableOid: number }>(
    `SELECT a.attrelid AS "tableOid", a.attname AS name, t.typname AS "typeKey",
            format_type(a.atttypid, a.atttypmod) AS "typeLabel",
            (a.attnotnull AND NOT a.atthasdef AND a.attidentity = '') AS required,
            (a.atttypid < 16384) AS builtin
     FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
     WHERE a.attrelid = ANY($1::oid[]) AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
     ORDER BY a.attrelid, a.attnum`,
    [[...oids.values()]],
  );
  return [...oids].map(([name, oid]) => ({
    name,
    columns: rows.rows
      .filter((row) => row.tableOid === oid)
      .map(({ name, typeKey, typeLabel, required, builtin }) => ({
        name,
        typeKey,
        typeLabel,
        required,
        builtin,
      })),
  }));
}

async function readForeignKeys(
  client: pg.Client,
  schema: string,
  tableOids: number[],
): Promise<ForeignKey[]> {
  // Tables of other schemas are named with their schema, so they never match a listed name.
  const found = await client.query<ForeignKey>(
    `SELECT con.conname AS name, con.condeferrable AS deferrable,
            CASE WHEN rn.nspname = $1 THEN r.relname ELSE rn.nspname || '.' || r.relname END AS "table",
            CASE WHEN fn.nspname = $1 THEN f.relname ELSE fn.nspname || '.' || f.relname END AS "referencedTable"
     FROM pg_constraint con
     JOIN pg_class r ON r.oid = con.conrelid JOIN pg_namespace rn ON rn.oid = r.relnamespace
     JOIN pg_class f ON f.oid = con.confrelid JOIN pg_namespace fn ON fn.oid = f.relnamespace
     WHERE con.contype = 'f' AND con.conparentid = 0
       AND (con.conrelid = ANY($2::oid[]) OR con.confrelid = ANY($2::oid[]))
     ORDER BY con.conname`,
    [schema, tableOids],
  );
  return found.rows;
}

async function readTriggers(client: pg.Client, tableOids: number[]): Promise<UserTrigger[]> {
  const found = await client.query<{ table: string; name: string; mode: TriggerMode }>(
    `SELECT c.relname AS "table", t.tgname AS name, t.tgenabled AS mode
     FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
     WHERE t.tgrelid = ANY($1::oid[]) AND NOT t.tgisinternal AND t.tgenabled <> 'D' AND t.tgparentid = 0
     ORDER BY c.relname, t.tgname`,
    [tableOids],
  );
  return found.rows;
}

async function readSequences(client: pg.Client, tableOids: number[]): Promise<OwnedSequence[]> {
  // Sequences behind serial (dependency 'a') and identity (dependency 'i') columns.
  const found = await client.query<OwnedSequence>(
    `SELECT c.relname AS "table", a.attname AS "column", s.seqrelid AS "sequenceOid",
            s.seqincrement < 0 AS descending, s.seqstart::text AS start
     FROM pg_depend d
     JOIN pg_sequence s ON s.seqrelid = d.objid
     JOIN pg_class c ON c.oid = d.refobjid
     JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
     WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass
       AND d.deptype IN ('a', 'i') AND d.refobjid = ANY($1::oid[])
       AND a.atttypid IN ('int2'::regtype, 'int4'::regtype, 'int8'::regtype)
     ORDER BY c.relname, a.attname`,
    [tableOids],
  );
  return found.rows;
}
