// Scheduled notifications and the SLA entry point: a fulfilled request waiting for its requester
// is reminded before it closes by itself (then the closure is told), unless it moved on; an SLA
// warning or breach reported for a ticket reaches its team and the team's lead, once.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor, withTransaction } from '../../db/client.js';
import { startTestApp, type TestApp } from '../../testing/harness.js';
import { fileAndApprove, waitForStatus } from '../../testing/tickets.js';
import { closeEmailChannels } from './channels/email-settings.service.js';
import { notifySlaEvent, reportSlaEvent, type SlaEvent } from './pipeline/sla-events.js';
import { configureSmtp, mails, mailTo, publicUrl } from './testing/pipeline.js';
import { type SmtpReceiver, startSmtpReceiver } from './testing/smtp-receiver.js';

let t: TestApp;
let receiver: SmtpReceiver;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  receiver = await startSmtpReceiver();
  t = await startTestApp({
    worker: true,
    // Requests close 4.32 s after fulfilment; the reminder comes half-way (the wait is shorter than 2 × 24 h).
    config: {
      OPSDESK_PUBLIC_URL: publicUrl,
      OPSDESK_AUTO_CLOSE_DAYS: '0.00005',
      OPSDESK_ALLOW_PRIVATE_NETWORKS: '1',
    },
  });
  for (const name of ['admin', 'dev', 'pm', 'lead', 'infra'])
    tokens[name] = await t.login(`${name}@opsdesk.local`);
  await configureSmtp(t, tokens.admin!, receiver.port);
});
afterAll(async () => {
  await t.close();
  closeEmailChannels();
  await receiver.close();
});

const subjectsAbout = (key: string) =>
  mails(receiver)
    .filter((mail) => mail.headers.subject?.startsWith(`[${key}]`))
    .map((mail) => `${mail.to.join(',')}: ${mail.headers.subject?.split(':')[0]}`);

describe('waiting for the requester', () => {
  it('reminds the requester before auto-close, then tells them it closed', async () => {
    const { key } = await fileAndApprove(
      t,
      { requester: tokens.dev!, approver: tokens.lead! },
      'start-request-only-staging',
      { environment: 'bugfix1x2' },
    );
    await waitForStatus(t, tokens.dev!, key, 'waiting_for_customer');
    const reminder = await mailTo(receiver, 'dev@opsdesk.local', `[${key}] Reminder: please confirm`);
    expect(reminder.headers.subject).toBe(
      `[${key}] Reminder: please confirm Start Request Only Multistaging: bugfix1x2`,
    );
    expect(reminder.text).toContain('bugfix1x2 is running: https://bugfix1x2.staging.opsdesk.local');
    expect(reminder.text).toMatch(
      /Without an answer, the request closes by itself on \d{4}-\d\d-\d\d \d\d:\d\d UTC\./,
    );
    const closed = await mailTo(receiver, 'dev@opsdesk.local', `[${key}] Closed`);
    expect(closed.text).toMatch(/is closed: nobody answered for \d seconds\. Thank you\./);
    // Each once (jobs run concurrently, so arrival order is not asserted).
    expect(subjectsAbout(key).sort()).toEqual([
      `dev@opsdesk.local: [${key}] Approved`,
      `dev@opsdesk.local: [${key}] Closed`,
      `dev@opsdesk.local: [${key}] Done, please confirm`,
      `dev@opsdesk.local: [${key}] Reminder`,
      `dev@opsdesk.local: [${key}] We received your request`,
      `lead@opsdesk.local: [${key}] Approval needed`,
    ]);
  });

  it('does not remind a requester who already answered', async () => {
    const { key } = await fileAndApprove(
      t,
      { requester: tokens.pm!, approver: tokens.lead! },
      'start-request-only-staging',
      { environment: 'promo-2x' },
    );
    await waitForStatus(t, tokens.pm!, key, 'waiting_for_customer');
    await t.api('POST', `/api/v1/tickets/${key}/transitions`, {
      token: tokens.pm,
      body: { name: 'confirm' },
    });
    await waitForStatus(t, tokens.pm!, key, 'closed');
    // Past the moment the reminder was due.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(subjectsAbout(key).filter((line) => line.includes('Reminder'))).toEqual([]);
    // Nor told "Closed" right after saying it works: it was their own doing (issue 21).
    expect(subjectsAbout(key).filter((line) => line.includes('Closed'))).toEqual([]);
  });
});

