// Backup results, RPO, the heat map and retention through the HTTP API: a failed job fires its
// alert (bound to its CI), a good run resolves it, Veeam's session JSON is read, an RPO breach
// raises an alert; the heat map counts alerts by site × service (JSON and CSV); retention
// summarises and prunes resolved alerts, and the heat map still counts them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../testing/harness.js';
import { checkRpo } from './backup.service.js';
import { amAlert, amMessage } from './payloads.testing.js';
import { pruneAlerts } from './retention.service.js';

let t: TestApp;
let admin: string;
let infra: string;
let backupPath: string;

beforeAll(async () => {
  t = await startTestApp();
  [admin, infra] = await Promise.all(['admin', 'infra'].map((name) => t.login(`${name}@opsdesk.local`)));
  const site = await t.api('POST', '/api/v1/cis', {
    token: infra,
    body: { class: 'site', name: 'Surabaya' },
  });
  expect(site.status).toBe(201);
  await t.api('POST', '/api/v1/cis', {
    token: infra,
    body: { class: 'database', name: 'finance-db', site: 'Surabaya' },
  });
  await t.api('POST', '/api/v1/cis', {
    token: infra,
    body: { class: 'server', name: 'file-sby-01', site: 'Surabaya' },
  });
  const backup = await t.api('POST', '/api/v1/integrations', {
    token: admin,
    body: { kind: 'backup', name: 'Veeam B&R' },
  });
  backupPath = new URL(backup.body.url).pathname + new URL(backup.body.url).search;
});

afterAll(async () => {
  await t?.close();
});

