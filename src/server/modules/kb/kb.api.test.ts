// The knowledge base through the HTTP API on a real PostgreSQL: articles written in Markdown render
// inert, audience and lifecycle decide who finds them, search ranks with highlighted snippets and
// forgives prefixes and typos, versions keep their diffs, feedback counts, and deflection is
// measured from suggestions to "this solved it" and tickets filed anyway.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../testing/harness.js';
import { remindOwners } from './upkeep.service.js';

let t: TestApp;
let admin: string;
let infra: string;
let dev: string;
const article: Record<string, string> = {};

async function call(
  method: 'GET' | 'POST' | 'PATCH',
  token: string | undefined,
  path: string,
  body?: unknown,
) {
  return t.api(method, path, { token, body });
}
async function write(token: string, body: Record<string, unknown>) {
  const response = await call('POST', token, '/api/v1/kb/articles', body);
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body;
}
const search = async (q: string, token?: string, extra = '') =>
  (await call('GET', token, `/api/v1/kb/search?q=${encodeURIComponent(q)}${extra}`)).body as {
    id: string;
    title: string;
    snippet: string;
    match: string;
  }[];

beforeAll(async () => {
  t = await startTestApp();
  [admin, infra, dev] = await Promise.all(
    ['admin', 'infra', 'dev'].map((name) => t.login(`${name}@opsdesk.local`)),
  );
  for (const [key, name] of [
    ['network', 'Network and VPN'],
    ['email', 'Email and calendar'],
  ]) {
    expect((await call('POST', admin, '/api/v1/kb/categories', { key, name })).status).toBe(201);
  }
  article.vpn = (
    await write(infra, {
      title: 'VPN does not connect from home',
      body: '## Workaround\n\nWhen the VPN is not connecting, reset the client:\n\n1. Quit the VPN client\n2. Run `vpn reset`\n\n<script>alert(1)</script>\n\n[Open the client](javascript:alert(1))',
      tags: ['vpn', 'remote access'],
      category: 'network',
      audience: 'public',
      status: 'published',
    })
  ).id;
  article.outlook = (
    await write(infra, {
      title: 'Outlook calendar does not sync',
      body: 'Remove the shared calendar and add it again.',
      category: 'email',
      audience: 'internal',
      status: 'published',
    })
  ).id;
  article.draft = (await write(infra, { title: 'VPN certificates renewal (draft)', body: 'Not ready.' })).id;
  // Many unrelated articles so ranking is not trivial.
  for (let index = 0; index < 20; index++) {
    await write(infra, {
      title: `Printer ${index} prints blank pages`,
      body: 'Replace the toner cartridge. The network printer reconnects by itself.',
      audience: 'public',
      status: 'published',
    });
  }
});
afterAll(async () => {
  await t?.close();
});

