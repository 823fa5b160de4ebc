// Paging end to end on a real PostgreSQL, the real worker and a real SMTP server: an incident
// opened by an event rule on a service pages its policy's level 1, escalates to level 2 after the
// timeout (a "minute" is 700 ms here), and stops when acknowledged from the emailed link; the
// link works once; acknowledging from the API; every step on the incident's timeline.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../db/client.js';
import { startTestApp, type TestApp } from '../../testing/harness.js';
import { findCi } from '../cmdb/index.js';
import { findUserByEmail } from '../identity/index.js';
import { openIncidentAs } from '../incidents/index.js';
import { timelineOf } from '../incidents/timeline.js';
import { closeEmailChannels } from '../notifications/channels/email-settings.service.js';
import { configureSmtp, eventually, mails, mailTo, publicUrl } from '../notifications/testing/pipeline.js';
import { type SmtpReceiver, startSmtpReceiver } from '../notifications/testing/smtp-receiver.js';

let t: TestApp;
let receiver: SmtpReceiver;
let admin: string;
let infra: string;
let lead: string;
const user: Record<string, string> = {};
let serviceId: string;
let scheduleId: string;

beforeAll(async () => {
  receiver = await startSmtpReceiver();
  t = await startTestApp({
    worker: true,
    config: {
      OPSDESK_PUBLIC_URL: publicUrl,
      OPSDESK_ALLOW_PRIVATE_NETWORKS: 'true',
      OPSDESK_ONCALL_MINUTE_MS: '700',
    },
  });
  [admin, infra, lead] = await Promise.all(
    ['admin', 'infra', 'lead'].map((name) => t.login(`${name}@opsdesk.local`)),
  );
  await configureSmtp(t, admin, receiver.port);
  for (const name of ['infra', 'lead', 'dev'])
    user[name] = (await findUserByEmail(t.context.db, `${name}@opsdesk.local`))!.id;
  const service = await t.api('POST', '/api/v1/cis', {
    token: infra,
    body: { class: 'service', name: 'Payments API', team: 'infrastructure' },
  });
  expect(service.status, JSON.stringify(service.body)).toBe(201);
  serviceId = service.body.id;
  const schedule = await t.api('POST', '/api/v1/schedules', {
    token: admin,
    body: {
      name: 'Payments primary',
      timeZone: 'UTC',
      layers: [
        {
          name: 'Always infra',
          rotation: 'weekly',
          handoffTime: '09:00',
          startDate: '2026-01-05',
          members: [user.infra],
        },
      ],
    },
  });
  expect(schedule.status, JSON.stringify(schedule.body)).toBe(201);
  scheduleId = schedule.body.id;
});
afterAll(async () => {
  await t.close();
  closeEmailChannels();
  await receiver.close();
});

async function openFromEvent(title: string) {
  const ci = (await findCi(t.context.db, serviceId))!;
  return openIncidentAs(
    t.context,
    systemActor('events'),
    user.infra!,
    { title, impact: 'high', urgency: 'high' },
    {
      source: 'event',
      teamId: null,
      assigneeId: null,
      affected: [ci],
      serviceId,
    },
  );
}

const ackToken = (text: string) => text.match(/https:\/\/opsdesk\.test\/ack\/([A-Za-z0-9_.-]+)/)?.[1];

const timelineKinds = async (ticketId: string) =>
  (await timelineOf(t.context.db, ticketId)).map((entry) => `${entry.kind}: ${entry.body}`);

