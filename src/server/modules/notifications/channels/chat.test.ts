import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type ChatWebhookSettingsInput,
  chatWebhookSettingsSchema,
  retryAfterMs,
  sendChatWebhook,
} from './chat.js';
import type { ChatNotification } from './chat-format.js';

interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: unknown;
}

type Responder = (response: ServerResponse) => void;

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

/** A webhook endpoint on loopback that records each request and answers as told. */
async function webhookReceiver(respond: Responder = (response) => response.writeHead(204).end()) {
  const requests: ReceivedRequest[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      requests.push({
        method: request.method ?? '',
        path: request.url ?? '',
        headers: request.headers,
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
      });
      respond(response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/T123/secret`;
  return { url, requests };
}

const incident: ChatNotification = {
  title: '[INC-311] Major outage: Staging environments unreachable',
  text: 'Dear all,\n\nStaging Servers is disrupted.',
  url: 'https://opsdesk.example.com/incidents/INC-311',
  linkLabel: 'View INC-311',
  severity: 'critical',
  facts: [
    { label: 'Service(s) status', value: 'MAJOR OUTAGE' },
    { label: 'Impacted region(s)', value: 'Asia Pacific (Singapore)' },
  ],
  timestamp: '2026-03-12T01:45:00Z',
};

function settings(input: ChatWebhookSettingsInput) {
  return chatWebhookSettingsSchema.parse(input);
}

const allowLoopback = { allowPrivateNetworks: true };

describe('chat webhook payloads', () => {
  it('Discord: content and an embed, mentions disabled', async () => {
    const receiver = await webhookReceiver();
    const outcome = await sendChatWebhook(
      settings({ platform: 'discord', url: receiver.url, username: 'Opsdesk' }),
      incident,
      allowLoopback,
    );
    expect(outcome).toEqual({ status: 'sent', messageId: null, response: '204 No Content' });
    expect(receiver.requests[0]).toMatchObject({
      method: 'POST',
      path: '/hooks/T123/secret',
      headers: { 'content-type': 'application/json' },
    });
    expect(receiver.requests[0]?.body).toEqual({
      content: '[INC-311] Major outage: Staging environments unreachable',
      username: 'Opsdesk',
      allowed_mentions: { parse: [] },
      embeds: [
        {
          title: '[INC-311] Major outage: Staging environments unreachable',
          url: 'https://opsdesk.example.com/incidents/INC-311',
          description: 'Dear all,\n\nStaging Servers is disrupted.',
          color: 12_131_356,
          fields: [
            { name: 'Service(s) status', value: 'MAJOR OUTAGE', inline: true },
            { name: 'Impacted region(s)', value: 'Asia Pacific (Singapore)', inline: true },
          ],
          timestamp: '2026-03-12T01:45:00Z',
        },
      ],
    });
  });

  it('Slack: fallback text and blocks', async () => {
    const receiver = await webhookReceiver((response) => response.writeHead(200).end('ok'));
    const outcome = await sendChatWebhook(
      settings({ platform: 'slack', url: receiver.url }),
      incident,
      allowLoopback,
    );
    expect(outcome).toEqual({ status: 'sent', messageId: null, response: '200 OK' });
    expect(receiver.requests[0]?.body).toEqual({
      text: ':rotating_light: [INC-311] Major outage: Staging environments unreachable',
      blocks: [
        {
          type: 'header',
          text: { type: 'plain_text', text: '[INC-311] Major outage: Staging environments unreachable' },
        },
        { type: 'section', text: { type: 'mrkdwn', text: 'Dear all,\n\nStaging Servers is disrupted.' } },
        {
          type: 'section',
          fields: [
            { type: 'mrkdwn', text: '*Service(s) status*\nMAJOR OUTAGE' },
            { type: 'mrkdwn', text: '*Impacted region(s)*\nAsia Pacific (Singapore)' },
          ],
        },
        {
          type: 'actions',
          elements: [
            {
              type: 'button',
              text: { type: 'plain_text', text: 'View INC-311' },
              url: 'https://opsdesk.example.com/incidents/INC-311',
            },
          ],
        },
      ],
    });
  });

  it('Teams: an Adaptive Card in the attachments envelope', async () => {
    const receiver = await webhookReceiver((response) => response.writeHead(202).end());
    const outcome = await sendChatWebhook(
      settings({ platform: 'teams', url: receiver.url }),
      incident,
      allowLoopback,
    );
    expect(outcome).toEqual({ status: 'sent', messageId: null, response: '202 Accepted' });
    expect(receiver.requests[0]?.body).toEqual({
      type: 'message',
      attachments: [
        {
          contentType: 'application/vnd.microsoft.card.adaptive',
          contentUrl: null,
          content: {
            $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
            type: 'AdaptiveCard',
            version: '1.4',
            body: [
              {
                type: 'TextBlock',
                text: '[INC-311] Major outage: Staging environments unreachable',
                weight: 'Bolder',
                size: 'Medium',
                color: 'Attention',
                wrap: true,
              },
              { type: 'TextBlock', text: 'Dear all,\n\nStaging Servers is disrupted.', wrap: true },
              {
                type: 'FactSet',
                facts: [
                  { title: 'Service(s) status', value: 'MAJOR OUTAGE' },
                  { title: 'Impacted region(s)', value: 'Asia Pacific (Singapore)' },
                ],
              },
            ],
            actions: [
              {
                type: 'Action.OpenUrl',
                title: 'View INC-311',
                url: 'https://opsdesk.example.com/incidents/INC-311',
              },
            ],
          },
        },
      ],
    });
  });
});

describe('chat webhook outcomes', () => {
  const slack = (url: string) => settings({ platform: 'slack', url, timeoutMs: 300 });

  it('429 is retryable after the Retry-After the server gave', async () => {
    const receiver = await webhookReceiver((response) =>
      response.writeHead(429, { 'retry-after': '7' }).end('rate_limited'),
    );
    expect(await sendChatWebhook(slack(receiver.url), incident, allowLoopback)).toEqual({
      status: 'retryable',
      code: 'rate_limited',
      reason: '429 Too Many Requests: rate_limited',
      retryAfterMs: 7_000,
    });
  });

  it("429 from Discord is retryable after its body's retry_after", async () => {
    const receiver = await webhookReceiver((response) =>
      response
        .writeHead(429, { 'content-type': 'application/json' })
        .end('{"message":"rate limited","retry_after":1.5}'),
    );
    const discord = settings({ platform: 'discord', url: receiver.url });
    expect(await sendChatWebhook(discord, incident, allowLoopback)).toMatchObject({
      status: 'retryable',
      code: 'rate_limited',
      retryAfterMs: 1_500,
    });
  });

  it('500 is retryable', async () => {
    const receiver = await webhookReceiver((response) => response.writeHead(500).end());
    expect(await sendChatWebhook(slack(receiver.url), incident, allowLoopback)).toEqual({
      status: 'retryable',
      code: 'http_server_error',
      reason: '500 Internal Server Error',
      retryAfterMs: null,
    });
  });

  it('400 is permanent, with what the platform said', async () => {
    const receiver = await webhookReceiver((response) => response.writeHead(400).end('invalid_blocks'));
    expect(await sendChatWebhook(slack(receiver.url), incident, allowLoopback)).toEqual({
      status: 'permanent',
      code: 'http_client_error',
      reason: '400 Bad Request: invalid_blocks',
    });
  });

  it('a redirect is not followed', async () => {
    const target = await webhookReceiver();
    const receiver = await webhookReceiver((response) =>
      response.writeHead(302, { location: target.url }).end(),
    );
    expect(await sendChatWebhook(slack(receiver.url), incident, allowLoopback)).toMatchObject({
      status: 'permanent',
      code: 'redirect_refused',
    });
    expect(target.requests).toHaveLength(0);
  });

  it('an endpoint that does not answer in time is retryable', async () => {
    const receiver = await webhookReceiver(() => undefined);
    expect(await sendChatWebhook(slack(receiver.url), incident, allowLoopback)).toMatchObject({
      status: 'retryable',
      code: 'timeout',
    });
  });

  it('a refused connection is retryable', async () => {
    const receiver = await webhookReceiver();
    await closers.pop()?.();
    expect(await sendChatWebhook(slack(receiver.url), incident, allowLoopback)).toMatchObject({
      status: 'retryable',
      code: 'connection_failed',
    });
  });

  it('loopback and private targets are refused unless allowed', async () => {
    const receiver = await webhookReceiver();
    const byName = receiver.url.replace('127.0.0.1', 'localhost');
    for (const url of [
      receiver.url,
      byName,
      'http://169.254.169.254/latest/meta-data',
      'http://10.0.0.8/hook',
    ]) {
      const outcome = await sendChatWebhook(slack(url), incident);
      expect(outcome).toMatchObject({ status: 'permanent', code: 'target_refused' });
    }
    expect(receiver.requests).toHaveLength(0);
  });
});

describe('Retry-After', () => {
  const now = new Date('2026-03-12T02:00:00Z');
  it('reads seconds, an HTTP date, or nothing', () => {
    expect(retryAfterMs('120', '', now)).toBe(120_000);
    expect(retryAfterMs('Thu, 12 Mar 2026 02:00:30 GMT', '', now)).toBe(30_000);
    expect(retryAfterMs(null, 'not json', now)).toBeNull();
  });
});
