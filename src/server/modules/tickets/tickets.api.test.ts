import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../testing/harness.js';
import { fileRequest, waitForStatus } from '../../testing/tickets.js';

let t: TestApp;
let dev: string;
let pm: string;
let lead: string;
let infra: string;
let admin: string;

beforeAll(async () => {
  t = await startTestApp({ worker: true });
  [dev, pm, lead, infra, admin] = await Promise.all(
    ['dev', 'pm', 'lead', 'infra', 'admin'].map((name) => t.login(`${name}@opsdesk.local`)),
  );
});
afterAll(() => t.close());

describe('the catalog', () => {
  it('has the Staging Servers category with the four request types of the spec, with docs and fields', async () => {
    const catalog = await t.api('GET', '/api/v1/catalog', { token: dev });
    expect(catalog.status).toBe(200);
    const staging = catalog.body.find((category: any) => category.name === 'Staging Servers');
    expect(staging.requestTypes.map((type: any) => [type.key, type.name])).toEqual([
      ['create-staging-domain', 'Create New Multistaging Domain'],
      ['start-request-only-staging', 'Start Request Only Multistaging'],
      ['recreate-staging', 'Recreate Multistaging Instance'],
      ['copy-database-data', 'Copy Database Data'],
    ]);
    const fields = Object.fromEntries(
      staging.requestTypes.map((type: any) => [type.key, type.fields.map((field: any) => field.key)]),
    );
    expect(fields).toEqual({
      'create-staging-domain': ['environment', 'domain'],
      'start-request-only-staging': ['environment'],
      'recreate-staging': ['environment', 'newName', 'endDate'],
      'copy-database-data': ['sourceEnvironment', 'targetEnvironment', 'engine', 'database', 'tables'],
    });
    for (const type of staging.requestTypes) {
      expect(type.docsUrl).toBeTruthy();
      expect(type.documentation.length).toBeGreaterThan(100);
    }
    // Paper, Table 3.
    expect(staging.requestTypes.map((type: any) => type.slaTargets[0].goalSeconds)).toEqual([
      22_860, 525, 144_036, 22_482,
    ]);
  });

  it('shows admins the request types requesters do not see, and nobody else', async () => {
    const hidden = await t.api('PATCH', '/api/v1/catalog/request-types/recreate-staging', {
      token: admin,
      body: { active: false },
    });
    expect(hidden.status).toBe(200);
    try {
      const keys = (body: any) =>
        body.flatMap((category: any) => category.requestTypes.map((type: any) => type.key));
      expect(keys((await t.api('GET', '/api/v1/catalog', { token: dev })).body)).not.toContain(
        'recreate-staging',
      );
      const all = await t.api('GET', '/api/v1/catalog?includeInactive=true', { token: admin });
      const recreate = all.body
        .flatMap((category: any) => category.requestTypes)
        .find((type: any) => type.key === 'recreate-staging');
      expect(recreate).toMatchObject({ active: false, workflow: expect.any(String) });
      const refused = await t.api('GET', '/api/v1/catalog?includeInactive=true', { token: dev });
      expect(refused.status).toBe(403);
      expect(refused.body.error.message).toContain('includeInactive');
    } finally {
      await t.api('PATCH', '/api/v1/catalog/request-types/recreate-staging', {
        token: admin,
        body: { active: true },
      });
    }
  });

  it('requesters see the form, admins also see how it is fulfilled', async () => {
    const asDev = await t.api('GET', '/api/v1/catalog/request-types/copy-database-data', { token: dev });
    expect(asDev.body.fulfilment).toBeUndefined();
    const asAdmin = await t.api('GET', '/api/v1/catalog/request-types/copy-database-data', { token: admin });
    expect(asAdmin.body).toMatchObject({
      fulfilment: { action: 'database.copy' },
      approval: { kind: 'manager' },
      team: 'infrastructure',
    });
  });

  it('refuses a request type whose parts do not fit together, naming each problem', async () => {
    const response = await t.api('POST', '/api/v1/catalog/request-types', {
      token: admin,
      body: {
        key: 'broken',
        category: 'staging-servers',
        name: 'Broken',
        fields: [{ key: 'host', label: 'Host', type: 'text' }],
        approval: { kind: 'team_any', team: 'no-such-team' },
        fulfilment: {
          executor: 'provider',
          action: 'environment.start',
          environmentField: 'host',
          params: { size: { field: 'size' } },
          resultTemplate: 'done',
        },
      },
    });
    expect(response.status).toBe(400);
    expect(response.body.error.details).toEqual([
      {
        field: 'fulfilment.environmentField',
        message: 'must name a field of type environment (host is not one)',
      },
      { field: 'fulfilment.params.size', message: 'refers to no field size' },
      { field: 'approval', message: 'there is no team no-such-team' },
    ]);
  });
});