describe('an event-opened incident pages its service policy', () => {
  it('creates the policy naming its service; a level without targets is refused naming the field', async () => {
    const bad = await t.api('POST', '/api/v1/escalation-policies', {
      token: admin,
      body: { name: 'Bad', levels: [{ timeoutMinutes: 1, targets: [] }] },
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('levels.0.targets');
    const unknown = await t.api('POST', '/api/v1/escalation-policies', {
      token: admin,
      body: { name: 'Bad', levels: [{ timeoutMinutes: 1, targets: [{ type: 'schedule', id: user.infra }] }] },
    });
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(unknown.body)).toContain('levels.0.targets.0.id');
    const created = await t.api('POST', '/api/v1/escalation-policies', {
      token: admin,
      body: {
        name: 'Payments',
        repeat: 0,
        services: ['Payments API'],
        levels: [
          { timeoutMinutes: 2, targets: [{ type: 'schedule', id: scheduleId }] },
          { timeoutMinutes: 2, targets: [{ type: 'user', id: user.lead }] },
          { timeoutMinutes: 2, targets: [{ type: 'user', id: user.dev }] },
        ],
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.services).toEqual([{ id: serviceId, name: 'Payments API' }]);
    expect(created.body.levels[0].targets[0].name).toBe('Payments primary');
  });

  it('pages level 1, escalates to level 2 after the timeout, stops when acknowledged by the emailed link', async () => {
    const ticket = await openFromEvent('Payments API error rate above 5%');
    const first = await mailTo(receiver, 'infra@opsdesk.local', ticket.key);
    expect(first.headers.subject).toContain('[PAGE]');
    const second = await mailTo(receiver, 'lead@opsdesk.local', ticket.key, 10_000);
    const token = ackToken(second.text ?? '');
    expect(token).toBeDefined();

    // The GET only shows a confirmation: mail scanners open links.
    const shown = await t.app.inject({ method: 'GET', url: `/ack/${token}` });
    expect(shown.statusCode).toBe(200);
    expect(shown.body).toContain('Acknowledge');
    const acked = await t.app.inject({
      method: 'POST',
      url: `/ack/${token}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: '',
    });
    expect(acked.statusCode, acked.body).toBe(200);
    expect(acked.body).toContain('escalation stopped');

    // Single use: the same link again is refused.
    const again = await t.app.inject({
      method: 'POST',
      url: `/ack/${token}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: '',
    });
    expect(again.statusCode).toBe(409);

    // Level 3 would have come after two more "minutes" (1.4 s): it does not.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(mails(receiver).filter((mail) => mail.to.includes('dev@opsdesk.local'))).toEqual([]);
    const kinds = await timelineKinds(ticket.id);
    expect(kinds.filter((entry) => /^(page|escalation|acknowledgement):/.test(entry))).toEqual([
      expect.stringMatching(/^page: Paged Payments: level 1 notified Indra Infra/),
      expect.stringMatching(/^escalation: Escalated: level 2 notified Lena Lead/),
      expect.stringMatching(/^acknowledgement: Lena Lead acknowledged the page \(emailed link\)/),
    ]);
    const mine = await t.api('GET', '/api/v1/pages?mine=true', { token: lead });
    expect(mine.body[0]).toMatchObject({
      ticketKey: ticket.key,
      status: 'acknowledged',
      acknowledgedBy: { id: user.lead },
      acknowledgedVia: 'link',
    });
  });

  it('acknowledging from the API stops it at level 1; only someone paged may, and only once', async () => {
    const ticket = await openFromEvent('Payments API latency');
    await mailTo(receiver, 'infra@opsdesk.local', ticket.key);
    const pages = await t.api('GET', '/api/v1/pages?mine=true&status=triggered', { token: infra });
    const page = pages.body.find((candidate: { ticketKey: string }) => candidate.ticketKey === ticket.key);
    expect(page.notified).toEqual([{ id: user.infra, name: 'Indra Infra' }]);
    const notPaged = await t.api('POST', `/api/v1/pages/${page.id}/acknowledge`, { token: lead });
    expect(notPaged.status).toBe(403);
    const acked = await t.api('POST', `/api/v1/pages/${page.id}/acknowledge`, { token: infra });
    expect(acked.status, JSON.stringify(acked.body)).toBe(200);
    expect(acked.body).toMatchObject({ status: 'acknowledged', level: 1, acknowledgedVia: 'api' });
    const twice = await t.api('POST', `/api/v1/pages/${page.id}/acknowledge`, { token: infra });
    expect(twice.status).toBe(409);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    await eventually(
      async () => ((await timelineKinds(ticket.id)).length > 0 ? true : undefined),
      'timeline',
    );
    expect((await timelineKinds(ticket.id)).some((entry) => entry.startsWith('escalation:'))).toBe(false);
    expect(
      mails(receiver).some(
        (mail) => mail.to.includes('lead@opsdesk.local') && mail.headers.subject?.includes(ticket.key),
      ),
    ).toBe(false);
  });

  it('reports time to acknowledge per service and responder, and pages per person per week', async () => {
    const report = await t.api('GET', '/api/v1/oncall/reports', { token: admin });
    expect(report.status, JSON.stringify(report.body)).toBe(200);
    expect(report.body.byService).toEqual([
      { service: 'Payments API', pages: 2, acknowledged: 2, medianAckSeconds: expect.any(Number) },
    ]);
    expect(report.body.byResponder.map((row: { user: { name: string } }) => row.user.name).sort()).toEqual([
      'Indra Infra',
      'Lena Lead',
    ]);
    const load = Object.fromEntries(
      report.body.perPersonWeek.map((row: { user: { name: string }; pages: number }) => [
        row.user.name,
        row.pages,
      ]),
    );
    expect(load).toEqual({ 'Indra Infra': 2, 'Lena Lead': 1 });
  });

  it('a forged or foreign link is refused', async () => {
    const forged = await t.app.inject({ method: 'GET', url: '/ack/eyJ2IjoxfQ.AAAA' });
    expect(forged.statusCode).toBe(403);
  });
});
