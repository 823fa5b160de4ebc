// Status page subscribers without accounts, end to end on a real PostgreSQL, the job worker and a
// real SMTP server: a subscriber asks, confirms through the signed link in the mail (double
// opt-in), receives the incident's public updates and never its internal notes, and unsubscribes
// in one click. Bad input names its field; asking again reveals nothing and sends nothing new.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../testing/harness.js';
import { closeEmailChannels } from '../notifications/channels/email-settings.service.js';
import { configureSmtp, eventually, mails, mailTo, publicUrl } from '../notifications/testing/pipeline.js';
import { type SmtpReceiver, startSmtpReceiver } from '../notifications/testing/smtp-receiver.js';

let t: TestApp;
let receiver: SmtpReceiver;
let chat: Server;
let chatUrl: string;
const posts: Array<{ text?: string }> = [];
let admin: string;
let infra: string;
const ci: Record<string, string> = {};

async function post(token: string, path: string, body: unknown, status = 201) {
  const response = await t.api('POST', path, { token, body });
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  return response.body;
}

const subscribeJson = (body: unknown) => t.api('POST', '/status/subscriptions', { body });

/** The path (without the public URL) of the first link to /status/{kind}/… in a text. */
function linkPath(text: string, kind: 'subscriptions/confirm' | 'unsubscribe'): string {
  const match = text.match(
    new RegExp(`${publicUrl.replace(/[.]/g, '\\.')}(/status/${kind}/[A-Za-z0-9_.-]+)`),
  );
  if (!match) throw new Error(`no ${kind} link in: ${text}`);
  return match[1]!;
}

beforeAll(async () => {
  receiver = await startSmtpReceiver();
  // A Slack-style incoming webhook on loopback: records every post.
  chat = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      posts.push(JSON.parse(body));
      response.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => chat.listen(0, '127.0.0.1', resolve));
  chatUrl = `http://127.0.0.1:${(chat.address() as AddressInfo).port}/hooks/status`;
  t = await startTestApp({
    worker: true,
    config: { OPSDESK_PUBLIC_URL: publicUrl, OPSDESK_ALLOW_PRIVATE_NETWORKS: '1' },
  });
  [admin, infra] = await Promise.all([t.login('admin@opsdesk.local'), t.login('infra@opsdesk.local')]);
  await configureSmtp(t, admin, receiver.port);
  const service = async (name: string, attributes: Record<string, unknown>) =>
    (await post(infra, '/api/v1/cis', { class: 'service', name, team: 'infrastructure', attributes })).id;
  ci.vpn = await service('Remote VPN', { public: true, statusGroup: 'Network' });
  ci.mail = await service('Company mail', { public: true });
  ci.wiki = await service('Engineering wiki', {});
});
afterAll(async () => {
  await t?.close();
  closeEmailChannels();
  await receiver?.close();
  await new Promise((resolve) => chat?.close(resolve));
});

describe('bad subscription requests', () => {
  it('an invalid email is a 400 naming the field, and nothing is recorded or sent', async () => {
    const response = await subscribeJson({ email: 'not-an-address' });
    expect(response.status).toBe(400);
    expect(response.body.error.message).toContain('email');
    const neither = await subscribeJson({});
    expect(neither.status).toBe(400);
    expect(neither.body.error.message).toContain('email');
  });

  it('an unknown component (or an internal service) is a 400 naming components', async () => {
    for (const id of ['00000000-0000-4000-8000-000000000000', ci.wiki]) {
      const response = await subscribeJson({ email: 'someone@example.com', components: [id] });
      expect(response.status).toBe(400);
      expect(response.body.error.message).toContain('components');
    }
    const malformed = await subscribeJson({ email: 'someone@example.com', components: ['vpn'] });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.message).toContain('components');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(mails(receiver).filter((mail) => mail.to.includes('someone@example.com'))).toEqual([]);
  });
});