describe('articles', () => {
  it('render Markdown with scripts and javascript: links inert', async () => {
    const response = await call('GET', undefined, `/api/v1/kb/articles/${article.vpn}`);
    expect(response.status).toBe(200);
    const { html } = response.body;
    expect(html).toContain('<h2>Workaround</h2>');
    expect(html).toContain('<code>vpn reset</code>');
    expect(html).not.toContain('<script');
    expect(html).toContain('&lt;script&gt;');
    expect(html).not.toContain('href="javascript:');
  });

  it('are read by their audience: internal ones need a sign-in, drafts are for writers', async () => {
    expect((await call('GET', undefined, `/api/v1/kb/articles/${article.outlook}`)).status).toBe(401);
    expect((await call('GET', dev, `/api/v1/kb/articles/${article.outlook}`)).status).toBe(200);
    expect((await call('GET', dev, `/api/v1/kb/articles/${article.draft}`)).status).toBe(404);
    expect((await call('GET', infra, `/api/v1/kb/articles/${article.draft}`)).body.status).toBe('draft');
    expect((await call('POST', dev, '/api/v1/kb/articles', { title: 'x' })).status).toBe(403);
  });

  it('keep every version with its diff, and move through draft → published → retired', async () => {
    const edited = await call('PATCH', infra, `/api/v1/kb/articles/${article.draft}`, {
      body: 'Renew the VPN certificate every year.',
      note: 'first real text',
    });
    expect([edited.status, edited.body.version]).toEqual([200, 2]);
    const versions = (await call('GET', infra, `/api/v1/kb/articles/${article.draft}/versions`)).body;
    expect(versions.map((version: { version: number }) => version.version)).toEqual([2, 1]);
    expect(versions[0].note).toBe('first real text');
    expect(versions[0].diff).toEqual([
      { op: '-', line: 'Not ready.' },
      { op: '+', line: 'Renew the VPN certificate every year.' },
    ]);
    const published = await call('PATCH', infra, `/api/v1/kb/articles/${article.draft}`, {
      status: 'published',
    });
    expect(published.body.status).toBe('published');
    const back = await call('PATCH', infra, `/api/v1/kb/articles/${article.draft}`, { status: 'draft' });
    expect([back.status, back.body.error.code]).toEqual([409, 'invalid_transition']);
    await call('PATCH', infra, `/api/v1/kb/articles/${article.draft}`, { status: 'retired' });
    expect((await search('certificate renewal')).map((hit) => hit.id)).not.toContain(article.draft);
  });

  it('refuse bad input naming the field, writing nothing', async () => {
    const before = (await call('GET', infra, '/api/v1/kb/articles?limit=200')).body.length;
    for (const [body, field] of [
      [{ title: '' }, 'title'],
      [{ title: 'x', category: 'nope' }, 'category'],
      [{ title: 'x', audience: 'everyone' }, 'audience'],
      [{ title: 'x', knownError: 'INC-1' }, 'knownError'],
      [{ title: 'x', knownError: 'PRB-9999' }, 'knownError'],
      [{ title: 'x', owner: 'nobody@nowhere.example' }, 'owner'],
    ] as const) {
      const response = await call('POST', infra, '/api/v1/kb/articles', body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(JSON.stringify(response.body.error)).toContain(field);
    }
    expect((await call('GET', infra, '/api/v1/kb/articles?limit=200')).body.length).toBe(before);
    expect((await call('GET', undefined, '/api/v1/kb/search?q=')).status).toBe(400);
    expect(
      (await call('POST', admin, '/api/v1/kb/categories', { key: 'network', name: 'again' })).status,
    ).toBe(409);
  });

  it('take feedback from anyone, counted on the article', async () => {
    const helped = await call('POST', undefined, `/api/v1/kb/articles/${article.vpn}/feedback`, {
      helpful: true,
    });
    expect(helped.body).toEqual({ helpful: 1, unhelpful: 0 });
    const not = await call('POST', dev, `/api/v1/kb/articles/${article.vpn}/feedback`, {
      helpful: false,
      reason: 'My client has no reset command.',
    });
    expect(not.body).toEqual({ helpful: 1, unhelpful: 1 });
    expect((await call('POST', undefined, `/api/v1/kb/articles/${article.vpn}/feedback`, {})).status).toBe(
      400,
    );
  });
});

describe('search', () => {
  it('finds the best article first, with a highlighted, escaped snippet', async () => {
    const hits = await search('vpn not connecting');
    expect(hits[0]).toMatchObject({
      id: article.vpn,
      title: 'VPN does not connect from home',
      match: 'text',
    });
    expect(Object.keys(hits[0]!).sort()).toEqual(expect.arrayContaining(['id', 'snippet', 'title']));
    expect(hits[0]!.snippet).toMatch(/<mark>(VPN|connecting)<\/mark>/i);
    expect(hits[0]!.snippet).not.toContain('<script');
  });

  it('matches the last word as a prefix while it is being typed', async () => {
    expect((await search('vpn conn'))[0]?.id).toBe(article.vpn);
    expect((await search('print'))[0]?.title).toMatch(/^Printer/);
  });

  it('forgives a typo through the titles', async () => {
    const hits = await search('outlok', dev);
    expect(hits[0]).toMatchObject({ id: article.outlook, match: 'typo' });
  });

  it('shows internal articles to signed-in people only, and filters by category', async () => {
    expect((await search('outlook calendar')).map((hit) => hit.id)).not.toContain(article.outlook);
    expect((await search('outlook calendar', dev))[0]?.id).toBe(article.outlook);
    expect((await call('GET', undefined, '/api/v1/kb/search?q=outlook&audience=internal')).status).toBe(401);
    expect(await search('vpn', undefined, '&category=email')).toEqual([]);
    expect((await search('vpn', undefined, '&category=network'))[0]?.id).toBe(article.vpn);
  });
});

describe('deflection', () => {
  it('suggests articles while a requester types, counts "this solved it" and tickets filed anyway', async () => {
    const solved = randomUUID();
    for (const q of ['vpn', 'vpn not connecting']) {
      const response = await call(
        'GET',
        dev,
        `/api/v1/kb/suggest?q=${encodeURIComponent(q)}&session=${solved}`,
      );
      expect(response.status).toBe(200);
      expect(response.body.articles[0].id).toBe(article.vpn);
    }
    expect(
      (
        await call('POST', dev, '/api/v1/kb/deflections', {
          session: solved,
          outcome: 'solved',
          article: article.vpn,
        })
      ).status,
    ).toBe(200);

    const filed = randomUUID();
    await call('GET', dev, `/api/v1/kb/suggest?q=printer&session=${filed}`);
    await call('POST', dev, '/api/v1/kb/deflections', { session: filed, outcome: 'ticket', ticket: 'REQ-1' });

    const nothing = randomUUID();
    expect(
      (await call('GET', dev, `/api/v1/kb/suggest?q=quantum%20flux&session=${nothing}`)).body.articles,
    ).toEqual([]);

    // Someone else's session, and "solved" without an article, are refused.
    expect(
      (await call('POST', infra, '/api/v1/kb/deflections', { session: solved, outcome: 'ticket' })).status,
    ).toBe(404);
    expect(
      (await call('POST', dev, '/api/v1/kb/deflections', { session: filed, outcome: 'solved' })).status,
    ).toBe(400);

    expect((await call('GET', dev, '/api/v1/kb/deflection-report')).status).toBe(403);
    const report = (await call('GET', infra, '/api/v1/kb/deflection-report')).body;
    expect(report).toMatchObject({
      attempts: 3,
      searches: 4,
      suggested: 2,
      solved: 1,
      tickets: 1,
      rate: 0.5,
      abandoned: 1,
    });
    expect(report.byArticle.find((row: { id: string }) => row.id === article.vpn)).toMatchObject({
      shown: 1,
      solved: 1,
    });
    expect(report.byCategory).toContainEqual({ category: 'Network and VPN', solved: 1, tickets: 0, rate: 1 });
    expect(report.noResults).toEqual([{ query: 'quantum flux', count: 1 }]);
  });
});

describe('upkeep', () => {
  it("tells the owner when an article's review date has come, once", async () => {
    const due = await write(infra, {
      title: 'Old instructions for the fax machine',
      body: 'Dial 0 first.',
      audience: 'internal',
      status: 'published',
      reviewBy: '2020-01-01',
    });
    await remindOwners(t.context);
    await remindOwners(t.context);
    const inbox = (await call('GET', infra, '/api/v1/notifications')).body;
    const items = (inbox.items ?? inbox).filter((item: { title: string }) =>
      item.title.includes('fax machine'),
    );
    expect(items).toHaveLength(1);
    expect(items[0].url).toContain(`/kb/edit/${due.id}`);
  });
});
