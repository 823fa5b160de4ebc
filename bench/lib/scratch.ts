// A scratch Opsdesk database for benches that call services directly (no HTTP): BENCH_DATABASE_URL
// (a server on which a database is created and dropped) or an embedded PostgreSQL in a temp dir;
// migrated, demo-seeded, with an app context whose flows are wired.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import pino from 'pino';
import { loadConfig } from '../../src/server/config.js';
import { type AppContext, createAppContext } from '../../src/server/context.js';
import { connect } from '../../src/server/db/client.js';
import { startEmbeddedPostgres } from '../../src/server/db/embedded.js';
import { migrate } from '../../src/server/db/migrate.js';
import { wireFlows } from '../../src/server/flows/index.js';
import { seedDemo } from '../../src/server/modules/demo/demo.seed.js';

export interface ScratchDatabase {
  /** The scratch database's URL (for raw clients loading bulk data). */
  url: string;
  context: AppContext;
  /** Drops the database and stops what was started. */
  close(): Promise<void>;
}

/**
 * `keep`: the database is left on the server when closed (BENCH_DATABASE_URL only);
 * `existing`: the URL of a database a kept run left, opened (and migrated) instead of a new one.
 */
export async function scratchDatabase(
  label: string,
  options: { keep?: boolean; existing?: string } = {},
): Promise<ScratchDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), `opsdesk-bench-${label}-`));
  const embedded =
    process.env.BENCH_DATABASE_URL || options.existing
      ? null
      : await startEmbeddedPostgres({ dataDir, database: 'postgres', log: () => undefined });
  const serverUrl = options.existing ?? process.env.BENCH_DATABASE_URL ?? embedded!.url;
  const keep = Boolean(options.existing || (options.keep && !embedded));
  const url = new URL(serverUrl);
  const name = options.existing
    ? url.pathname.slice(1)
    : `opsdesk_bench_${label}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  if (!options.existing) await admin.query(`create database ${name}`);
  url.pathname = `/${name}`;
  await migrate(url.toString());
  const database = connect(url.toString(), { poolSize: 4 });
  const secretKey = Buffer.alloc(32, 7);
  const config = loadConfig({
    OPSDESK_DATA_DIR: dataDir,
    OPSDESK_DEMO: '0',
    OPSDESK_DEMO_PASSWORD: 'bench-password',
    OPSDESK_LOG_LEVEL: 'silent',
    OPSDESK_SECRET_KEY: secretKey.toString('base64'),
  });
  const context = createAppContext({ config, database, log: pino({ level: 'silent' }), secretKey });
  wireFlows(context);
  await seedDemo(context, { onlyIfEmpty: true });
  return {
    url: url.toString(),
    context,
    async close() {
      await context.background.close();
      await database.close();
      if (!keep) await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
      await embedded?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
