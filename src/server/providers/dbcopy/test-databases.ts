// For the *.ext.test.ts suites and the benchmark: throwaway databases on this machine's
// PostgreSQL and MariaDB, uniquely named so that runs never collide, dropped afterwards.
import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';
import pg from 'pg';

export const pgServerUrl = 'postgres://postgres@127.0.0.1:5432/postgres';
export const mysqlServerUrl = 'mysql://root@127.0.0.1:3306/test';

export function uniqueName(prefix: string): string {
  return `${prefix}_${process.pid}_${randomBytes(3).toString('hex')}`;
}

function withPath(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export interface PgTestDatabase {
  name: string;
  url: string;
  /** Statements (several allowed, separated by semicolons) without parameters. */
  run(sql: string): Promise<void>;
  rows<T extends pg.QueryResultRow>(sql: string, params?: unknown[]): Promise<T[]>;
  drop(): Promise<void>;
}

async function asPostgres<T>(work: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client(pgServerUrl);
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}

export async function createPgDatabase(prefix: string): Promise<PgTestDatabase> {
  const name = uniqueName(prefix);
  await asPostgres((admin) => admin.query(`CREATE DATABASE "${name}"`));
  const url = withPath(pgServerUrl, name);
  const client = new pg.Client(url);
  await client.connect();
  return {
    name,
    url,
    async run(sql) {
      await client.query(sql);
    },
    async rows<T extends pg.QueryResultRow>(sql: string, params?: unknown[]) {
      return (await client.query<T>(sql, params)).rows;
    },
    async drop() {
      await client.end();
      await asPostgres((admin) => admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}

/** Runs statements on the PostgreSQL server as its superuser (roles are server-wide). */
export function onPgServer(sql: string): Promise<void> {
  return asPostgres(async (admin) => {
    await admin.query(sql);
  });
}

export interface MysqlTestDatabase {
  name: string;
  url: string;
  run(sql: string, values?: unknown[]): Promise<void>;
  rows<T>(sql: string, values?: unknown[]): Promise<T[]>;
  drop(): Promise<void>;
}

export async function createMysqlDatabase(prefix: string): Promise<MysqlTestDatabase> {
  const name = uniqueName(prefix);
  const admin = await mysql.createConnection({ uri: mysqlServerUrl });
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await admin.end();
  const url = withPath(mysqlServerUrl, name);
  const connection = await mysql.createConnection({
    uri: url,
    multipleStatements: true,
    dateStrings: true,
    supportBigNumbers: true,
    bigNumberStrings: true,
    jsonStrings: true,
    charset: 'utf8mb4',
    timezone: 'Z',
  });
  await connection.query("SET SESSION time_zone = '+00:00'");
  return {
    name,
    url,
    async run(sql, values) {
      await connection.query(sql, values);
    },
    async rows<T>(sql: string, values?: unknown[]) {
      const [rows] = await connection.query(sql, values);
      return rows as T[];
    },
    async drop() {
      await connection.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await connection.end();
    },
  };
}