describe('an email subscriber', () => {
  const address = 'customer@example.com';
  let unsubscribePath: string;

  it('asks for VPN updates and gets a confirmation link, nothing else', async () => {
    const response = await subscribeJson({ email: address, components: [ci.vpn] });
    expect(response.status).toBe(202);
    const mail = await mailTo(receiver, address, 'Confirm your subscription');
    expect(mail.text).toContain('Remote VPN');
    const confirmPath = linkPath(mail.text!, 'subscriptions/confirm');
    // Opening the link (a mail scanner does) only asks.
    const page = await t.api('GET', confirmPath);
    expect(page.status, String(page.body)).toBe(200);
    expect(page.body).toContain('Confirm subscription');
    const done = await t.app.inject({
      method: 'POST',
      url: confirmPath,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: '',
    });
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('Remote VPN');
  });

  it('asking again answers the same and sends no second mail (no enumeration, no flood)', async () => {
    const again = await subscribeJson({ email: address, components: [ci.vpn] });
    const stranger = await subscribeJson({ email: 'never-seen@example.com' });
    expect(again.status).toBe(202);
    expect(again.body).toEqual(stranger.body);
    await mailTo(receiver, 'never-seen@example.com', 'Confirm your subscription');
    const confirmations = mails(receiver).filter(
      (mail) => mail.to.includes(address) && mail.headers.subject?.includes('Confirm'),
    );
    expect(confirmations).toHaveLength(1);
  });

  it('receives the public updates of an incident on the VPN, never its internal notes', async () => {
    const incident = await post(infra, '/api/v1/incidents', {
      title: 'VPN connections fail',
      cis: ['Remote VPN'],
      impact: 'high',
      urgency: 'high',
    });
    const key = incident.key as string;
    await post(infra, `/api/v1/incidents/${key}/updates`, {
      body: 'Gateway firmware 17.3.4 leaks memory (internal).',
      visibility: 'internal',
    });
    await post(infra, `/api/v1/incidents/${key}/updates`, {
      body: 'We are investigating failed VPN connections.',
      visibility: 'public',
      status: 'investigating',
    });
    const first = await mailTo(receiver, address, 'VPN connections fail: Investigating');
    expect(first.text).toContain('We are investigating failed VPN connections.');
    expect(first.text).toContain(`${publicUrl}/status/incidents/${key}`);
    await post(infra, `/api/v1/incidents/${key}/updates`, {
      body: 'Fixed by rolling the firmware back.',
      visibility: 'public',
      status: 'resolved',
    });
    const last = await mailTo(receiver, address, 'VPN connections fail: Resolved');
    unsubscribePath = linkPath(last.text!, 'unsubscribe');
    const toSubscriber = mails(receiver).filter((mail) => mail.to.includes(address));
    for (const mail of toSubscriber) {
      expect(mail.text).not.toContain('17.3.4');
      expect(mail.html ?? '').not.toContain('17.3.4');
    }
    // The stranger never confirmed: nothing about the incident went there.
    expect(
      mails(receiver).filter(
        (mail) => mail.to.includes('never-seen@example.com') && mail.headers.subject?.includes('VPN'),
      ),
    ).toEqual([]);
  });

  it('an incident on another component is not sent to a VPN subscriber', async () => {
    const other = await post(infra, '/api/v1/incidents', {
      title: 'Mail delayed',
      cis: ['Company mail'],
      impact: 'medium',
      urgency: 'medium',
    });
    await post(infra, `/api/v1/incidents/${other.key}/updates`, {
      body: 'Mail is delayed.',
      visibility: 'public',
      status: 'investigating',
    });
    // Wait for the announcement job to have run (a whole-page subscriber would get it) …
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(
      mails(receiver).filter(
        (mail) => mail.to.includes(address) && mail.headers.subject?.includes('Mail delayed'),
      ),
    ).toEqual([]);
  });

  it('unsubscribes in one click (RFC 8058 post) and receives nothing more', async () => {
    const oneClick = await t.app.inject({
      method: 'POST',
      url: unsubscribePath,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=One-Click',
    });
    expect(oneClick.statusCode).toBe(200);
    expect(oneClick.body).toContain('Unsubscribed');
    const again = await t.api('GET', unsubscribePath);
    expect(again.body).toContain('not subscribed');
    const before = mails(receiver).filter((mail) => mail.to.includes(address)).length;
    const incident = await post(infra, '/api/v1/incidents', {
      title: 'VPN slow again',
      cis: ['Remote VPN'],
      impact: 'medium',
      urgency: 'medium',
    });
    await post(infra, `/api/v1/incidents/${incident.key}/updates`, {
      body: 'The VPN is slow.',
      visibility: 'public',
      status: 'investigating',
    });
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(mails(receiver).filter((mail) => mail.to.includes(address))).toHaveLength(before);
  });

  it('a forged or altered link is refused', async () => {
    const forged = await t.api('GET', `${unsubscribePath.slice(0, -3)}AAA`);
    expect(forged.status).toBe(403);
    const garbage = await t.api('GET', '/status/subscriptions/confirm/not-a-token');
    expect(garbage.status).toBe(400);
  });
});

describe('the subscribe form without JavaScript', () => {
  it('lists the public components and posts as a form', async () => {
    const form = await t.api('GET', '/status/subscribe');
    expect(form.status).toBe(200);
    expect(form.body).toContain('Remote VPN');
    expect(form.body).not.toContain('Engineering wiki');
    const response = await t.app.inject({
      method: 'POST',
      url: '/status/subscriptions',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `email=form%40example.com&components=${ci.vpn}&components=${ci.mail}`,
    });
    expect(response.statusCode).toBe(202);
    expect(response.body).toContain('Check your inbox');
    const mail = await mailTo(receiver, 'form@example.com', 'Confirm your subscription');
    expect(mail.text).toContain('Remote VPN, Company mail');
  });
});

describe('a chat webhook subscriber', () => {
  it('is confirmed from a link posted to the channel, then receives public updates there', async () => {
    const response = await subscribeJson({ webhook: { platform: 'slack', url: chatUrl } });
    expect(response.status).toBe(202);
    const confirmation = await eventually(
      () => posts.find((post) => JSON.stringify(post).includes('/status/subscriptions/confirm/')),
      'the confirmation posted to the webhook',
    );
    const confirmPath = linkPath(
      JSON.stringify(confirmation).replaceAll('\\/', '/'),
      'subscriptions/confirm',
    );
    const done = await t.app.inject({ method: 'POST', url: confirmPath });
    expect(done.statusCode).toBe(200);
    const incident = await post(infra, '/api/v1/incidents', {
      title: 'Mail bounces',
      cis: ['Company mail'],
      impact: 'medium',
      urgency: 'medium',
    });
    await post(infra, `/api/v1/incidents/${incident.key}/updates`, {
      body: 'Some mail bounces; we are looking into it.',
      visibility: 'public',
      status: 'investigating',
    });
    const update = await eventually(
      () => posts.find((post) => JSON.stringify(post).includes('Some mail bounces')),
      'the update posted to the webhook',
    );
    expect(JSON.stringify(update)).toContain('Mail bounces');
  });
});

describe('rate limit', () => {
  it('a flood of requests from one client meets 429', async () => {
    const statuses: number[] = [];
    for (let index = 0; index < 12; index++)
      statuses.push((await subscribeJson({ email: `flood${index}@example.com` })).status);
    expect(statuses).toContain(429);
  });
});
