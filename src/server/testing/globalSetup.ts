// Vitest global setup: one PostgreSQL server for the whole run (the embedded one, or the server of
// TEST_DATABASE_URL), and a template database with every migration applied; each test file then
// gets a fresh database cloned from the template (see harness.ts).
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../db/embedded.js';
import { migrate } from '../db/migrate.js';

declare module 'vitest' {
  export interface ProvidedContext {
    testServerUrl: string;
    templateDatabase: string;
  }
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export default async function setup(project: TestProject) {
  let serverUrl = process.env.TEST_DATABASE_URL;
  let stopEmbedded: (() => Promise<void>) | undefined;
  if (!serverUrl) {
    // One cluster per checkout, kept between runs (initdb takes seconds), stopped after each run.
    const key = createHash('sha1').update(process.cwd()).digest('hex').slice(0, 10);
    const server = await startEmbeddedPostgres({
      dataDir: join(tmpdir(), `opsdesk-test-${key}`),
      database: 'postgres',
      log: () => undefined,
    });
    serverUrl = server.url;
    stopEmbedded = () => server.stop();
  }
  const template = `opsdesk_template_${process.pid}`;
  const admin = new pg.Client({ connectionString: withDatabase(serverUrl, 'postgres') });
  await admin.connect();
  await admin.query(`drop database if exists ${template}`);
  await admin.query(`create database ${template}`);
  await migrate(withDatabase(serverUrl, template));
  project.provide('testServerUrl', withDatabase(serverUrl, 'postgres'));
  project.provide('templateDatabase', template);

  return async () => {
    await admin.query(`drop database if exists ${template} with (force)`);
    // Databases of test files that crashed before dropping their own.
    const { rows } = await admin.query<{ datname: string }>(
      `select datname from pg_database where datname like 'opsdesk_test_%_${process.pid}'`,
    );
    for (const row of rows) await admin.query(`drop database if exists "${row.datname}" with (force)`);
    await admin.end();
    await stopEmbedded?.();
  };
}
