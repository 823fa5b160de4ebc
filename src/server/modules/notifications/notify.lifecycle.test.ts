// A request's life told by email, through the whole pipeline (ticket event → job → render →
// SMTP) with the real worker and a real SMTP server on loopback; the approver decides with the
// emailed one-click link, which then cannot be reused or forged.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../testing/harness.js';
import { fileRequest, waitForStatus } from '../../testing/tickets.js';
import { closeEmailChannels } from './channels/email-settings.service.js';
import {
  configureSmtp,
  eventually,
  linkTokens,
  type Mail,
  mails,
  mailTo,
  publicUrl,
} from './testing/pipeline.js';
import { type SmtpReceiver, startSmtpReceiver } from './testing/smtp-receiver.js';

let t: TestApp;
let receiver: SmtpReceiver;
let dev: string;
let infra: string;

beforeAll(async () => {
  receiver = await startSmtpReceiver();
  t = await startTestApp({
    worker: true,
    config: { OPSDESK_PUBLIC_URL: publicUrl, OPSDESK_ALLOW_PRIVATE_NETWORKS: '1' },
  });
  const admin = await t.login('admin@opsdesk.local');
  [dev, infra] = await Promise.all([t.login('dev@opsdesk.local'), t.login('infra@opsdesk.local')]);
  await configureSmtp(t, admin, receiver.port);
});
afterAll(async () => {
  await t.close();
  closeEmailChannels();
  await receiver.close();
});

const form = { 'content-type': 'application/x-www-form-urlencoded' };
const title = 'Start Request Only Multistaging: bugfix1x2';