describe('filing requests', () => {
  it('refuses an unknown request type with a 400 and stores nothing', async () => {
    const before = await t.context.db.execute<{ n: number }>(sql`select count(*)::int as n from tickets`);
    const response = await t.api('POST', '/api/v1/requests', {
      token: dev,
      body: { requestType: 'make-coffee', fields: {} },
    });
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({
      code: 'unknown_request_type',
      message: expect.stringContaining('requestType'),
    });
    const after = await t.context.db.execute<{ n: number }>(sql`select count(*)::int as n from tickets`);
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n);
  });

  it('refuses wrong JSON types, missing and unknown fields, naming each', async () => {
    const response = await t.api('POST', '/api/v1/requests', {
      token: dev,
      body: {
        requestType: 'copy-database-data',
        fields: { sourceEnvironment: 'bugfix1x2', targetEnvironment: 7, tables: 'orders', colour: 'red' },
      },
    });
    expect(response.status).toBe(400);
    const fields = response.body.error.details.map((problem: any) => problem.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        'fields.targetEnvironment',
        'fields.engine',
        'fields.database',
        'fields.tables',
        'fields',
      ]),
    );
    expect(response.body.error.details.find((problem: any) => problem.field === 'fields').message).toBe(
      'unknown field(s) colour',
    );
  });

  it('a valid request is verified and waits for the requester’s manager', async () => {
    const { key } = await fileRequest(t, pm, 'start-request-only-staging', { environment: 'promo-2x' });
    expect(key).toMatch(/^REQ-\d+$/);
    const ticket = await waitForStatus(t, pm, key, 'waiting_for_approval');
    expect(ticket.approvals).toEqual([
      expect.objectContaining({
        state: 'pending',
        approver: expect.objectContaining({ email: 'lead@opsdesk.local' }),
      }),
    ]);
    expect(ticket.comments.at(-1).body).toBe('Waiting for approval by Lena Lead (manager of the requester).');
  });
});

describe('who sees what', () => {
  it('requesters see their own tickets; the approver sees them; an agent sees their team’s queue; others get a 404', async () => {
    const { key } = await fileRequest(t, dev, 'start-request-only-staging', { environment: 'promo-2x' });
    await waitForStatus(t, dev, key, 'waiting_for_approval');
    expect((await t.api('GET', `/api/v1/tickets/${key}`, { token: pm })).status).toBe(404);
    expect((await t.api('GET', `/api/v1/tickets/${key}`, { token: lead })).status).toBe(200);
    expect((await t.api('GET', `/api/v1/tickets/${key}`, { token: infra })).status).toBe(200);
    expect((await t.api('GET', `/api/v1/tickets/${key}`, { token: admin })).status).toBe(200);
    const pmSearch = await t.api('GET', '/api/v1/tickets?limit=100', { token: pm });
    expect(pmSearch.body.items.every((item: any) => item.requester.email === 'pm@opsdesk.local')).toBe(true);
  });

  it('internal comments are hidden from requesters', async () => {
    const { key } = await fileRequest(t, dev, 'start-request-only-staging', { environment: 'promo-2x' });
    await waitForStatus(t, dev, key, 'waiting_for_approval');
    const internal = await t.api('POST', `/api/v1/tickets/${key}/comments`, {
      token: infra,
      body: { body: 'check the quota first', internal: true },
    });
    expect(internal.status).toBe(201);
    const asDev = await t.api('GET', `/api/v1/tickets/${key}`, { token: dev });
    expect(asDev.body.comments.map((comment: any) => comment.body)).not.toContain('check the quota first');
    const refused = await t.api('POST', `/api/v1/tickets/${key}/comments`, {
      token: dev,
      body: { body: 'x', internal: true },
    });
    expect(refused.status).toBe(403);
  });
});

