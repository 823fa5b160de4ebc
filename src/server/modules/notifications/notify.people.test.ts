// What people choose: following a ticket (agents may add people without an account), following a
// saved ticket search, per-event preferences (email now, in the digest, never; the bell), the
// daily digest, the in-app inbox, and unsubscribing without signing in.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../testing/harness.js';
import { fileAndApprove, fileRequest, waitForStatus } from '../../testing/tickets.js';
import { closeEmailChannels } from './channels/email-settings.service.js';
import { sendDigest } from './pipeline/digest.js';
import { configureSmtp, eventually, mails, mailTo, publicUrl } from './testing/pipeline.js';
import { type SmtpReceiver, startSmtpReceiver } from './testing/smtp-receiver.js';

let t: TestApp;
let receiver: SmtpReceiver;
const tokens: Record<string, string> = {};
const title = 'Start Request Only Multistaging: bugfix1x2';
const form = { 'content-type': 'application/x-www-form-urlencoded' };

beforeAll(async () => {
  receiver = await startSmtpReceiver();
  t = await startTestApp({
    worker: true,
    config: { OPSDESK_PUBLIC_URL: publicUrl, OPSDESK_ALLOW_PRIVATE_NETWORKS: '1' },
  });
  for (const name of ['admin', 'dev', 'lead', 'infra', 'pm'])
    tokens[name] = await t.login(`${name}@opsdesk.local`);
  await configureSmtp(t, tokens.admin!, receiver.port);
});
afterAll(async () => {
  await t.close();
  closeEmailChannels();
  await receiver.close();
});

const subjectsTo = (address: string, key: string) =>
  mails(receiver)
    .filter((mail) => mail.to.includes(address) && mail.headers.subject?.startsWith(`[${key}]`))
    .map((mail) => mail.headers.subject);

function unsubscribePath(mail: { headers: Record<string, string> }): string {
  return new URL(/^<([^>]+)>$/.exec(mail.headers['list-unsubscribe'] ?? '')![1]!).pathname;
}

async function userId(email: string): Promise<string> {
  const rows = await t.context.db.execute<{ id: string }>(sql`select id from users where email = ${email}`);
  return rows.rows[0]!.id;
}

