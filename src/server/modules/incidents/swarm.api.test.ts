// The swarming channel: with the admins' rules sending opened incidents and incident updates to
// the team's chat webhook, an incident is posted to Slack when it opens and again with each update
// to stakeholders, each post with a link back to the incident.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../testing/harness.js';
import { eventually, publicUrl } from '../notifications/testing/pipeline.js';

let t: TestApp;
let admin: string;
let infra: string;
const hits: string[] = [];
const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    hits.push(Buffer.concat(chunks).toString('utf8'));
    response.writeHead(200).end('ok');
  });
});

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t = await startTestApp({
    worker: true,
    config: { OPSDESK_PUBLIC_URL: publicUrl, OPSDESK_ALLOW_PRIVATE_NETWORKS: '1' },
  });
  [admin, infra] = await Promise.all([t.login('admin@opsdesk.local'), t.login('infra@opsdesk.local')]);
});
afterAll(async () => {
  await t.close();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('swarming channel', () => {
  it('posts the incident and its updates to the chat webhook with a link back', async () => {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/infra`;
    const hook = await t.api('POST', '/api/v1/admin/notifications/chat-webhooks', {
      token: admin,
      body: { name: 'Infra swarm', platform: 'slack', url },
    });
    expect(hook.status).toBe(201);
    for (const event of ['ticket.opened', 'incident.started', 'incident.updated']) {
      const rules = await t.api('PUT', `/api/v1/admin/notifications/rules/${event}`, {
        token: admin,
        body: { rules: [{ audience: 'chat', chatWebhookId: hook.body.id }] },
      });
      expect(rules.status, JSON.stringify(rules.body)).toBe(200);
    }
    const incident = await t.api('POST', '/api/v1/incidents', {
      token: infra,
      body: { title: 'Checkout returns 502', impact: 'high', urgency: 'high' },
    });
    expect(incident.status).toBe(201);
    const key = incident.body.key as string;
    await eventually(async () => hits.some((hit) => hit.includes(key)) || undefined, 'the incident in chat');
    for (const body of ['Investigating the load balancer.', 'A bad deploy; rolling back.']) {
      const update = await t.api('POST', `/api/v1/incidents/${key}/updates`, {
        token: infra,
        body: { body, visibility: 'stakeholders', status: 'identified' },
      });
      expect(update.status, JSON.stringify(update.body)).toBe(201);
    }
    await eventually(
      async () => hits.filter((hit) => hit.includes(key)).length >= 3 || undefined,
      'the updates in chat',
    );
    const posts = hits.filter((hit) => hit.includes(key));
    expect(posts.every((post) => post.includes(publicUrl))).toBe(true);
    expect(posts.some((post) => post.includes('rolling back'))).toBe(true);
  });
});
