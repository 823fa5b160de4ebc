// Connecting to MySQL/MariaDB and reading what the copy needs from information_schema.
import mysql from 'mysql2';
import type { Connection as PromiseConnection, RowDataPacket } from 'mysql2/promise';
import { PermanentProviderError } from '../types.js';
import { fromMysqlError, type Side } from './errors.js';
import type { Catalog, ForeignKey, TableShape } from './plan.js';

const connectTimeoutMs = 15_000;

/**
 * The same on both sides, so values read from the source are written back unchanged: no
 * NO_BACKSLASH_ESCAPES (the driver escapes strings with backslashes), no PAD_CHAR_TO_FULL_LENGTH
 * (CHAR values would gain spaces), no NO_ZERO_DATE (a source may hold zero dates), strict so a
 * value the target cannot hold fails the load instead of being silently cut, and
 * NO_AUTO_VALUE_ON_ZERO so an AUTO_INCREMENT id of 0 stays 0.
 */
export const copySqlMode = 'STRICT_ALL_TABLES,NO_AUTO_VALUE_ON_ZERO,NO_ENGINE_SUBSTITUTION';

/** Both connections and the values they exchange: strings for every number, date and JSON. */
export async function connectMysql(url: string, side: Side): Promise<mysql.Connection> {
  const connection = mysql.createConnection({
    uri: url,
    connectTimeout: connectTimeoutMs,
    enableKeepAlive: true,
    charset: 'utf8mb4',
    supportBigNumbers: true,
    bigNumberStrings: true,
    decimalNumbers: false,
    dateStrings: true,
    jsonStrings: true,
    multipleStatements: false,
  });
  // Errors are reported by the pending query; an unhandled 'error' event would crash the process.
  connection.on('error', () => {});
  try {
    await connection.promise().connect();
    const session = connection.promise();
    await session.query(`SET SESSION sql_mode = '${copySqlMode}'`);
    await session.query("SET SESSION time_zone = '+00:00'");
    return connection;
  } catch (error) {
    connection.destroy();
    throw fromMysqlError(error, side);
  }
}

export async function currentDatabase(session: PromiseConnection, side: Side): Promise<string> {
  const [rows] = await session.query<RowDataPacket[]>('SELECT DATABASE() AS name');
  const name: unknown = rows[0]?.name;
  if (typeof name !== 'string') {
    throw new PermanentProviderError(`The ${side} connection does not name a database`, {
      code: 'database_missing',
    });
  }
  return name;
}

export interface MysqlTable {
  name: string;
  /** InnoDB, MyISAM …: only transactional engines can be rolled back. */
  storageEngine: string | null;
}

/** information_schema compares names without regard to case; the copy matches them exactly. */
export async function existingTables(
  session: PromiseConnection,
  tables: readonly string[],
): Promise<MysqlTable[]> {
  const [rows] = await session.query<RowDataPacket[]>(
    `SELECT TABLE_NAME AS name, ENGINE AS storageEngine FROM information_schema.TABLES
     WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE' AND TABLE_NAME IN (?)`,
    [tables],
  );
  const wanted = new Set(tables);
  return rows
    .filter((row) => wanted.has(String(row.name)))
    .map((row) => ({
      name: String(row.name),
      storageEngine: row.storageEngine === null ? null : String(row.storageEngine),
    }));
}

const spatialTypes = new Set([
  'geometry',
  'point',
  'linestring',
  'polygon',
  'multipoint',
  'multilinestring',
  'multipolygon',
  'geometrycollection',
  'geomcollection',
]);

export function isSpatialType(typeKey: string): boolean {
  return spatialTypes.has(typeKey);
}

export interface MysqlCatalog extends Catalog {
  storageEngines: Map<string, string | null>;
}

export async function readMysqlCatalog(
  session: PromiseConnection,
  tables: readonly string[],
): Promise<MysqlCatalog> {
  const found = await existingTables(session, tables);
  const names = found.map((table) => table.name);
  return {
    tables: names.length === 0 ? [] : await readColumns(session, names),
    foreignKeys: await readForeignKeys(session, tables),
    storageEngines: new Map(found.map((table) => [table.name, table.storageEngine])),
  };
}

async function readColumns(session: PromiseConnection, tables: string[]): Promise<TableShape[]> {
  const [rows] = await session.query<RowDataPacket[]>(
    `SELECT TABLE_NAME AS tableName, COLUMN_NAME AS name, DATA_TYPE AS typeKey, COLUMN_TYPE AS typeLabel,
            IS_NULLABLE AS nullable, COLUMN_DEFAULT AS defaultValue, EXTRA AS extra
     FROM information_schema.COLUMNS
     WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN (?)
     ORDER BY TABLE_NAME, ORDINAL_POSITION`,
    [tables],
  );
  return tables.map((table) => ({
    name: table,
    columns: rows
      // Generated columns are computed by the target; `DEFAULT_GENERATED` is only an expression default.
      .filter(
        (row) =>
          row.tableName === table && !/\b(VIRTUAL|STORED|PERSISTENT) GENERATED\b/i.test(String(row.extra)),
      )
      .map((row) => ({
        name: String(row.name),
        typeKey: String(row.typeKey).toLowerCase(),
        typeLabel: String(row.typeLabel),
        required:
          row.nullable === 'NO' && row.defaultValue === null && !/auto_increment/i.test(String(row.extra)),
        builtin: true,
      })),
  }));
}

async function readForeignKeys(session: PromiseConnection, tables: readonly string[]): Promise<ForeignKey[]> {
  const [rows] = await session.query<RowDataPacket[]>(
    `SELECT DISTINCT CONSTRAINT_NAME AS name, TABLE_SCHEMA AS tableSchema, TABLE_NAME AS tableName,
            REFERENCED_TABLE_SCHEMA AS referencedSchema, REFERENCED_TABLE_NAME AS referencedName,
            DATABASE() AS currentSchema
     FROM information_schema.KEY_COLUMN_USAGE
     WHERE REFERENCED_TABLE_NAME IS NOT NULL
       AND ((TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN (?))
         OR (REFERENCED_TABLE_SCHEMA = DATABASE() AND REFERENCED_TABLE_NAME IN (?)))
     ORDER BY CONSTRAINT_NAME`,
    [tables, tables],
  );
  const qualify = (schema: unknown, table: unknown, current: unknown) =>
    schema === current ? String(table) : `${String(schema)}.${String(table)}`;
  const listed = new Set(tables);
  return rows
    .map((row) => ({
      name: String(row.name),
      table: qualify(row.tableSchema, row.tableName, row.currentSchema),
      referencedTable: qualify(row.referencedSchema, row.referencedName, row.currentSchema),
      deferrable: false,
    }))
    .filter((key) => listed.has(key.table) || listed.has(key.referencedTable));
}
