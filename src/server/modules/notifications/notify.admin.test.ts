// What admins configure: the SMTP server (validated, its password sealed and never shown), the
// rules (seeded with the defaults), and templates (a broken one refused with line and reason,
// previewed live against a real ticket, and used for what is sent).
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../testing/harness.js';
import { fileRequest, waitForStatus } from '../../testing/tickets.js';
import { defaultRules } from './audiences/rules.js';
import { closeEmailChannels, loadSmtpSettings } from './channels/email-settings.service.js';
import { configureSmtp, mailTo, publicUrl } from './testing/pipeline.js';
import { type SmtpReceiver, startSmtpReceiver } from './testing/smtp-receiver.js';

let t: TestApp;
let admin: string;
let dev: string;
const receivers: SmtpReceiver[] = [];

beforeAll(async () => {
  t = await startTestApp({
    worker: true,
    config: { OPSDESK_PUBLIC_URL: publicUrl, OPSDESK_ALLOW_PRIVATE_NETWORKS: '1' },
  });
  [admin, dev] = await Promise.all([t.login('admin@opsdesk.local'), t.login('dev@opsdesk.local')]);
});
afterAll(async () => {
  await t.close();
  closeEmailChannels();
  for (const receiver of receivers) await receiver.close();
});

const smtp = (overrides: Record<string, unknown> = {}) => ({
  host: '127.0.0.1',
  port: 2525,
  security: 'none',
  from: { name: 'Opsdesk', address: 'notifications@opsdesk.test' },
  ...overrides,
});

describe('rules', () => {
  it('start as the defaults, for every event', async () => {
    const response = await t.api('GET', '/api/v1/admin/notifications/rules', { token: admin });
    expect(response.status).toBe(200);
    const seeded = Object.fromEntries(
      response.body.map((entry: { event: string; rules: { audience: string }[] }) => [
        entry.event,
        entry.rules.map((rule) => rule.audience).sort(),
      ]),
    );
    expect(seeded).toEqual(
      Object.fromEntries(
        Object.entries(defaultRules).map(([event, audiences]) => [event, [...audiences].sort()]),
      ),
    );
    expect(seeded['sla.breached']).toEqual(['agent_team', 'team_lead']);
    expect(seeded['approval.requested']).toEqual(['approver']);
  });

  it('refuse a chat rule without a webhook', async () => {
    const response = await t.api('PUT', '/api/v1/admin/notifications/rules/sla.warning', {
      token: admin,
      body: { rules: [{ audience: 'chat' }] },
    });
    expect(response.status).toBe(400);
    expect(response.body.error.details).toEqual([
      { field: 'rules.0.chatWebhookId', message: 'name an existing chat webhook' },
    ]);
  });

  it('are for admins only', async () => {
    expect((await t.api('GET', '/api/v1/admin/notifications/rules', { token: dev })).status).toBe(403);
  });
});