function expectThreadedMail(mail: Mail, key: string, to: string) {
  expect(mail.headers.from).toBe('Opsdesk <notifications@opsdesk.test>');
  expect(mail.headers.to).toBe(to);
  expect(mail.headers['message-id']).toMatch(/^<dlv_[0-9a-f]{32}@opsdesk\.test>$/);
  expect(mail.headers['in-reply-to']).toBe(`<ticket.${key}@opsdesk.test>`);
  expect(mail.headers.references).toBe(`<ticket.${key}@opsdesk.test>`);
  expect(mail.headers['auto-submitted']).toBe('auto-generated');
  expect(mail.headers['list-unsubscribe']).toMatch(
    /^<https:\/\/opsdesk\.test\/u\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+>$/,
  );
  expect(mail.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
}

describe("a request's life by email", () => {
  let key: string;
  let approveToken: string;
  let declineToken: string;

  it('tells the requester the request was filed', async () => {
    key = (await fileRequest(t, dev, 'start-request-only-staging', { environment: 'bugfix1x2' })).key;
    const mail = await mailTo(receiver, 'dev@opsdesk.local', `[${key}] We received your request`);
    expectThreadedMail(mail, key, 'Dewi Developer <dev@opsdesk.local>');
    expect(mail.headers.subject).toBe(`[${key}] We received your request: ${title}`);
    expect(mail.text).toContain('Hello Dewi Developer,');
    expect(mail.text).toContain(`Your request "${title}" (${key}) was filed.`);
    expect(mail.text).toContain('Staging environment: bugfix1x2\n');
    expect(mail.text).toContain(`View the request: ${publicUrl}/tickets/${key}\n`);
    expect(mail.html).toContain(`href="${publicUrl}/tickets/${key}"`);
    expect(mail.html).toContain('We received your request ' + key);
  });

  it('asks the lead (the requester’s manager) with approve and decline links', async () => {
    const mail = await mailTo(receiver, 'lead@opsdesk.local', `[${key}] Approval needed`);
    expectThreadedMail(mail, key, 'Lena Lead <lead@opsdesk.local>');
    expect(mail.headers.subject).toBe(`[${key}] Approval needed: ${title}`);
    expect(mail.text).toContain('Hello Lena Lead,');
    expect(mail.text).toContain(
      `Dewi Developer filed "${title}" (${key}). It cannot be fulfilled until you approve it.`,
    );
    expect(mail.text).toContain('Requested by: Dewi Developer (dev@opsdesk.local)');
    const tokens = linkTokens(mail.text ?? '', 'a');
    expect(tokens).toHaveLength(2);
    [approveToken, declineToken] = tokens as [string, string];
    expect(mail.text).toContain(
      `Approve: ${publicUrl}/a/${approveToken}\nDecline: ${publicUrl}/a/${declineToken}`,
    );
    expect(mail.html).toContain(`href="${publicUrl}/a/${approveToken}"`);
    expect(mail.html).toContain(`href="${publicUrl}/a/${declineToken}"`);
  });

  it('shows a confirmation page on GET and changes nothing (mail scanners open links)', async () => {
    const page = await t.api('GET', `/a/${approveToken}`);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.body).toContain(`<h1>Approve ${key}?</h1>`);
    expect(page.body).toContain('Lena Lead, Dewi Developer asks for your approval.');
    expect(page.body).toContain('<tr><th>Staging environment</th><td>bugfix1x2</td></tr>');
    expect(page.body).toContain(`formaction="/a/${approveToken}"`);
    expect(page.body).toContain(`formaction="/a/${declineToken}"`);
    const again = await t.api('GET', `/a/${approveToken}`);
    expect(again.status).toBe(200);
    const ticket = await t.api('GET', `/api/v1/tickets/${key}`, { token: dev });
    expect(ticket.body.status).toBe('waiting_for_approval');
  });

  it('approves on POST as the lead, with the comment, and the request moves on to fulfilment', async () => {
    const done = await t.api('POST', `/a/${approveToken}`, {
      body: 'comment=Go+ahead%2C+stop+it+tonight',
      headers: form,
    });
    expect(done.status).toBe(200);
    expect(done.body).toContain(`<h1>You approved ${key}</h1>`);
    const ticket = await waitForStatus(t, dev, key, 'waiting_for_customer');
    expect(ticket.approvals).toEqual([
      expect.objectContaining({
        state: 'approved',
        comment: 'Go ahead, stop it tonight',
        approver: expect.objectContaining({ email: 'lead@opsdesk.local' }),
      }),
    ]);
    expect(
      ticket.history.map((entry: { transition: string; actor: { name: string } }) => [
        entry.transition,
        entry.actor.name,
      ]),
    ).toContainEqual(['approve', 'Lena Lead']);
  });

  it('tells the requester it was approved, then fulfilled, with the result', async () => {
    const approved = await mailTo(receiver, 'dev@opsdesk.local', `[${key}] Approved`);
    expectThreadedMail(approved, key, 'Dewi Developer <dev@opsdesk.local>');
    expect(approved.headers.subject).toBe(`[${key}] Approved: ${title}`);
    expect(approved.text).toContain(`Lena Lead approved your request "${title}" (${key}).`);
    expect(approved.text).toContain('Lena Lead added:\nGo ahead, stop it tonight\n');
    const fulfilled = await mailTo(receiver, 'dev@opsdesk.local', `[${key}] Done, please confirm`);
    expectThreadedMail(fulfilled, key, 'Dewi Developer <dev@opsdesk.local>');
    expect(fulfilled.text).toContain('bugfix1x2 is running: https://bugfix1x2.staging.opsdesk.local\n');
    expect(fulfilled.html).toContain('bugfix1x2 is running: https://bugfix1x2.staging.opsdesk.local');
    expect(fulfilled.text).toContain(`Confirm or report a problem: ${publicUrl}/tickets/${key}`);
  });

  it('refuses the used link, and its decline twin, and changes nothing', async () => {
    for (const token of [approveToken, declineToken]) {
      const again = await t.api('POST', `/a/${token}`, { body: 'comment=again', headers: form });
      expect(again.status).toBe(409);
      expect(again.body).toContain('This link was already used');
      expect((await t.api('GET', `/a/${token}`)).status).toBe(409);
    }
    const ticket = await t.api('GET', `/api/v1/tickets/${key}`, { token: dev });
    expect(ticket.body.status).toBe('waiting_for_customer');
    expect(ticket.body.approvals).toHaveLength(1);
    expect(
      ticket.body.history.filter((entry: { transition: string }) => entry.transition === 'approve'),
    ).toHaveLength(1);
  });

  it('refuses forged and tampered links', async () => {
    const [payload, signature] = approveToken.split('.') as [string, string];
    const flipped = signature.slice(0, -2) + (signature.at(-2) === 'A' ? 'B' : 'A') + signature.at(-1);
    const otherPayload = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')), a: 'decline' }),
    ).toString('base64url');
    for (const token of [`${payload}.${flipped}`, `${otherPayload}.${signature}`]) {
      const response = await t.api('POST', `/a/${token}`, { body: '', headers: form });
      expect(response.status).toBe(403);
      expect(response.body).toContain('This link is not valid');
    }
    expect((await t.api('GET', '/a/not-a-token')).status).toBe(400);
  });

  it('sent each message once, and logs every delivery on the ticket for agents', async () => {
    const ids = mails(receiver).map((mail) => mail.headers['message-id']);
    expect(new Set(ids).size).toBe(ids.length);
    const log = await eventually(async () => {
      const response = await t.api('GET', `/api/v1/tickets/${key}/deliveries`, { token: infra });
      const email = response.body.filter((delivery: { channel: string }) => delivery.channel === 'email');
      return email.length === 4 && email.every((delivery: { status: string }) => delivery.status === 'sent')
        ? (email as { event: string; recipient: { address: string }; messageId: string }[])
        : undefined;
    }, 'four sent emails in the delivery log');
    expect(log.map((delivery) => [delivery.event, delivery.recipient.address]).sort()).toEqual([
      ['approval.requested', 'lead@opsdesk.local'],
      ['request.approved', 'dev@opsdesk.local'],
      ['request.filed', 'dev@opsdesk.local'],
      ['request.fulfilled', 'dev@opsdesk.local'],
    ]);
    for (const delivery of log) expect(ids).toContain(delivery.messageId);
    expect((await t.api('GET', `/api/v1/tickets/${key}/deliveries`, { token: dev })).status).toBe(403);
  });

  it('put the others’ news in the in-app inbox, one unread entry per ticket (issue 21)', async () => {
    const inbox = await t.api('GET', '/api/v1/notifications', { token: dev });
    expect(inbox.status).toBe(200);
    // Filing was the requester's own doing: the receipt goes by email only, not to the bell.
    expect(inbox.body.items.map((item: { title: string }) => item.title)).toEqual([
      `[${key}] Done, please confirm: ${title}`,
      `[${key}] Approved: ${title}`,
    ]);
    expect(inbox.body.unread).toBe(1);
  });
});

