// Intake through the HTTP API on a real PostgreSQL: integrations and their keys (rotate, revoke),
// Alertmanager v4 firing and resolved, deduplication and idempotency under retries and HA
// duplicates, the generic mapping, bad input (401 and nothing stored, 400 naming the field with a
// bounded dead-letter list, oversized bodies refused).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../testing/harness.js';
import { drainAfterFlush } from './journal.service.js';
import { amAlert, amMessage } from './payloads.testing.js';

let t: TestApp;
let admin: string;
let infra: string;
let dev: string;

beforeAll(async () => {
  t = await startTestApp();
  [admin, infra, dev] = await Promise.all(
    ['admin', 'infra', 'dev'].map((name) => t.login(`${name}@opsdesk.local`)),
  );
  const server = await t.api('POST', '/api/v1/cis', {
    token: infra,
    body: { class: 'server', name: 'db-01', externalIds: [{ source: 'aws', externalId: 'i-0abc' }] },
  });
  expect(server.status, JSON.stringify(server.body)).toBe(201);
});

afterAll(async () => {
  await t?.close();
});

async function integration(kind: string, name: string, extra: Record<string, unknown> = {}) {
  const response = await t.api('POST', '/api/v1/integrations', {
    token: admin,
    body: { kind, name, ...extra },
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body as { id: string; url: string; kind: string };
}

/** Messages of an integration in the intake journal (pending or processed). */
async function journalled(integrationId: string): Promise<number> {
  const result = await t.context.database.pool.query(
    'select count(*)::int as n from event_journal where integration_id = $1',
    [integrationId],
  );
  return result.rows[0].n;
}

const pathOf = (url: string) => new URL(url).pathname + new URL(url).search;
/** The intake URL answering once the message is stored as alerts, with its counts. */
const processedPath = (url: string) => `${pathOf(url)}&wait=processed`;

describe('integrations', () => {
  it('an admin creates one and gets the URL carrying its key; others may not', async () => {
    const created = await integration('alertmanager', 'Prometheus prod');
    expect(created.url).toMatch(/\/api\/v1\/intake\/[0-9a-f-]+\?key=odk_/);
    const denied = await t.api('POST', '/api/v1/integrations', {
      token: infra,
      body: { kind: 'alertmanager', name: 'x' },
    });
    expect(denied.status).toBe(403);
    const listed = await t.api('GET', '/api/v1/integrations', { token: admin });
    const mine = listed.body.find((entry: { id: string }) => entry.id === created.id);
    expect(mine.url).not.toContain('odk_');
    expect(mine.keys).toHaveLength(1);
  });

  it('refuses an unknown kind, naming the field', async () => {
    const response = await t.api('POST', '/api/v1/integrations', {
      token: admin,
      body: { kind: 'nagios', name: 'x' },
    });
    expect(response.status).toBe(400);
    expect(response.body.error.message).toContain('body.kind');
  });

  it('a rotated key works, the old one is refused; a revoked key is refused', async () => {
    const created = await integration('alertmanager', 'Rotating');
    const payload = amMessage([amAlert({ alertname: 'Up', instance: 'db-01:9100', severity: 'warning' })]);
    expect((await t.api('POST', pathOf(created.url), { body: payload })).status).toBe(200);
    const rotated = await t.api('POST', `/api/v1/integrations/${created.id}/rotate`, {
      token: admin,
      body: {},
    });
    expect(rotated.status).toBe(200);
    expect((await t.api('POST', pathOf(created.url), { body: payload })).status).toBe(401);
    expect((await t.api('POST', pathOf(rotated.body.url), { body: payload })).status).toBe(200);
    const withBearer = await t.api('POST', `/api/v1/intake/${created.id}`, {
      body: payload,
      headers: { authorization: `Bearer ${new URL(rotated.body.url).searchParams.get('key')}` },
    });
    expect(withBearer.status).toBe(200);
    const revoked = await t.api('POST', `/api/v1/integrations/${created.id}/revoke`, { token: admin });
    expect(revoked.body.keys.every((key: { revokedAt: string | null }) => key.revokedAt !== null)).toBe(true);
    expect((await t.api('POST', pathOf(rotated.body.url), { body: payload })).status).toBe(401);
  });

  it('a key of another integration is refused', async () => {
    const one = await integration('alertmanager', 'One');
    const two = await integration('alertmanager', 'Two');
    const key = new URL(one.url).searchParams.get('key');
    const response = await t.api('POST', `/api/v1/intake/${two.id}?key=${key}`, { body: amMessage([]) });
    expect(response.status).toBe(401);
  });
});

describe('Alertmanager intake', () => {
  it('stores firing alerts, bound to the CI of their instance label, and resolves them', async () => {
    const am = await integration('alertmanager', 'Prometheus');
    const firing = amMessage([
      amAlert({ alertname: 'InstanceDown', instance: 'db-01:9100', severity: 'critical', job: 'node' }),
      amAlert({ alertname: 'DiskFull', instance: 'i-0abc', severity: 'high', job: 'node' }),
      amAlert({ alertname: 'Mystery', instance: 'nowhere:1', severity: 'page' }),
    ]);
    const first = await t.api('POST', pathOf(am.url), { body: firing });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    // Journalled before the answer; what the drain will do with them is not known yet.
    expect(first.body).toEqual({ accepted: 3 });

    const listed = await t.api('GET', '/api/v1/alerts?status=firing&limit=500', { token: infra });
    const mine = listed.body.filter(
      (alert: { integration: { id: string } }) => alert.integration.id === am.id,
    );
    expect(mine).toHaveLength(3);
    const down = mine.find(
      (alert: { labels: { alertname: string } }) => alert.labels.alertname === 'InstanceDown',
    );
    expect(down).toMatchObject({
      status: 'firing',
      severity: 'critical',
      occurrences: 1,
      ci: { name: 'db-01' },
    });
    const disk = mine.find(
      (alert: { labels: { alertname: string } }) => alert.labels.alertname === 'DiskFull',
    );
    expect(disk).toMatchObject({ severity: 'major', ci: { name: 'db-01' } });
    const mystery = mine.find(
      (alert: { labels: { alertname: string } }) => alert.labels.alertname === 'Mystery',
    );
    expect(mystery).toMatchObject({ ci: null, severity: 'major' });
    const unbound = await t.api('GET', '/api/v1/alerts?unbound=true&open=true', { token: infra });
    expect(unbound.body.map((alert: { id: string }) => alert.id)).toContain(mystery.id);

    // Alertmanager retries (and its HA peer sends the same): nothing changes.
    const retry = await t.api('POST', processedPath(am.url), { body: firing });
    expect(retry.body).toMatchObject({ accepted: 3, created: 0, updated: 0, duplicates: 3 });
    const [a, b] = await Promise.all([
      t.api('POST', processedPath(am.url), { body: firing }),
      t.api('POST', processedPath(am.url), { body: firing }),
    ]);
    expect(a.body.duplicates + b.body.duplicates).toBe(6);

    // A new firing episode of the same alert (a later startsAt) is a repeat: occurrences grow.
    const again = await t.api('POST', processedPath(am.url), {
      body: amMessage([
        amAlert(
          { alertname: 'InstanceDown', instance: 'db-01:9100', severity: 'critical', job: 'node' },
          { startsAt: '2026-12-06T10:05:00Z' },
        ),
      ]),
    });
    expect(again.body).toMatchObject({ updated: 1, created: 0 });
    const detail = await t.api('GET', `/api/v1/alerts/${down.id}`, { token: infra });
    expect(detail.body.occurrences).toBe(2);
    expect(detail.body.history).toHaveLength(2);
    expect(detail.body.history[0].payload.labels.alertname).toBe('InstanceDown');

    const resolved = await t.api('POST', processedPath(am.url), {
      body: amMessage([
        amAlert(
          { alertname: 'InstanceDown', instance: 'db-01:9100', severity: 'critical', job: 'node' },
          { status: 'resolved', startsAt: '2026-12-06T10:05:00Z' },
        ),
      ]),
    });
    expect(resolved.body.updated).toBe(1);
    const after = await t.api('GET', `/api/v1/alerts/${down.id}`, { token: infra });
    expect(after.body.status).toBe('resolved');
    expect(after.body.resolvedAt).not.toBeNull();

    // One message carrying a new alert firing and then resolved: one alert, two occurrences.
    const brief = { alertname: 'Blip', instance: 'db-01:9100', severity: 'warning' };
    const blip = await t.api('POST', processedPath(am.url), {
      body: amMessage([
        amAlert(brief, { startsAt: '2026-12-06T11:00:00Z' }),
        amAlert(brief, { status: 'resolved', startsAt: '2026-12-06T11:00:00Z' }),
      ]),
    });
    expect(blip.body).toMatchObject({ accepted: 2, created: 1, updated: 1 });
    const blips = await t.api('GET', '/api/v1/alerts?q=Blip&limit=10', { token: infra });
    expect(blips.body).toHaveLength(1);
    const blipDetail = await t.api('GET', `/api/v1/alerts/${blips.body[0].id}`, { token: infra });
    expect(blipDetail.body).toMatchObject({ status: 'resolved', ci: { name: 'db-01' } });
    expect(blipDetail.body.history).toHaveLength(2);
  });

  it('answers once journalled; a read right after the answer sees the alert, with no worker running', async () => {
    const am = await integration('alertmanager', 'Read after write');
    // Nothing drains but the read itself (no worker; no drain after the flush).
    drainAfterFlush(t.context, false);
    const answer = await t.api('POST', pathOf(am.url), {
      body: amMessage([amAlert({ alertname: 'JustSent', instance: 'db-01:9100', severity: 'critical' })]),
    });
    expect(answer.body).toEqual({ accepted: 1 });
    // Stored durably, not yet an alert: this test app runs no worker to drain the journal.
    const pending = await t.context.database.pool.query(
      'select count(*)::int as n from event_journal where integration_id = $1 and processed_at is null',
      [am.id],
    );
    expect(pending.rows[0].n).toBe(1);
    const listed = await t.api('GET', '/api/v1/alerts?q=JustSent', { token: infra });
    expect(listed.body).toHaveLength(1);
    expect(listed.body[0]).toMatchObject({ status: 'firing', severity: 'critical', ci: { name: 'db-01' } });
    // A retry after the 200 is still recognised as the same occurrence.
    const retry = await t.api('POST', processedPath(am.url), {
      body: amMessage([amAlert({ alertname: 'JustSent', instance: 'db-01:9100', severity: 'critical' })]),
    });
    expect(retry.body).toEqual({ accepted: 1, created: 0, updated: 0, duplicates: 1 });
    const detail = await t.api('GET', `/api/v1/alerts/${listed.body[0].id}`, { token: infra });
    expect(detail.body.occurrences).toBe(1);
    drainAfterFlush(t.context, true);
  });

  it('requesters cannot read alerts', async () => {
    expect((await t.api('GET', '/api/v1/alerts', { token: dev })).status).toBe(403);
  });
});

describe('bad input', () => {
  it('a wrong key is a 401 and nothing is stored, not even a dead letter', async () => {
    const am = await integration('alertmanager', 'Guarded');
    const response = await t.api('POST', `/api/v1/intake/${am.id}?key=odk_wrong`, {
      body: amMessage([amAlert({ alertname: 'X', instance: 'db-01' })]),
    });
    expect(response.status).toBe(401);
    const noKey = await t.api('POST', `/api/v1/intake/${am.id}`, {
      body: '{not json',
      headers: { 'content-type': 'application/json' },
    });
    expect(noKey.status).toBe(401);
    const alerts = await t.api('GET', '/api/v1/alerts?q=X', { token: admin });
    expect(
      alerts.body.filter((alert: { integration: { id: string } }) => alert.integration.id === am.id),
    ).toEqual([]);
    const letters = await t.api('GET', '/api/v1/alert-dead-letters', { token: admin });
    expect(
      letters.body.filter(
        (letter: { integration: { id: string } | null }) => letter.integration?.id === am.id,
      ),
    ).toEqual([]);
    expect(await journalled(am.id)).toBe(0);
  });

  it('a malformed payload is a 400 naming the field, kept as a dead letter; the list is bounded', async () => {
    const am = await integration('alertmanager', 'Sloppy');
    const path = pathOf(am.url);
    const missing = await t.api('POST', path, { body: { version: '4', alerts: [{ status: 'firing' }] } });
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toContain('body.alerts.0.labels');
    const wrongStatus = await t.api('POST', path, {
      body: amMessage([{ ...amAlert({ alertname: 'Y' }), status: 'burning' as 'firing' }]),
    });
    expect(wrongStatus.body.error.details[0].field).toBe('body.alerts.0.status');
    const notJson = await t.api('POST', path, {
      body: '{"alerts": [',
      headers: { 'content-type': 'application/json' },
    });
    expect(notJson.status).toBe(400);
    expect(notJson.body.error.message).toContain('body');
    const nul = await t.api('POST', path, {
      body: '{"alerts":[{"status":"firing","labels":{"a":"\\u0000"}}]}',
      headers: { 'content-type': 'application/json' },
    });
    expect(nul.status).toBe(400);

    const letters = await t.api('GET', '/api/v1/alert-dead-letters', { token: admin });
    const mine = letters.body.filter(
      (letter: { integration: { id: string } | null }) => letter.integration?.id === am.id,
    );
    expect(mine.length).toBe(4);
    expect(mine.map((letter: { field: string }) => letter.field)).toContain('body.alerts.0.labels');
    expect(mine.some((letter: { body: string }) => letter.body === '{"alerts": [')).toBe(true);
    // Refused before the journal: nothing of them is waiting to be stored.
    expect(await journalled(am.id)).toBe(0);

    const limited = await t.api('PATCH', '/api/v1/event-settings', {
      token: admin,
      body: { deadLetterLimit: 10 },
    });
    expect(limited.status).toBe(200);
    for (let i = 0; i < 12; i++) await t.api('POST', path, { body: { alerts: i } });
    const bounded = await t.api('GET', '/api/v1/alert-dead-letters', { token: admin });
    expect(bounded.body.length).toBe(10);
  });

  it('an oversized body is refused with a 413', async () => {
    const am = await integration('alertmanager', 'Big');
    const huge = JSON.stringify({ version: '4', alerts: [], pad: 'x'.repeat(5 * 1024 * 1024) });
    const response = await t.api('POST', pathOf(am.url), {
      body: huge,
      headers: { 'content-type': 'application/json' },
    });
    expect(response.status).toBe(413);
  });
});

describe('generic intake', () => {
  it('reads payloads through the mapping, previewed first', async () => {
    const mapping = {
      alerts: 'events',
      fingerprint: 'key',
      status: 'state',
      severity: 'level',
      summary: 'title',
      labels: { host: 'node.name', check: 'check' },
      id: 'eventId',
    };
    const sample = {
      events: [
        {
          key: 'disk-db-01',
          state: 'PROBLEM',
          level: 'Disaster',
          title: 'Disk full',
          node: { name: 'db-01' },
          check: 'disk',
          eventId: 'e1',
        },
      ],
    };
    const preview = await t.api('POST', '/api/v1/integrations/preview', {
      token: admin,
      body: { mapping, sample },
    });
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    expect(preview.body.alerts[0]).toMatchObject({
      fingerprint: 'disk-db-01',
      status: 'firing',
      severity: 'critical',
      summary: 'Disk full',
      labels: { host: 'db-01', check: 'disk' },
    });
    const broken = await t.api('POST', '/api/v1/integrations/preview', {
      token: admin,
      body: { mapping: { ...mapping, alerts: 'nothing' }, sample },
    });
    expect(broken.body.problem).toEqual({ field: 'body.nothing', message: 'must be a list of alerts.' });

    const generic = await integration('generic', 'Zabbix bridge', { mapping });
    const sent = await t.api('POST', processedPath(generic.url), { body: sample });
    expect(sent.body).toMatchObject({ created: 1 });
    expect((await t.api('POST', processedPath(generic.url), { body: sample })).body.duplicates).toBe(1);
    const ok = {
      events: [{ ...sample.events[0], state: 'OK', eventId: 'e2' }],
    };
    expect((await t.api('POST', processedPath(generic.url), { body: ok })).body.updated).toBe(1);
    const alerts = await t.api('GET', '/api/v1/alerts?q=disk-db-01', { token: infra });
    expect(alerts.body[0]).toMatchObject({ status: 'resolved', ci: { name: 'db-01' } });
  });
});