describe('SMTP settings', () => {
  it('are validated before they are stored', async () => {
    const response = await t.api('PUT', '/api/v1/admin/notifications/email', {
      token: admin,
      body: smtp({ from: { name: 'Opsdesk', address: 'not an address' } }),
    });
    expect(response.status).toBe(400);
    expect(response.body.error.details).toEqual([
      { field: 'from.address', message: 'Invalid email address' },
    ]);
  });

  it('keep the password sealed: never returned, not in the row, redacted in the audit log', async () => {
    const saved = await t.api('PUT', '/api/v1/admin/notifications/email', {
      token: admin,
      body: smtp({ auth: { user: 'mailer', pass: 'S3cret-pass' } }),
    });
    expect(saved.status).toBe(200);
    expect(saved.body.settings.auth).toEqual({ user: 'mailer', passwordSet: true });
    const read = await t.api('GET', '/api/v1/admin/notifications/email', { token: admin });
    expect(read.body).toMatchObject({ configured: true, settings: { host: '127.0.0.1', port: 2525 } });
    expect(JSON.stringify(read.body)).not.toContain('S3cret-pass');
    const stored = await t.context.db.execute<{ value: string }>(
      sql`select value_encrypted as value from notification_settings where key = 'smtp'`,
    );
    expect(stored.rows[0]!.value).toMatch(/^v1\./);
    expect(stored.rows[0]!.value).not.toContain('S3cret');
    const audit = await t.context.db.execute<{ after: Record<string, unknown> }>(
      sql`select after from audit_log where entity = 'notification_settings' order by id desc limit 1`,
    );
    expect(audit.rows[0]!.after.value_encrypted).toBe('[redacted]');
  });

  it('keep the stored password when it is left out', async () => {
    await t.api('PUT', '/api/v1/admin/notifications/email', {
      token: admin,
      body: smtp({ port: 2526, auth: { user: 'mailer' } }),
    });
    const stored = await loadSmtpSettings(t.context);
    expect(stored?.settings.port).toBe(2526);
    expect(stored?.settings.auth).toEqual({ user: 'mailer', pass: 'S3cret-pass' });
  });

  it('can be tested against the server: signing in works, or says why not', async () => {
    const server = await startSmtpReceiver({ login: { user: 'mailer', pass: 'S3cret-pass' } });
    receivers.push(server);
    await t.api('PUT', '/api/v1/admin/notifications/email', {
      token: admin,
      body: smtp({ port: server.port, auth: { user: 'mailer' } }),
    });
    const ok = await t.api('POST', '/api/v1/admin/notifications/email/test', { token: admin });
    expect(ok.body).toEqual({ ok: true, status: 'sent', detail: 'connection and authentication succeeded' });
    await t.api('PUT', '/api/v1/admin/notifications/email', {
      token: admin,
      body: smtp({ port: server.port, auth: { user: 'mailer', pass: 'wrong' } }),
    });
    const refused = await t.api('POST', '/api/v1/admin/notifications/email/test', { token: admin });
    expect(refused.body).toMatchObject({ ok: false, status: 'retryable' });
    expect(refused.body.detail).toMatch(/^auth_failed: /);
    expect(server.count()).toBe(0);
  });
});

const brokenHtml = '<p>Hello</p>\n<p>{{ ticket.key }}</p>\n<p>{{ ticket.fields.nope }}</p>';

