// Admins read who changed what: a change made through the API is found by actor, entity, action
// and date, with the fields it changed; pages follow each other without gaps or repeats; the log
// is for admins only and bad filters are refused naming the field.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../testing/harness.js';

let t: TestApp;
let admin: string;
let dev: string;

beforeAll(async () => {
  t = await startTestApp();
  [admin, dev] = await Promise.all([t.login('admin@opsdesk.local'), t.login('dev@opsdesk.local')]);
});
afterAll(async () => {
  await t?.close();
});

describe('the audit log', () => {
  it("finds an admin's change by actor, entity, action and date, with the changed fields", async () => {
    const created = await t.api('POST', '/api/v1/admin/notifications/chat-webhooks', {
      token: admin,
      body: { name: 'Audit probe', platform: 'slack', url: 'https://hooks.example.com/x' },
    });
    expect(created.status).toBe(201);

    const today = new Date().toISOString().slice(0, 10);
    const found = await t.api(
      'GET',
      `/api/v1/admin/audit?actor=admin@opsdesk&entity=chat_webhooks&action=insert&from=${today}&to=${today}`,
      { token: admin },
    );
    expect(found.status).toBe(200);
    expect(found.body.items).toHaveLength(1);
    const entry = found.body.items[0];
    expect(entry).toMatchObject({ action: 'insert', entity: 'chat_webhooks', entityId: created.body.id });
    expect(entry.actorLabel).toContain('admin@opsdesk.local');
    expect(entry.changes.find((change: { field: string }) => change.field === 'name')).toEqual({
      field: 'name',
      before: null,
      after: 'Audit probe',
    });

    const byText = await t.api('GET', '/api/v1/admin/audit?q=Audit%20probe', { token: admin });
    expect(byText.body.items.map((item: { entityId: string }) => item.entityId)).toContain(created.body.id);

    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const before = await t.api('GET', `/api/v1/admin/audit?entity=chat_webhooks&to=${yesterday}`, {
      token: admin,
    });
    expect(before.body.items).toEqual([]);
  });

  it('shows only the changed fields of an update', async () => {
    const created = await t.api('POST', '/api/v1/mailing-lists', {
      token: admin,
      body: { key: 'audit-list', name: 'Audit list', description: 'first' },
    });
    expect(created.status).toBe(201);
    const patched = await t.api('PATCH', `/api/v1/mailing-lists/${created.body.id}`, {
      token: admin,
      body: { description: 'second' },
    });
    expect(patched.status).toBe(200);
    const found = await t.api('GET', `/api/v1/admin/audit?entityId=${created.body.id}&action=update`, {
      token: admin,
    });
    const fields = found.body.items[0].changes.map((change: { field: string }) => change.field);
    expect(fields).toContain('description');
    expect(fields).not.toContain('name');
    expect(found.body.items[0].changes.find((c: { field: string }) => c.field === 'description')).toEqual({
      field: 'description',
      before: 'first',
      after: 'second',
    });
  });

  it('pages by cursor without gaps or repeats', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 3; page++) {
      const response: { body: { items: { id: string }[]; nextCursor: string | null } } = await t.api(
        'GET',
        `/api/v1/admin/audit?limit=5${cursor ? `&cursor=${cursor}` : ''}`,
        { token: admin },
      );
      seen.push(...response.body.items.map((item) => item.id));
      cursor = response.body.nextCursor;
      if (!cursor) break;
    }
    const all = await t.api('GET', '/api/v1/admin/audit?limit=15', { token: admin });
    expect(seen).toEqual(all.body.items.map((item: { id: string }) => item.id).slice(0, seen.length));
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.map(Number)).toEqual([...seen.map(Number)].sort((a, b) => b - a));
  });

  it('lists the audited tables', async () => {
    const response = await t.api('GET', '/api/v1/admin/audit/entities', { token: admin });
    expect(response.body).toContain('tickets');
    expect(response.body).not.toContain('audit_log');
  });

  it('records rows as they are, and redacts a secret column a table gains after its trigger was attached', async () => {
    // Each table's trigger knows whether the table has a column named like a secret (set by the
    // sync that runs after every migration run); a column added later must be redacted all the same.
    const db = t.context.db;
    await db.execute(sql`create table audit_probe (id text primary key, note text)`);
    await db.execute(sql`select opsdesk_sync_audit_triggers()`);
    await db.execute(sql`insert into audit_probe values ('p1', 'a password_hint is not a secret column')`);
    await db.execute(sql`alter table audit_probe add column api_secret text`);
    await db.execute(sql`select opsdesk_sync_audit_triggers()`);
    await db.execute(sql`update audit_probe set api_secret = 'hunter2', note = 'changed' where id = 'p1'`);
    await db.execute(sql`insert into audit_probe values ('p2', null, null)`);
    const rows = await db.execute<{ action: string; entity_id: string; before: unknown; after: unknown }>(
      sql`select action, entity_id, before, after from audit_log where entity = 'audit_probe' order by id`,
    );
    expect(rows.rows).toEqual([
      {
        action: 'insert',
        entity_id: 'p1',
        before: null,
        after: { id: 'p1', note: 'a password_hint is not a secret column' },
      },
      {
        action: 'update',
        entity_id: 'p1',
        before: { id: 'p1', note: 'a password_hint is not a secret column', api_secret: null },
        after: { id: 'p1', note: 'changed', api_secret: '[redacted]' },
      },
      { action: 'insert', entity_id: 'p2', before: null, after: { id: 'p2', note: null, api_secret: null } },
    ]);
    expect(JSON.stringify(rows.rows)).not.toContain('hunter2');
    await db.execute(sql`drop table audit_probe`);
  });

  it('is for admins only, and refuses bad filters naming the field', async () => {
    expect((await t.api('GET', '/api/v1/admin/audit', { token: dev })).status).toBe(403);
    const bad = await t.api('GET', '/api/v1/admin/audit?from=yesterday', { token: admin });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.error)).toContain('from');
    const badCursor = await t.api('GET', '/api/v1/admin/audit?cursor=abc', { token: admin });
    expect(badCursor.status).toBe(400);
    expect(JSON.stringify(badCursor.body.error)).toContain('cursor');
  });
});
