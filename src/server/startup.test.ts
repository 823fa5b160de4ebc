// What a newcomer sees on the first `opsdesk start` (issue 21, start-up polish), as a real process
// with its embedded PostgreSQL: the welcome banner even when OPSDESK_DEMO_PASSWORD chose the
// password, the practices' demos seeded (changes on the calendar and the CAB agenda), JSON log lines
// when stdout is not a terminal, and no line per health probe.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prettyLine } from './lib/log-pretty.js';
import {
  freePort,
  type OpsdeskProcess,
  spawnOpsdesk,
  stopCluster,
  waitForReady,
} from './testing/fixtures/processes.js';

const password = 'chosen-demo-password';
const dataDir = mkdtempSync(join(tmpdir(), 'opsdesk-startup-'));
let url = '';
let running: OpsdeskProcess | undefined;

beforeAll(async () => {
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  running = spawnOpsdesk(['start'], {
    env: {
      OPSDESK_DATA_DIR: dataDir,
      OPSDESK_PORT: String(port),
      OPSDESK_DEMO_PASSWORD: password,
      OPSDESK_LOG_LEVEL: 'info',
    },
  });
  await waitForReady(url, { process: running, timeoutMs: 120_000 });
}, 150_000);

afterAll(async () => {
  await running?.stop(10_000);
  await stopCluster(join(dataDir, 'postgres'));
  rmSync(dataDir, { recursive: true, force: true });
});

async function untilOutput(includes: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!running!.output().includes(includes)) {
    if (Date.now() > deadline) throw new Error(`no "${includes}" in the output:\n${running!.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the first opsdesk start with OPSDESK_DEMO_PASSWORD set', () => {
  it('prints the welcome banner: where to sign in, as whom, and how to get sample tickets', () => {
    const output = running!.output();
    expect(output).toContain(`Sign in at ${url}`);
    expect(output).toMatch(/as admin@ lead@ dev@ pm@ or infra@opsdesk\.local/);
    expect(output).toContain('with the password set in OPSDESK_DEMO_PASSWORD');
    expect(output).toContain('opsdesk seed paper-history');
    // The chosen password is the user's own: it is not echoed.
    expect(output).not.toContain(password);
  });

  it('has seeded the practices’ demos: the CAB agenda and the coming week’s calendar are not empty', async () => {
    const login = await fetch(`${url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'lead@opsdesk.local', password }),
    });
    expect(login.status).toBe(200);
    const { token } = (await login.json()) as { token: string };
    const get = async (path: string) => {
      const response = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } });
      expect(response.status).toBe(200);
      return (await response.json()) as any;
    };
    const agenda = await get('/api/v1/changes/cab-agenda');
    expect(agenda.map((entry: any) => entry.title)).toEqual([
      'Replace rtr-jkt-01 with the new Jakarta core router',
    ]);
    const now = Date.now();
    const week = await get(
      `/api/v1/changes/calendar?from=${new Date(now).toISOString()}&to=${new Date(now + 7 * 86_400_000).toISOString()}`,
    );
    expect(week.changes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ title: 'Upgrade finance-app to 4.2', status: 'scheduled' }),
      ]),
    );
  });

  it('logs JSON lines when stdout is not a terminal, and no line for health probes', async () => {
    for (const path of ['/healthz', '/readyz', '/metrics', '/healthz']) {
      expect((await fetch(`${url}${path}`)).status).toBe(200);
    }
    await fetch(`${url}/api/v1/no-such-route-logged`);
    await untilOutput('/api/v1/no-such-route-logged');
    const logLines = running!
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{'));
    expect(logLines.length).toBeGreaterThan(0);
    const entries = logLines.map((line) => JSON.parse(line) as { req?: { url?: string } });
    expect(entries.some((entry) => entry.req?.url === '/api/v1/no-such-route-logged')).toBe(true);
    const probeUrls = entries
      .map((entry) => entry.req?.url)
      .filter((path) => /^\/(healthz|readyz|metrics)/.test(path ?? ''));
    expect(probeUrls).toEqual([]);
  });
});

describe('readable log lines (a terminal, or OPSDESK_LOG_FORMAT=pretty)', () => {
  it('show time, level, request and message instead of JSON', () => {
    const line = JSON.stringify({
      level: 30,
      time: Date.UTC(2026, 11, 7, 6, 14, 36),
      pid: 1,
      hostname: 'h',
      reqId: 'x',
      res: { statusCode: 404 },
      req: { method: 'GET', url: '/api/v1/x' },
      responseTime: 3.4,
      msg: 'request completed',
    });
    const text = prettyLine(line, { colour: false });
    expect(text).toMatch(
      /^\d\d:\d\d:\d\d {2}INFO {3}GET \/api\/v1\/x {2}404 {2}request completed {2}responseTime=3\n$/,
    );
  });

  it('put an error’s stack under its line', () => {
    const text = prettyLine(
      JSON.stringify({
        level: 50,
        time: 0,
        msg: 'shutdown failed',
        err: { message: 'boom', stack: 'Error: boom\n    at x' },
      }),
      { colour: false },
    );
    expect(text).toContain('ERROR  shutdown failed\n    Error: boom\n        at x\n');
  });
});