describe('backup results', () => {
  it('a failed job fires its alert on its CI; a good run resolves it; a replayed session is ignored', async () => {
    const ago = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();
    const failed = {
      job: 'finance-db nightly',
      ci: 'finance-db',
      result: 'failed',
      start: ago(3),
      end: ago(2),
      size: 0,
      sessionId: 's-1',
    };
    const first = await t.api('POST', backupPath, { body: failed });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body.created).toBe(1);
    expect((await t.api('POST', backupPath, { body: failed })).body.duplicates).toBe(1);
    let [alert] = (await t.api('GET', '/api/v1/alerts?q=backup:finance-db', { token: infra })).body;
    expect(alert).toMatchObject({
      status: 'firing',
      severity: 'major',
      ci: { name: 'finance-db' },
      site: { name: 'Surabaya' },
    });
    const runs = (await t.api('GET', '/api/v1/backup-runs?ci=finance-db', { token: infra })).body;
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({
      job: 'finance-db nightly',
      result: 'failed',
      ci: { name: 'finance-db' },
    });

    // Veeam B&R REST v1 sessions (GET /api/v1/sessions answers {data:[…]}).
    const veeam = {
      data: [
        {
          id: '9b7b4a2e-1c2d-4e5f-8a9b-0c1d2e3f4a5b',
          name: 'finance-db nightly',
          jobId: '11111111-2222-3333-4444-555555555555',
          sessionType: 'BackupJob',
          creationTime: ago(1.5),
          endTime: ago(1),
          state: 'Stopped',
          progressPercent: 100,
          result: { result: 'Success', message: '', isCanceled: false },
          usn: 120,
        },
        {
          id: 'a0000000-0000-0000-0000-000000000000',
          name: 'finance-db nightly',
          creationTime: ago(0.1),
          state: 'Working',
          result: { result: 'None' },
        },
      ],
    };
    const success = await t.api('POST', backupPath, { body: veeam });
    expect(success.status, JSON.stringify(success.body)).toBe(200);
    [alert] = (await t.api('GET', '/api/v1/alerts?q=backup:finance-db', { token: infra })).body;
    expect(alert.status).toBe('resolved');

    const bad = await t.api('POST', backupPath, { body: { job: 'x', result: 'maybe' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe('body.result');
  });

  it('an RPO breach raises an alert, resolved when a good backup lands', async () => {
    const set = await t.api('PUT', '/api/v1/backup-rpo', {
      token: admin,
      body: { ci: 'finance-db', rpoMinutes: 30 },
    });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(set.body[0]).toMatchObject({ ci: { name: 'finance-db' }, rpoMinutes: 30, breached: true });
    await checkRpo(t.context);
    let [alert] = (await t.api('GET', '/api/v1/alerts?q=rpo:', { token: infra })).body;
    expect(alert).toMatchObject({ status: 'firing', ci: { name: 'finance-db' } });
    await t.api('POST', backupPath, {
      body: {
        job: 'finance-db nightly',
        ci: 'finance-db',
        result: 'success',
        end: new Date().toISOString(),
        sessionId: 's-3',
      },
    });
    await checkRpo(t.context);
    [alert] = (await t.api('GET', '/api/v1/alerts?q=rpo:', { token: infra })).body;
    expect(alert.status).toBe('resolved');
    const report = (await t.api('GET', '/api/v1/backup-rpo', { token: infra })).body;
    expect(report[0]).toMatchObject({ breached: false, breachedSince: null });
  });
});

describe('heat map and retention', () => {
  it('counts alerts by site × service and by site × severity, as JSON and CSV, before and after pruning', async () => {
    const am = await t.api('POST', '/api/v1/integrations', {
      token: admin,
      body: { kind: 'alertmanager', name: 'Prom SBY' },
    });
    const path = new URL(am.body.url).pathname + new URL(am.body.url).search;
    await t.api('POST', path, {
      body: amMessage([
        amAlert(
          { alertname: 'DiskFull', instance: 'file-sby-01', severity: 'warning' },
          { startsAt: new Date().toISOString() },
        ),
        amAlert(
          { alertname: 'Load', instance: 'file-sby-01', severity: 'warning' },
          { startsAt: new Date().toISOString() },
        ),
      ]),
    });
    const range = `from=${new Date(Date.now() - 86_400_000).toISOString()}&to=${new Date(Date.now() + 86_400_000).toISOString()}`;
    const map = (
      await t.api('GET', `/api/v1/alerts/heatmap?${range}&rows=site&columns=severity`, { token: infra })
    ).body;
    const row = map.rows.findIndex((entry: { name: string }) => entry.name === 'Surabaya');
    const warning = map.columns.findIndex((entry: { name: string }) => entry.name === 'warning');
    expect(
      map.cells.find((cell: { row: number; column: number }) => cell.row === row && cell.column === warning)
        .count,
    ).toBe(2);
    const csv = await t.api('GET', `/api/v1/alerts/heatmap?${range}&rows=site&columns=severity&format=csv`, {
      token: infra,
    });
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toContain('site,severity,alerts');
    expect(csv.body).toContain('Surabaya,warning,2');
    const same = await t.api('GET', `/api/v1/alerts/heatmap?${range}&rows=site&columns=site`, {
      token: infra,
    });
    expect(same.status).toBe(400);

    // Pruned right after (no read in between): the resolution is asked to be stored first.
    await t.api('POST', `${path}&wait=processed`, {
      body: amMessage([
        amAlert(
          { alertname: 'DiskFull', instance: 'file-sby-01', severity: 'warning' },
          { startsAt: new Date().toISOString(), status: 'resolved' },
        ),
      ]),
    });
    const pruned = await pruneAlerts(t.context, new Date(Date.now() + 100 * 86_400_000));
    expect(pruned).toBeGreaterThanOrEqual(1);
    expect((await t.api('GET', '/api/v1/alerts?q=DiskFull', { token: infra })).body).toEqual([]);
    const after = (
      await t.api('GET', `/api/v1/alerts/heatmap?${range}&rows=site&columns=severity`, { token: infra })
    ).body;
    const rowAfter = after.rows.findIndex((entry: { name: string }) => entry.name === 'Surabaya');
    const warningAfter = after.columns.findIndex((entry: { name: string }) => entry.name === 'warning');
    expect(
      after.cells.find(
        (cell: { row: number; column: number }) => cell.row === rowAfter && cell.column === warningAfter,
      ).count,
    ).toBe(2);
  });
});
