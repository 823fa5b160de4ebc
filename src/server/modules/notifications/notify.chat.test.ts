// Chat channels through the whole pipeline: rules send an event to Slack, Discord and Teams
// webhooks (loopback receivers), each in its platform's format; a 429 is retried after the
// Retry-After it gave.
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../testing/harness.js';
import { fileRequest } from '../../testing/tickets.js';
import { eventually, publicUrl } from './testing/pipeline.js';

interface Hit {
  at: number;
  body: any;
}

const closers: Array<() => Promise<void>> = [];

async function webhook(
  answer: (response: ServerResponse, hits: number) => void = (r) => r.writeHead(204).end(),
) {
  const hits: Hit[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      hits.push({ at: Date.now(), body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
      answer(response, hits.length);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/secret-part`, hits };
}

let t: TestApp;
let admin: string;

beforeAll(async () => {
  t = await startTestApp({
    worker: true,
    config: {
      OPSDESK_PUBLIC_URL: publicUrl,
      OPSDESK_ALLOW_PRIVATE_NETWORKS: '1',
      OPSDESK_NOTIFY_RETRY_BASE_MS: '50',
    },
  });
  admin = await t.login('admin@opsdesk.local');
});
afterAll(async () => {
  await t.close();
  for (const close of closers) await close();
});

async function addWebhook(name: string, platform: string, url: string) {
  const response = await t.api('POST', '/api/v1/admin/notifications/chat-webhooks', {
    token: admin,
    body: { name, platform, url },
  });
  expect(response.status).toBe(201);
  expect(response.body.urlHost).toBe(new URL(url).host);
  expect(JSON.stringify(response.body)).not.toContain('secret-part');
  return response.body.id as string;
}

describe('chat webhooks', () => {
  it('posts a filed request to Slack, Discord and Teams in their formats, and retries a 429 after Retry-After', async () => {
    const slack = await webhook();
    const discord = await webhook();
    const teams = await webhook();
    const limited = await webhook((response, hits) =>
      hits === 1
        ? response.writeHead(429, { 'retry-after': '1' }).end('slow down')
        : response.writeHead(204).end(),
    );
    const ids = [
      await addWebhook('Infra Slack', 'slack', slack.url),
      await addWebhook('Infra Discord', 'discord', discord.url),
      await addWebhook('Infra Teams', 'teams', teams.url),
      await addWebhook('Busy Slack', 'slack', limited.url),
    ];
    const rules = await t.api('PUT', '/api/v1/admin/notifications/rules/request.filed', {
      token: admin,
      body: {
        rules: [{ audience: 'requester' }, ...ids.map((id) => ({ audience: 'chat', chatWebhookId: id }))],
      },
    });
    expect(rules.status).toBe(200);
    expect(rules.body).toHaveLength(5);

    const dev = await t.login('dev@opsdesk.local');
    const { key } = await fileRequest(t, dev, 'start-request-only-staging', { environment: 'bugfix1x2' });
    const title = `[${key}] We received your request: Start Request Only Multistaging: bugfix1x2`;
    const ticketUrl = `${publicUrl}/tickets/${key}`;
    await eventually(
      () => (slack.hits.length && discord.hits.length && teams.hits.length ? true : undefined),
      'three chat posts',
    );

    const slackBody = slack.hits[0]!.body;
    expect(slackBody.text).toBe(`:information_source: ${title}`);
    expect(slackBody.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: title } });
    // The channel is the reader: the message greets it, without the email signature.
    expect(slackBody.blocks[1].text.text).toMatch(/^Hello Infra Slack,\n\nYour request "Start Request Only/);
    expect(slackBody.blocks[1].text.text).not.toContain('Unsubscribe');
    expect(slackBody.blocks[2].fields).toEqual([
      { type: 'mrkdwn', text: '*Status*\nWaiting for verification' },
      { type: 'mrkdwn', text: '*Type*\nStart Request Only Multistaging' },
      { type: 'mrkdwn', text: '*Requester*\nDewi Developer' },
    ]);
    expect(slackBody.blocks[3]).toEqual({
      type: 'actions',
      elements: [{ type: 'button', text: { type: 'plain_text', text: `Open ${key}` }, url: ticketUrl }],
    });

    const embed = discord.hits[0]!.body.embeds[0];
    expect(discord.hits[0]!.body.content).toBe(title);
    expect(discord.hits[0]!.body.allowed_mentions).toEqual({ parse: [] });
    expect(embed).toMatchObject({ title, url: ticketUrl, color: 0x1d4ed8 });
    expect(embed.fields).toEqual([
      { name: 'Status', value: 'Waiting for verification', inline: true },
      { name: 'Type', value: 'Start Request Only Multistaging', inline: true },
      { name: 'Requester', value: 'Dewi Developer', inline: true },
    ]);

    const card = teams.hits[0]!.body.attachments[0].content;
    expect(card.type).toBe('AdaptiveCard');
    expect(card.body[0]).toMatchObject({ type: 'TextBlock', text: title, weight: 'Bolder' });
    expect(card.actions).toEqual([{ type: 'Action.OpenUrl', title: `Open ${key}`, url: ticketUrl }]);

    await eventually(() => (limited.hits.length === 2 ? true : undefined), 'the rate-limited post retried');
    expect(limited.hits[1]!.at - limited.hits[0]!.at).toBeGreaterThanOrEqual(1_000);
    expect(limited.hits[1]!.body).toEqual(limited.hits[0]!.body);

    const infra = await t.login('infra@opsdesk.local');
    const log = await eventually(async () => {
      const response = await t.api('GET', `/api/v1/tickets/${key}/deliveries`, { token: infra });
      const chat = response.body.filter((delivery: { channel: string }) => delivery.channel === 'chat');
      return chat.length === 4 && chat.every((delivery: { status: string }) => delivery.status === 'sent')
        ? chat
        : undefined;
    }, 'four chat deliveries sent');
    expect(
      log
        .map((delivery: { recipient: { name: string }; attempts: number }) => [
          delivery.recipient.name,
          delivery.attempts,
        ])
        .sort(),
    ).toEqual([
      ['Busy Slack', 2],
      ['Infra Discord', 1],
      ['Infra Slack', 1],
      ['Infra Teams', 1],
    ]);
  });
});
