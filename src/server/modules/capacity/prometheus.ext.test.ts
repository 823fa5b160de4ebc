// Against a real Prometheus (Debian's `prometheus` package; .ci/run installs it): the test starts it
// with a temporary config scraping Opsdesk's own /metrics every second, waits for a scrape, then
// reads a metric through Opsdesk's Prometheus source (the query API) into a CI's capacity samples.
// A query Prometheus refuses comes back as a 400 with Prometheus's words. Skipped, saying so, only
// when the binary is absent.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../testing/harness.js';
import { instantQuery } from './prometheus.js';

const binary = ['/usr/bin/prometheus', '/usr/local/bin/prometheus'].find((path) => existsSync(path));
if (!binary)
  console.warn(
    'prometheus.ext.test: SKIPPED — no prometheus binary (apt-get install prometheus; .ci/run does it).',
  );

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

let t: TestApp;
let prometheus: ChildProcess | undefined;
let dir: string;
let promUrl: string;
let output = '';

describe.skipIf(!binary)('Prometheus pull (a real Prometheus scraping Opsdesk)', () => {
  beforeAll(async () => {
    t = await startTestApp();
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    const address = t.app.server.address();
    const opsdeskPort = typeof address === 'object' && address ? address.port : 0;
    const port = await freePort();
    promUrl = `http://127.0.0.1:${port}`;
    dir = mkdtempSync(join(tmpdir(), 'opsdesk-prometheus-'));
    writeFileSync(
      join(dir, 'prometheus.yml'),
      [
        'global:',
        '  scrape_interval: 1s',
        '  evaluation_interval: 1s',
        'scrape_configs:',
        '  - job_name: opsdesk',
        '    metrics_path: /metrics',
        '    static_configs:',
        `      - targets: ['127.0.0.1:${opsdeskPort}']`,
        '        labels:',
        '          ci: opsdesk-app',
        '',
      ].join('\n'),
    );
    prometheus = spawn(
      binary!,
      [
        `--config.file=${join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    prometheus.stdout?.on('data', (chunk) => (output += chunk));
    prometheus.stderr?.on('data', (chunk) => (output += chunk));
    // Wait for a scrape of Opsdesk: up{job="opsdesk"} = 1.
    const deadline = Date.now() + 60_000;
    for (;;) {
      try {
        const up = await instantQuery(promUrl, 'up{job="opsdesk"}', 2000);
        if (up.some((series) => series.value === 1)) break;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`Prometheus never scraped Opsdesk:\n${output.slice(-2000)}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  });

  afterAll(async () => {
    if (prometheus && prometheus.exitCode === null) {
      const exited = new Promise((resolve) => prometheus!.once('exit', resolve));
      prometheus.kill('SIGTERM');
      await exited;
    }
    await t?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('reads Opsdesk’s own resident memory through the query API into the CI its `ci` label names', async () => {
    const admin = await t.login('admin@opsdesk.local');
    const ci = await t.api('POST', '/api/v1/cis', {
      token: admin,
      body: { name: 'opsdesk-app', class: 'server', team: 'infrastructure' },
    });
    expect(ci.status, JSON.stringify(ci.body)).toBe(201);

    const created = await t.api('POST', '/api/v1/capacity/prometheus-sources', {
      token: admin,
      body: {
        name: 'self',
        url: promUrl,
        query: 'opsdesk_process_resident_memory_bytes{job="opsdesk"}',
        metric: 'memory',
        ciLabel: 'ci',
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const pulled = await t.api('POST', `/api/v1/capacity/prometheus-sources/${created.body.id}/pull`, {
      token: admin,
    });
    expect(pulled.status, JSON.stringify(pulled.body)).toBe(200);
    expect(pulled.body).toEqual({ stored: 1, skipped: [] });

    const rows = await t.context.db.execute<{ value: number }>(
      `select sum / count as value from capacity_samples where metric = 'memory' and ci_id = '${ci.body.id}'` as never,
    );
    expect(rows.rows).toHaveLength(1);
    // A Node process's resident memory: more than 10 MB, less than 10 GB.
    expect(rows.rows[0]!.value).toBeGreaterThan(10e6);
    expect(rows.rows[0]!.value).toBeLessThan(10e9);
  });

  it('a query Prometheus refuses: a 400 on `query` in Prometheus’s words; an unreachable one: a 400 on `url`', async () => {
    const admin = await t.login('admin@opsdesk.local');
    const bad = await t.api('POST', '/api/v1/capacity/prometheus-sources', {
      token: admin,
      body: { name: 'broken', url: promUrl, query: 'sum(rate(', metric: 'cpu', ci: 'opsdesk-app' },
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('query');
    expect(JSON.stringify(bad.body)).toMatch(/Prometheus refused the query: bad_data: .*parse error/);

    const away = await t.api('POST', '/api/v1/capacity/prometheus-sources', {
      token: admin,
      body: {
        name: 'away',
        url: `http://127.0.0.1:${await freePort()}`,
        query: 'up',
        metric: 'cpu',
        ci: 'opsdesk-app',
      },
    });
    expect(away.status).toBe(400);
    expect(JSON.stringify(away.body)).toContain('url');
    expect(JSON.stringify(away.body)).toContain('could not be reached');
  });
});
