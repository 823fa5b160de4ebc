// `opsdesk seed demo` gives an organisation what a first `npm start` gives it: the people and the
// staging catalog, and the practices' demos (CMDB, an open major incident, alerts, knowledge,
// changes); run again, it adds nothing.
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { packageRoot } from '../../lib/paths.js';
import { createTestDatabase, type TestDatabase } from '../../testing/database.js';

let testDatabase: TestDatabase;
beforeAll(async () => {
  testDatabase = await createTestDatabase();
});
afterAll(async () => {
  await testDatabase.drop();
});

const seedDemo = () =>
  promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/server/cli.ts', 'seed', 'demo'], {
    cwd: packageRoot(),
    env: {
      ...process.env,
      DATABASE_URL: testDatabase.url,
      OPSDESK_DATA_DIR: mkdtempSync(join(tmpdir(), 'opsdesk-cli-')),
      OPSDESK_LOG_LEVEL: 'silent',
      OPSDESK_DEMO: '0',
      OPSDESK_DEMO_PASSWORD: 'demo-password-1',
    },
  });

async function counts() {
  const client = new pg.Client({ connectionString: testDatabase.url });
  await client.connect();
  try {
    const { rows } = await client.query<Record<string, number>>(`select
      (select count(*)::int from users) as users,
      (select count(*)::int from cis where name = 'VPN') as vpn,
      (select count(*)::int from tickets where kind = 'incident') as incidents,
      (select count(*)::int from event_integrations) as integrations,
      (select count(*)::int from kb_articles) as articles,
      (select count(*)::int from tickets where kind = 'change') as changes`);
    return rows[0]!;
  } finally {
    await client.end();
  }
}

it('seeds the organisation and every practice demo, and a second run adds nothing', {
  timeout: 120_000,
}, async () => {
  const { stdout } = await seedDemo();
  expect(stdout).toContain('demo organisation ready');
  const first = await counts();
  expect(first.users).toBeGreaterThan(3);
  expect(first.vpn).toBe(1);
  expect(first.incidents).toBeGreaterThan(0);
  expect(first.integrations).toBe(1);
  expect(first.articles).toBeGreaterThan(0);
  expect(first.changes).toBeGreaterThan(0);
  await seedDemo();
  expect(await counts()).toEqual(first);
});