describe('following a ticket', () => {
  let key: string;

  it('is for those who may see it; agents may add anyone, with or without an account', async () => {
    ({ key } = await fileRequest(t, tokens.dev!, 'start-request-only-staging', { environment: 'bugfix1x2' }));
    await waitForStatus(t, tokens.dev!, key, 'waiting_for_approval');
    expect((await t.api('PUT', `/api/v1/tickets/${key}/subscription`, { token: tokens.pm })).status).toBe(
      404,
    );
    const follow = await t.api('PUT', `/api/v1/tickets/${key}/subscription`, { token: tokens.infra });
    expect(follow.body).toEqual({ following: true });
    const added = await t.api('POST', `/api/v1/tickets/${key}/subscribers`, {
      token: tokens.infra,
      body: { email: 'auditor@example.com', name: 'Audit Team' },
    });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ email: 'auditor@example.com', name: 'Audit Team', userId: null });
    const twice = await t.api('POST', `/api/v1/tickets/${key}/subscribers`, {
      token: tokens.infra,
      body: { email: 'auditor@example.com' },
    });
    expect(twice.status).toBe(409);
    const listed = await t.api('GET', `/api/v1/tickets/${key}/subscribers`, { token: tokens.infra });
    expect(listed.body.map((entry: { email: string }) => entry.email)).toEqual([
      'infra@opsdesk.local',
      'auditor@example.com',
    ]);
    expect((await t.api('GET', `/api/v1/tickets/${key}/subscribers`, { token: tokens.dev })).status).toBe(
      403,
    );
  });

  it('brings the ticket’s news to its followers', async () => {
    const approved = await t.api('POST', `/api/v1/tickets/${key}/approve`, { token: tokens.lead, body: {} });
    expect(approved.status).toBe(200);
    await waitForStatus(t, tokens.dev!, key, 'waiting_for_customer');
    for (const address of ['dev@opsdesk.local', 'infra@opsdesk.local', 'auditor@example.com']) {
      await mailTo(receiver, address, `[${key}] Approved`);
      await mailTo(receiver, address, `[${key}] Done, please confirm`);
    }
    // Nobody followed it when it was filed: that news went to the requester only.
    expect(subjectsTo('infra@opsdesk.local', key).sort()).toEqual([
      `[${key}] Approved: ${title}`,
      `[${key}] Done, please confirm: ${title}`,
    ]);
    const auditor = await mailTo(receiver, 'auditor@example.com', `[${key}] Approved`);
    expect(auditor.headers.to).toBe('Audit Team <auditor@example.com>');
  });

  it('stops for someone without an account through the unsubscribe link', async () => {
    const mail = await mailTo(receiver, 'auditor@example.com', `[${key}] Approved`);
    const path = unsubscribePath(mail);
    const page = await t.api('GET', path);
    expect(page.status).toBe(200);
    expect(page.body).toContain('Stop receiving updates about the ticket you follow?');
    const done = await t.api('POST', path, { body: '', headers: form });
    expect(done.body).toContain('You will not receive updates about the ticket you follow any more.');
    expect((await t.api('POST', path, { body: '', headers: form })).body).toContain('You are unsubscribed');
    const listed = await t.api('GET', `/api/v1/tickets/${key}/subscribers`, { token: tokens.infra });
    expect(listed.body.map((entry: { email: string }) => entry.email)).toEqual(['infra@opsdesk.local']);
    await t.api('POST', `/api/v1/tickets/${key}/transitions`, {
      token: tokens.dev,
      body: { name: 'confirm' },
    });
    await mailTo(receiver, 'infra@opsdesk.local', `[${key}] Closed`);
    // The requester confirmed it themselves: no "Closed" for them (issue 21).
    expect(subjectsTo('dev@opsdesk.local', key)).not.toContain(`[${key}] Closed: ${title}`);
    expect(subjectsTo('auditor@example.com', key)).not.toContain(`[${key}] Closed: ${title}`);
  });
});

describe('following a saved search', () => {
  it('tells the follower about tickets that come to match it, if they may see them', async () => {
    const body = { name: 'Waiting on customers', query: { status: 'waiting_for_customer' } };
    const saved = await t.api('POST', '/api/v1/notifications/saved-searches', { token: tokens.admin, body });
    expect(saved.status).toBe(201);
    expect(saved.body).toMatchObject(body);
    await t.api('POST', '/api/v1/notifications/saved-searches', { token: tokens.pm, body });
    const invalid = await t.api('POST', '/api/v1/notifications/saved-searches', {
      token: tokens.pm,
      body: { name: 'x', query: { colour: 'red' } },
    });
    expect(invalid.status).toBe(400);
    const { key } = await fileAndApprove(
      t,
      { requester: tokens.dev!, approver: tokens.lead! },
      'start-request-only-staging',
      {
        environment: 'promo-2x',
      },
    );
    await waitForStatus(t, tokens.dev!, key, 'waiting_for_customer');
    const mail = await mailTo(receiver, 'admin@opsdesk.local', `[${key}] Done, please confirm`);
    expect(mail.headers.to).toBe('Ada Admin <admin@opsdesk.local>');
    await mailTo(receiver, 'dev@opsdesk.local', `[${key}] Done, please confirm`);
    expect(subjectsTo('admin@opsdesk.local', key)).toEqual([
      `[${key}] Done, please confirm: Start Request Only Multistaging: promo-2x`,
    ]);
    expect(subjectsTo('pm@opsdesk.local', key)).toEqual([]);
  });
});