describe('SLA warnings and breaches (the entry point of the SLA clocks)', () => {
  let ticketId: string;
  let key: string;
  let event: SlaEvent;

  beforeAll(async () => {
    const lead = await t.context.db.execute<{ id: string }>(
      sql`select id from users where email = 'lead@opsdesk.local'`,
    );
    // Lena joins the team as a member; Indra leads it.
    const joined = await t.api('PUT', `/api/v1/teams/infrastructure/members/${lead.rows[0]!.id}`, {
      token: tokens.admin,
      body: { isLead: false },
    });
    expect(joined.status).toBe(204);
    ({ key } = await fileAndApprove(
      t,
      { requester: tokens.dev!, approver: tokens.lead! },
      'start-request-only-staging',
      { environment: 'feature-payments' },
    ));
    const row = await t.context.db.execute<{ id: string }>(sql`select id from tickets where key = ${key}`);
    ticketId = row.rows[0]!.id;
    event = {
      kind: 'breached',
      ticketId,
      policyName: 'Start Request Only Multistaging',
      metric: { key: 'time_to_fulfilment', name: 'Time to fulfilment' },
      goalSeconds: 525,
      elapsedSeconds: 1_000,
      dueAt: new Date('2026-03-12T02:31:50Z'),
      at: new Date('2026-03-12T02:39:45Z'),
    };
  });

  it('tells the team and its lead about a breach, once however often it is reported', async () => {
    expect(await reportSlaEvent(t.context, event)).toBe(true);
    expect(await reportSlaEvent(t.context, event)).toBe(false);
    const subject = `[${key}] SLA breached: time to fulfilment over by 7 minutes 55 seconds`;
    const lead = await mailTo(receiver, 'infra@opsdesk.local', subject);
    await mailTo(receiver, 'lead@opsdesk.local', subject);
    expect(lead.text).toContain('Hello Infrastructure team,');
    expect(lead.text).toContain(
      'missed its time to fulfilment goal of 8 minutes 45 seconds at 2026-03-12 02:31 UTC. It has now taken 16 minutes 40 seconds, 7 minutes 55 seconds over.',
    );
    expect(lead.text).toContain(`Open the ticket: ${publicUrl}/tickets/${key}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(
      mails(receiver)
        .filter((mail) => mail.headers.subject === subject)
        .flatMap((mail) => mail.to)
        .sort(),
    ).toEqual(['infra@opsdesk.local', 'lead@opsdesk.local']);
  });

  it('tells a warning with the time left', async () => {
    expect(await reportSlaEvent(t.context, { ...event, kind: 'warning', elapsedSeconds: 420 })).toBe(true);
    const mail = await mailTo(receiver, 'infra@opsdesk.local', `[${key}] SLA warning`);
    expect(mail.headers.subject).toBe(
      `[${key}] SLA warning: 1 minute 45 seconds left for time to fulfilment`,
    );
  });

  it("is part of the caller's transaction: rolled back, nothing is sent", async () => {
    const other = { ...event, dueAt: new Date('2026-03-13T00:00:00Z') };
    await expect(
      withTransaction(t.context.db, systemActor('sla'), async (tx) => {
        expect(await notifySlaEvent(tx, other)).toBe(true);
        throw new Error('the SLA change failed');
      }),
    ).rejects.toThrow('the SLA change failed');
    const recorded = await t.context.db.execute<{ count: number }>(
      sql`select count(*)::int as count from notification_events where ticket_id = ${ticketId} and event like 'sla.%'`,
    );
    expect(recorded.rows[0]!.count).toBe(2);
  });
});
