// Workflows defined by admins through the API the workflow editor uses: a built-in one is copied
// under a new key and edited; mistakes come back as 400 naming the field; built-in workflows and
// statuses tickets are in cannot be changed away.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkflowDefinition } from '../../../shared/api/workflow.js';
import { startTestApp, type TestApp } from '../../testing/harness.js';
import { fileRequest } from '../../testing/tickets.js';

let t: TestApp;
let admin: string;
let agent: string;
let fulfilment: WorkflowDefinition;

beforeAll(async () => {
  t = await startTestApp();
  [admin, agent] = await Promise.all([t.login('admin@opsdesk.local'), t.login('infra@opsdesk.local')]);
  fulfilment = (await t.api('GET', '/api/v1/workflows/fulfilment', { token: admin })).body;
});
afterAll(() => t?.close());

const copyOf = (edit: (w: WorkflowDefinition) => void = () => {}): WorkflowDefinition => {
  const copy: WorkflowDefinition = structuredClone({
    ...fulfilment,
    key: 'fulfilment-copy',
    name: 'Our fulfilment',
  });
  edit(copy);
  return copy;
};

describe('workflows as data', () => {
  it('copies a built-in workflow under a new key, edits it and reads it back', async () => {
    const copy = copyOf((w) => {
      w.statuses.push({ key: 'on_hold', name: 'On hold', category: 'waiting', resolves: false, onEnter: [] });
      w.transitions.push(
        {
          name: 'hold',
          label: 'Put on hold',
          from: ['need_further_support'],
          to: 'on_hold',
          actors: ['agent'],
          guards: [],
          requiresComment: true,
        },
        {
          name: 'resume',
          label: 'Resume',
          from: ['on_hold'],
          to: 'need_further_support',
          actors: ['agent'],
          guards: [],
          requiresComment: false,
        },
      );
    });
    const saved = await t.api('PUT', '/api/v1/workflows/fulfilment-copy', { token: admin, body: copy });
    expect(saved.status).toBe(200);
    const read = await t.api('GET', '/api/v1/workflows/fulfilment-copy', { token: admin });
    expect(read.body.statuses.map((s: { key: string }) => s.key)).toContain('on_hold');
    const list = await t.api('GET', '/api/v1/workflows', { token: admin });
    const listed = list.body.find((w: { key: string }) => w.key === 'fulfilment-copy');
    expect(listed).toMatchObject({ name: 'Our fulfilment', builtIn: false });
    expect(list.body.find((w: { key: string }) => w.key === 'fulfilment').builtIn).toBe(true);
  });

  it('does not edit a built-in workflow in place', async () => {
    const res = await t.api('PUT', '/api/v1/workflows/fulfilment', {
      token: admin,
      body: { ...fulfilment, name: 'Changed' },
    });
    expect(res.status).toBe(409);
    expect((await t.api('GET', '/api/v1/workflows/fulfilment', { token: admin })).body.name).toBe(
      fulfilment.name,
    );
  });

  it.each([
    [
      'a status no transition reaches',
      (w: WorkflowDefinition) =>
        w.statuses.push({ key: 'limbo', name: 'Limbo', category: 'open', resolves: false, onEnter: [] }),
      `statuses.7.key`,
      /limbo cannot be reached/,
    ],
    [
      'an unknown guard',
      (w: WorkflowDefinition) => {
        (w.transitions[0]!.guards as string[]) = ['moonIsFull'];
      },
      'transitions.0.guards.0',
      /noRunInProgress/,
    ],
    [
      'a transition to an unknown status',
      (w: WorkflowDefinition) => {
        w.transitions[0]!.to = 'nowhere';
      },
      'transitions.0.to',
      /unknown status nowhere/,
    ],
  ])('refuses %s with 400 naming the field, and saves nothing', async (_what, edit, field, message) => {
    const res = await t.api('PUT', '/api/v1/workflows/broken', {
      token: admin,
      body: { ...copyOf(edit), key: 'broken' },
    });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain(field);
    expect(JSON.stringify(res.body)).toMatch(message);
    expect((await t.api('GET', '/api/v1/workflows/broken', { token: admin })).status).toBe(404);
  });

  it('is for admins only', async () => {
    const res = await t.api('PUT', '/api/v1/workflows/mine', {
      token: agent,
      body: { ...copyOf(), key: 'mine' },
    });
    expect(res.status).toBe(403);
  });

  it('keeps the statuses tickets are in', async () => {
    const onHold = copyOf((w) => {
      w.key = 'in-use';
      w.statuses.push({ key: 'on_hold', name: 'On hold', category: 'waiting', resolves: false, onEnter: [] });
      w.transitions.push({
        name: 'hold',
        label: 'Put on hold',
        from: ['need_further_support'],
        to: 'on_hold',
        actors: ['agent'],
        guards: [],
        requiresComment: false,
      });
    });
    expect((await t.api('PUT', '/api/v1/workflows/in-use', { token: admin, body: onHold })).status).toBe(200);
    const dev = await t.login('dev@opsdesk.local');
    const { key } = await fileRequest(t, dev, 'start-request-only-staging', { environment: 'bugfix1x2' });
    await t.context.db.execute(
      sql`update tickets set workflow_key = 'in-use', status = 'on_hold' where key = ${key}`,
    );
    const res = await t.api('PUT', '/api/v1/workflows/in-use', {
      token: admin,
      body: { ...copyOf(), key: 'in-use' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/1 ticket is in on_hold/);
    expect(res.body.error.details[0].field).toBe('statuses');
  });
});