describe('search', () => {
  it('filters by status, request type and requester, and pages with a cursor', async () => {
    const keys: string[] = [];
    for (let index = 0; index < 5; index++)
      keys.push(
        (await fileRequest(t, pm, 'create-staging-domain', { environment: 'nope', domain: `d${index}` })).key,
      );
    for (const key of keys) await waitForStatus(t, pm, key, 'cancelled');
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `/api/v1/tickets?status=cancelled&requestType=create-staging-domain&requester=pm@opsdesk.local&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page: any = await t.api('GET', query, { token: admin });
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((item: any) => item.key));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...keys].reverse());

    // The same search oldest key first, and by last change, paged with cursors of their own order.
    const pages = async (order: string) => {
      const found: { key: string; updatedAt: string }[] = [];
      let next: string | null = null;
      do {
        const query: string = `/api/v1/tickets?status=cancelled&requester=pm@opsdesk.local&requestType=create-staging-domain&limit=2&${order}${next ? `&cursor=${next}` : ''}`;
        const page: any = await t.api('GET', query, { token: admin });
        expect(page.status, query).toBe(200);
        found.push(...page.body.items);
        next = page.body.nextCursor;
      } while (next);
      return found;
    };
    expect((await pages('sort=key&dir=asc')).map((item) => item.key)).toEqual(keys);
    const byChange = await pages('sort=updated&dir=desc');
    expect(byChange.map((item) => item.key).sort()).toEqual([...keys].sort());
    const changes = byChange.map((item) => Date.parse(item.updatedAt));
    expect(changes).toEqual([...changes].sort((a, b) => b - a));
    const first: any = await t.api('GET', '/api/v1/tickets?limit=1&sort=key&dir=asc', { token: admin });
    const mixed = await t.api('GET', `/api/v1/tickets?limit=1&cursor=${first.body.nextCursor}`, {
      token: admin,
    });
    expect(mixed.status).toBe(400);
    expect(mixed.body.error.message).toContain('sort order');
    expect((await t.api('GET', '/api/v1/tickets?sort=priority', { token: admin })).status).toBe(400);
    const bad = await t.api('GET', '/api/v1/tickets?cursor=garbage', { token: admin });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_cursor');
    const badDate = await t.api('GET', '/api/v1/tickets?from=yesterday', { token: admin });
    expect(badDate.status).toBe(400);
    expect(badDate.body.error.details[0].field).toBe('query.from');
  });
});

describe('approval policies', () => {
  it('a requester without a manager is approved by the fallback team, never left stuck', async () => {
    const created = await t.api('POST', '/api/v1/users', {
      token: admin,
      body: {
        email: 'contractor@opsdesk.local',
        displayName: 'Cody Contractor',
        password: 'contractor-pass',
      },
    });
    expect(created.status).toBe(201);
    const contractor = await t.login('contractor@opsdesk.local', 'contractor-pass');
    const { key } = await fileRequest(t, contractor, 'start-request-only-staging', {
      environment: 'promo-2x',
    });
    const ticket = await waitForStatus(t, contractor, key, 'waiting_for_approval');
    expect(ticket.approvals).toEqual([
      expect.objectContaining({
        approver: expect.objectContaining({ email: 'infra@opsdesk.local' }),
        reason: 'the requester has no manager: member of Infrastructure',
      }),
    ]);
    const approved = await t.api('POST', `/api/v1/tickets/${key}/approve`, { token: infra });
    expect(approved.status).toBe(200);
    expect(approved.body.status).not.toBe('waiting_for_approval');
  });

  it('N of a team must approve; one approval is not enough', async () => {
    const users = await t.api('GET', '/api/v1/users', { token: admin });
    const byEmail = Object.fromEntries(users.body.map((user: any) => [user.email, user.id]));
    await t.api('POST', '/api/v1/teams', {
      token: admin,
      body: { key: 'cab', name: 'Change Advisory Board' },
    });
    for (const email of ['lead@opsdesk.local', 'infra@opsdesk.local', 'admin@opsdesk.local']) {
      await t.api('PUT', `/api/v1/teams/cab/members/${byEmail[email]}`, { token: admin, body: {} });
    }
    await t.api('PATCH', '/api/v1/catalog/request-types/recreate-staging', {
      token: admin,
      body: { approval: { kind: 'team_quorum', team: 'cab', required: 2 } },
    });
    const { key } = await fileRequest(t, dev, 'recreate-staging', {
      environment: 'staging-main',
      newName: 'staging-main-2',
      endDate: '2099-01-01',
    });
    await waitForStatus(t, dev, key, 'waiting_for_approval');
    const first = await t.api('POST', `/api/v1/tickets/${key}/approve`, {
      token: lead,
      body: { comment: 'fine by me' },
    });
    expect(first.body.status).toBe('waiting_for_approval');
    expect(first.body.comments.at(-1).body).toBe('Approved by Lena Lead (1 of 2): fine by me');
    const second = await t.api('POST', `/api/v1/tickets/${key}/approve`, { token: infra });
    expect(second.body.status).not.toBe('waiting_for_approval');
    expect(second.body.approvals.map((approval: any) => approval.state).sort()).toEqual([
      'approved',
      'approved',
      'withdrawn',
    ]);
    await t.api('PATCH', '/api/v1/catalog/request-types/recreate-staging', {
      token: admin,
      body: { approval: { kind: 'manager', fallbackTeam: 'infrastructure' } },
    });
  });

  it('approvals sent at once decide the round once', async () => {
    // The CAB of the test above (lead, infra, admin), two of whom must approve.
    await t.api('PATCH', '/api/v1/catalog/request-types/recreate-staging', {
      token: admin,
      body: { approval: { kind: 'team_quorum', team: 'cab', required: 2 } },
    });
    const { key } = await fileRequest(t, dev, 'recreate-staging', {
      environment: 'staging-main',
      newName: 'staging-main-3',
      endDate: '2099-01-01',
    });
    await waitForStatus(t, dev, key, 'waiting_for_approval');
    const answers = await Promise.all(
      [lead, infra, admin].map((token) =>
        t.api('POST', `/api/v1/tickets/${key}/approve`, { token, body: {} }),
      ),
    );
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 200, 409]);
    const view = await t.api('GET', `/api/v1/tickets/${key}`, { token: admin });
    expect(view.body.history.filter((entry: any) => entry.transition === 'approve')).toHaveLength(1);
    expect(view.body.approvals.map((approval: any) => approval.state).sort()).toEqual([
      'approved',
      'approved',
      'withdrawn',
    ]);
    // One tally each (their instants are the calls', not the order the ticket's lock put them in).
    const tallies = view.body.comments
      .filter((comment: any) => comment.kind === 'approval' && comment.body.startsWith('Approved by'))
      .map((comment: any) => /\((\d) of 2\)\.$/.exec(comment.body)?.[1])
      .sort();
    expect(tallies).toEqual(['1', '2']);
    await t.api('PATCH', '/api/v1/catalog/request-types/recreate-staging', {
      token: admin,
      body: { approval: { kind: 'manager', fallbackTeam: 'infrastructure' } },
    });
  });
});

describe('the inventory', () => {
  it('registers sandbox environments with real databases and injected faults', async () => {
    const created = await t.api('POST', '/api/v1/environments', {
      token: admin,
      body: {
        name: 'demo-x',
        requestOnly: true,
        databases: [{ engine: 'mysql', name: 'shop', tables: { orders: 25 } }],
        faults: ['domain.create'],
      },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      provider: 'sandbox',
      state: 'stopped',
      url: 'https://demo-x.staging.opsdesk.local',
      databases: [{ engine: 'mysql', name: 'shop', tables: { orders: 25 } }],
      faults: [{ action: 'domain.create', kind: 'permanent', remaining: null }],
    });
    const duplicate = await t.api('POST', '/api/v1/environments', { token: admin, body: { name: 'demo-x' } });
    expect(duplicate.status).toBe(409);
    const refused = await t.api('POST', '/api/v1/environments', { token: dev, body: { name: 'mine' } });
    expect(refused.status).toBe(403);
    const badName = await t.api('POST', '/api/v1/environments', { token: admin, body: { name: 'Bad_Name' } });
    expect(badName.body.error.details[0].field).toBe('body.name');
  });
});