describe('preferences, the digest and the bell', () => {
  let key: string;

  it('hold, drop or send each event as the person chose', async () => {
    const saved = await t.api('PUT', '/api/v1/notifications/preferences', {
      token: tokens.dev,
      body: {
        digestHour: 6,
        events: [
          { event: 'request.approved', email: 'off', inApp: true },
          { event: 'request.fulfilled', email: 'digest', inApp: false },
        ],
      },
    });
    expect(saved.status).toBe(200);
    expect(saved.body.digestHour).toBe(6);
    expect(saved.body.events.find((entry: { event: string }) => entry.event === 'request.fulfilled')).toEqual(
      {
        event: 'request.fulfilled',
        label: 'Request fulfilled',
        email: 'digest',
        inApp: false,
      },
    );
    ({ key } = await fileAndApprove(
      t,
      { requester: tokens.dev!, approver: tokens.lead! },
      'start-request-only-staging',
      {
        environment: 'feature-payments',
      },
    ));
    await waitForStatus(t, tokens.dev!, key, 'waiting_for_customer');
    const held = await eventually(async () => {
      const log = await t.api('GET', `/api/v1/tickets/${key}/deliveries`, { token: tokens.infra });
      return log.body.find(
        (delivery: { event: string; channel: string; recipient: { address: string } }) =>
          delivery.event === 'request.fulfilled' &&
          delivery.channel === 'email' &&
          delivery.recipient.address === 'dev@opsdesk.local',
      );
    }, 'the fulfilled email held for the digest');
    expect(held.status).toBe('digest_pending');
    await mailTo(receiver, 'dev@opsdesk.local', `[${key}] We received your request`);
    expect(subjectsTo('dev@opsdesk.local', key)).toEqual([
      `[${key}] We received your request: Start Request Only Multistaging: feature-payments`,
    ]);
    // The bell: no receipt of one's own filing, and one unread entry per ticket (issue 21).
    const inbox = await t.api('GET', '/api/v1/notifications?unread=true', { token: tokens.dev });
    const titles = inbox.body.items.map((item: { title: string }) => item.title);
    expect(titles.filter((title: string) => title.startsWith(`[${key}]`))).toEqual([
      `[${key}] Approved: Start Request Only Multistaging: feature-payments`,
    ]);
    expect(titles.filter((title: string) => title.includes('We received your request'))).toEqual([]);
  });

  it('schedules the digest for the chosen hour and sends the held news in one email', async () => {
    const dev = await userId('dev@opsdesk.local');
    const job = await t.context.db.execute<{ run_at: string }>(
      sql`select run_at from graphile_worker.jobs where key = ${`digest:${dev}`}`,
    );
    const runAt = new Date(job.rows[0]!.run_at);
    expect([runAt.getUTCHours(), runAt.getUTCMinutes(), runAt.getUTCSeconds()]).toEqual([6, 0, 0]);
    expect(runAt.getTime() - Date.now()).toBeGreaterThan(0);
    expect(runAt.getTime() - Date.now()).toBeLessThanOrEqual(86_400_000);
    // What the worker does at that hour:
    await sendDigest(t.context, dev);
    const digest = await mailTo(receiver, 'dev@opsdesk.local', 'Opsdesk: 1 update for you');
    expect(digest.text).toContain(
      `- [${key}] Done, please confirm: Start Request Only Multistaging: feature-payments (`,
    );
    expect(digest.text).toContain(`  ${publicUrl}/tickets/${key}\n`);
    expect(digest.headers['list-unsubscribe']).toMatch(/^<https:\/\/opsdesk\.test\/u\//);
    const log = await t.api('GET', `/api/v1/tickets/${key}/deliveries`, { token: tokens.infra });
    const item = log.body.find(
      (delivery: { event: string; channel: string; recipient: { address: string } }) =>
        delivery.event === 'request.fulfilled' &&
        delivery.channel === 'email' &&
        delivery.recipient.address === 'dev@opsdesk.local',
    );
    expect(item.status).toBe('digested');
  });

  it('counts unread notifications and marks them read, one or all', async () => {
    const before = (await t.api('GET', '/api/v1/notifications/unread-count', { token: tokens.dev })).body
      .unread;
    const inbox = await t.api('GET', '/api/v1/notifications?limit=1', { token: tokens.dev });
    const first = inbox.body.items[0];
    expect(inbox.body.nextCursor).not.toBeNull();
    expect(
      (await t.api('POST', `/api/v1/notifications/${first.id}/read`, { token: tokens.dev })).status,
    ).toBe(204);
    expect(
      (await t.api('GET', '/api/v1/notifications/unread-count', { token: tokens.dev })).body.unread,
    ).toBe(before - 1);
    expect((await t.api('POST', `/api/v1/notifications/${first.id}/read`, { token: tokens.pm })).status).toBe(
      404,
    );
    const all = await t.api('POST', '/api/v1/notifications/read-all', { token: tokens.dev });
    expect(all.body.marked).toBe(before - 1);
    expect(
      (await t.api('GET', '/api/v1/notifications/unread-count', { token: tokens.dev })).body.unread,
    ).toBe(0);
  });

  it('turns one kind of email off from its unsubscribe link, without signing in (RFC 8058 one-click)', async () => {
    const mail = await mailTo(receiver, 'dev@opsdesk.local', `[${key}] We received your request`);
    const path = unsubscribePath(mail);
    expect((await t.api('GET', path)).body).toContain('Stop receiving emails about “request filed”?');
    const done = await t.api('POST', path, { body: 'List-Unsubscribe=One-Click', headers: form });
    expect(done.status).toBe(200);
    const preferences = await t.api('GET', '/api/v1/notifications/preferences', { token: tokens.dev });
    expect(
      preferences.body.events.find((entry: { event: string }) => entry.event === 'request.filed'),
    ).toEqual({
      event: 'request.filed',
      label: 'Request filed',
      email: 'off',
      inApp: true,
    });
    const tampered = `${path.slice(0, -3)}abc`;
    expect((await t.api('POST', tampered, { body: '', headers: form })).status).toBe(400);
  });
});

describe('a follower’s preferences', () => {
  it('hold for the news of a ticket they follow, as for their own', async () => {
    // Read with the ticket's subscriptions (issue 18): a follower who turned "Approved" off gets
    // the "Done" email only.
    const saved = await t.api('PUT', '/api/v1/notifications/preferences', {
      token: tokens.infra,
      body: { events: [{ event: 'request.approved', email: 'off', inApp: false }] },
    });
    expect(saved.status).toBe(200);
    const { key } = await fileRequest(t, tokens.dev!, 'start-request-only-staging', {
      environment: 'bugfix1x2',
    });
    await waitForStatus(t, tokens.dev!, key, 'waiting_for_approval');
    expect((await t.api('PUT', `/api/v1/tickets/${key}/subscription`, { token: tokens.infra })).status).toBe(
      200,
    );
    expect(
      (await t.api('POST', `/api/v1/tickets/${key}/approve`, { token: tokens.lead, body: {} })).status,
    ).toBe(200);
    await waitForStatus(t, tokens.dev!, key, 'waiting_for_customer');
    await mailTo(receiver, 'infra@opsdesk.local', `[${key}] Done, please confirm`);
    // The "Approved" occurrence was dispatched: email for the requester, none for the follower.
    const approvedTo = await eventually(async () => {
      const found = await t.context.db.execute<{ dispatched: boolean; addresses: string[] | null }>(sql`
        select e.dispatched_at is not null as dispatched,
               (select array_agg(d.recipient_address order by d.recipient_address) from notification_deliveries d
                 where d.event_id = e.id and d.channel = 'email') as addresses
          from notification_events e join tickets t on t.id = e.ticket_id
         where t.key = ${key} and e.event = 'request.approved'`);
      return found.rows[0]?.dispatched ? found.rows[0] : undefined;
    }, 'the approval dispatched');
    expect(approvedTo.addresses ?? []).not.toContain('infra@opsdesk.local');
    expect(subjectsTo('infra@opsdesk.local', key)).toEqual([`[${key}] Done, please confirm: ${title}`]);
  });
});