describe('templates', () => {
  it('refuses a broken template with the part, line and reason', async () => {
    const response = await t.api('PUT', '/api/v1/admin/notifications/templates/request.filed', {
      token: admin,
      body: { subject: '[{{ ticket.key }}] {{ ticket.title | shout }}', html: brokenHtml, text: 'ok' },
    });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('template_invalid');
    expect(response.body.error.details).toEqual([
      { part: 'subject', kind: 'unknown_filter', line: 1, column: 38, message: 'unknown filter "shout"' },
      {
        part: 'html',
        kind: 'unknown_variable',
        line: 3,
        column: 7,
        message: 'unknown variable "ticket.fields.nope"',
      },
    ]);
    expect(response.body.error.message).toBe(
      'The template cannot be saved: subject line 1, column 38: unknown filter "shout"; html line 3, column 7: unknown variable "ticket.fields.nope"',
    );
    const stored = await t.api('GET', '/api/v1/admin/notifications/templates/request.filed', {
      token: admin,
    });
    expect(stored.body.customised).toBe(false);
  });

  it("accepts any request type's custom fields, dates with formats and zones, and goes back to the default", async () => {
    const template = {
      subject: '{{ ticket.key }} filed {{ ticket.createdAt | datetime: "yyyy-MM-dd", "Asia/Ho_Chi_Minh" }}',
      html: '<p>{{ ticket.fields.domain }} on {{ ticket.fields.environment }}</p>',
      text: '{{ ticket.fields.domain }} on {{ ticket.fields.environment }}',
    };
    const saved = await t.api('PUT', '/api/v1/admin/notifications/templates/request.closed', {
      token: admin,
      body: template,
    });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ customised: true, template, updatedBy: 'admin@opsdesk.local' });
    const list = await t.api('GET', '/api/v1/admin/notifications/templates', { token: admin });
    expect(list.body.find((entry: { event: string }) => entry.event === 'request.closed').customised).toBe(
      true,
    );
    const reset = await t.api('DELETE', '/api/v1/admin/notifications/templates/request.closed', {
      token: admin,
    });
    expect(reset.body.customised).toBe(false);
    expect(reset.body.template).toEqual(reset.body.default);
  });

  describe('live preview', () => {
    let key: string;
    let title: string;

    beforeAll(async () => {
      ({ key } = await fileRequest(t, dev, 'start-request-only-staging', { environment: 'bugfix1x2' }));
      title = (await waitForStatus(t, dev, key, 'waiting_for_approval')).title;
    });

    it('renders against a real ticket, as it was when the event happened', async () => {
      const response = await t.api('POST', '/api/v1/admin/notifications/templates/request.filed/preview', {
        token: admin,
        body: { ticketKey: key },
      });
      expect(response.status).toBe(200);
      expect(response.body.source).toBe('ticket');
      expect(response.body.problems).toEqual([]);
      expect(response.body.rendered.subject).toBe(`[${key}] We received your request: ${title}`);
      expect(response.body.rendered.text).toContain('Hello Ada Admin,');
      expect(response.body.rendered.text).toContain('Status: Waiting for verification\n');
      expect(response.body.rendered.text).toContain('Staging environment: bugfix1x2\n');
    });

    it('renders a draft being edited, with inert approval links', async () => {
      const response = await t.api(
        'POST',
        '/api/v1/admin/notifications/templates/approval.requested/preview',
        {
          token: admin,
          body: {
            ticketKey: key,
            template: {
              subject: 'Decide on {{ ticket.key }} for {{ requester.name }}',
              html: '<a href="{{ links.approve }}">yes</a>',
              text: '{{ ticket.fields.environment }}: {{ links.approve }}',
            },
          },
        },
      );
      expect(response.body.rendered).toEqual({
        subject: `Decide on ${key} for Dewi Developer`,
        html: `<a href="${publicUrl}/a/preview-approve">yes</a>`,
        text: `bugfix1x2: ${publicUrl}/a/preview-approve\n`,
      });
    });

    it('shows the problems of a broken draft instead of a rendering', async () => {
      const response = await t.api('POST', '/api/v1/admin/notifications/templates/request.filed/preview', {
        token: admin,
        body: { ticketKey: key, template: { subject: 'x', html: brokenHtml, text: 'ok' } },
      });
      expect(response.status).toBe(200);
      expect(response.body.rendered).toBeNull();
      expect(response.body.problems).toEqual([
        {
          part: 'html',
          kind: 'unknown_variable',
          line: 3,
          column: 7,
          message: 'unknown variable "ticket.fields.nope"',
        },
      ]);
    });

    it('says when the ticket never went through the event', async () => {
      const response = await t.api('POST', '/api/v1/admin/notifications/templates/request.declined/preview', {
        token: admin,
        body: { ticketKey: key },
      });
      expect(response.body.notes).toEqual([
        `${key} has not been through this event; its event-specific facts are placeholders.`,
      ]);
      expect(response.body.rendered.subject).toBe(`[${key}] Declined: ${title}`);
    });
  });

  it('sends with the saved template', async () => {
    const receiver = await startSmtpReceiver();
    receivers.push(receiver);
    await configureSmtp(t, admin, receiver.port);
    const saved = await t.api('PUT', '/api/v1/admin/notifications/templates/request.filed', {
      token: admin,
      body: {
        subject: 'Got it: {{ ticket.key }} ({{ ticket.fields.environment }})',
        html: '<p>{{ recipient.name }}, we have {{ ticket.key }}.</p>',
        text: '{{ recipient.name }}, we have {{ ticket.key }}.',
      },
    });
    expect(saved.status).toBe(200);
    const pm = await t.login('pm@opsdesk.local');
    const { key } = await fileRequest(t, pm, 'start-request-only-staging', { environment: 'promo-2x' });
    const mail = await mailTo(receiver, 'pm@opsdesk.local', `Got it: ${key}`);
    expect(mail.headers.subject).toBe(`Got it: ${key} (promo-2x)`);
    expect(mail.text).toBe(`Putra Product, we have ${key}.\n`);
    expect(mail.html).toBe(`<p>Putra Product, we have ${key}.</p>`);
  });
});