describe('the other outcomes', () => {
  it('tells the requester which fields failed verification, and why', async () => {
    const { key } = await fileRequest(t, dev, 'start-request-only-staging', { environment: 'nope' });
    const mail = await mailTo(receiver, 'dev@opsdesk.local', `[${key}] Your request could not be accepted`);
    expect(mail.headers.subject).toBe(
      `[${key}] Your request could not be accepted: Start Request Only Multistaging: nope`,
    );
    expect(mail.text).toContain(
      '- Staging environment "nope": there is no staging environment named "nope".\n',
    );
    expect(mail.html).toContain('there is no staging environment named &#34;nope&#34;.');
    // A template preview against this ticket reads the event's facts as the dispatch did.
    const preview = await t.api(
      'POST',
      '/api/v1/admin/notifications/templates/request.verification_failed/preview',
      { token: await t.login('admin@opsdesk.local'), body: { ticketKey: key } },
    );
    expect(preview.status).toBe(200);
    expect(preview.body.notes).toEqual([]);
    expect(preview.body.rendered.text).toContain(
      '- Staging environment "nope": there is no staging environment named "nope".\n',
    );
  });

  it('declines through the emailed link, with the approver’s reason for the requester', async () => {
    const pm = await t.login('pm@opsdesk.local');
    const { key } = await fileRequest(t, pm, 'start-request-only-staging', { environment: 'promo-2x' });
    const approval = await mailTo(receiver, 'lead@opsdesk.local', `[${key}] Approval needed`);
    const [, decline] = linkTokens(approval.text ?? '', 'a') as [string, string];
    const done = await t.api('POST', `/a/${decline}`, { body: 'comment=Not+this+week', headers: form });
    expect(done.status).toBe(200);
    expect(done.body).toContain(`<h1>You declined ${key}</h1>`);
    await waitForStatus(t, pm, key, 'cancelled');
    const declined = await mailTo(receiver, 'pm@opsdesk.local', `[${key}] Declined`);
    expect(declined.text).toContain('Lena Lead declined your request');
    expect(declined.text).toContain('Their reason:\n\nNot this week\n');
    // It speaks of a decline, not of a cancellation.
    expect(declined.text).toContain('Status: Declined');
    expect(declined.text).not.toMatch(/cancel/i);
  });

  it('calls the agent team when the automation fails', async () => {
    const admin = await t.login('admin@opsdesk.local');
    const environment = await t.api('POST', '/api/v1/environments', {
      token: admin,
      body: { name: 'broken-start', requestOnly: true, state: 'stopped', faults: ['environment.start'] },
    });
    expect(environment.status).toBe(201);
    const lead = await t.login('lead@opsdesk.local');
    const { key } = await fileRequest(t, dev, 'start-request-only-staging', { environment: 'broken-start' });
    await waitForStatus(t, dev, key, 'waiting_for_approval');
    await t.api('POST', `/api/v1/tickets/${key}/approve`, { token: lead, body: {} });
    await waitForStatus(t, dev, key, 'need_further_support');
    const mail = await mailTo(receiver, 'infra@opsdesk.local', `[${key}] Needs further support`);
    expect(mail.headers.to).toBe('Indra Infra <infra@opsdesk.local>');
    expect(mail.text).toContain('Hello Infrastructure team,');
    expect(mail.text).toContain(
      `The automation failed on ${key} "Start Request Only Multistaging: broken-start":`,
    );
    expect(mail.text).toContain('environment.start failed on broken-start');
    expect(mail.text).toContain('Team: Infrastructure\n');
  });
});
