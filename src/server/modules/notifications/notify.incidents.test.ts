// Incident communications (seed 001): composed by an incident manager, sent through the queue to
// the mailing lists covering the incident's services and regions (members need no account),
// rendered per audience, unsubscribable with one click, with a history per incident.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../testing/harness.js';
import { closeEmailChannels } from './channels/email-settings.service.js';
import { configureSmtp, eventually, mails, mailTo, publicUrl } from './testing/pipeline.js';
import { type SmtpReceiver, startSmtpReceiver } from './testing/smtp-receiver.js';

let t: TestApp;
let receiver: SmtpReceiver;
let admin: string;
let infra: string;
const lists: Record<string, string> = {};

beforeAll(async () => {
  receiver = await startSmtpReceiver();
  t = await startTestApp({
    worker: true,
    config: { OPSDESK_PUBLIC_URL: publicUrl, OPSDESK_ALLOW_PRIVATE_NETWORKS: '1' },
  });
  [admin, infra] = await Promise.all([t.login('admin@opsdesk.local'), t.login('infra@opsdesk.local')]);
  await configureSmtp(t, admin, receiver.port);
  const audiences = [
    {
      key: 'apac-staging',
      name: 'APAC staging users',
      services: ['Staging Servers'],
      regions: ['Asia Pacific (Singapore)'],
      timeZone: 'Asia/Singapore',
      members: ['ops-sg@partner.example', 'pm@opsdesk.local'],
    },
    {
      key: 'eu-staging',
      name: 'EU staging users',
      services: ['Staging Servers'],
      regions: ['Europe (Ireland)'],
      timeZone: 'Europe/Dublin',
      members: ['ops-ie@partner.example'],
    },
    {
      key: 'everyone',
      name: 'Everyone',
      services: [],
      regions: [],
      timeZone: 'UTC',
      members: ['ceo@example.com'],
    },
    {
      key: 'payments',
      name: 'Payments stakeholders',
      services: ['Payments'],
      regions: [],
      timeZone: 'UTC',
      members: ['pay@example.com'],
    },
  ];
  for (const { members, ...list } of audiences) {
    const created = await t.api('POST', '/api/v1/mailing-lists', { token: admin, body: list });
    expect(created.status).toBe(201);
    lists[list.key] = created.body.id;
    for (const email of members) {
      const member = await t.api('POST', `/api/v1/mailing-lists/${created.body.id}/members`, {
        token: admin,
        body: { email },
      });
      expect(member.status).toBe(201);
    }
  }
});
afterAll(async () => {
  await t.close();
  closeEmailChannels();
  await receiver.close();
});

const started = {
  reference: 'INC-311',
  phase: 'started',
  title: 'Staging environments unreachable in Singapore',
  description: 'Staging environments in Singapore do not answer; deployments to them fail.',
  status: 'investigating',
  serviceStatus: 'major_outage',
  regions: ['Asia Pacific (Singapore)'],
  services: ['Staging Servers'],
  components: ['Internal load balancer'],
  impactStart: '2026-03-12T01:40:00Z',
  workaround: 'Deploy to the staging environments in Europe (Ireland).',
  nextUpdateAt: '2026-03-12T02:30:00Z',
  message: 'We are aware that staging environments in Singapore are unreachable and are investigating.',
};

describe('incident communications', () => {
  let startedId: string;

  it('links a member with an account to the account, and lists members without one', async () => {
    const apac = await t.api('GET', `/api/v1/mailing-lists/${lists['apac-staging']}`, { token: infra });
    expect(apac.status).toBe(200);
    expect(
      apac.body.memberList.map((member: { email: string; userId: string | null }) => [
        member.email,
        Boolean(member.userId),
      ]),
    ).toEqual([
      ['ops-sg@partner.example', false],
      ['pm@opsdesk.local', true],
    ]);
  });

  it('are composed by an incident manager and go to the lists covering their services and regions', async () => {
    const created = await t.api('POST', '/api/v1/incident-communications', { token: infra, body: started });
    expect(created.status).toBe(201);
    startedId = created.body.id;
    expect(created.body).toMatchObject({
      state: 'draft',
      event: 'incident.started',
      authorLabel: 'Indra Infra',
    });
    expect(created.body.audiences.map((list: { key: string }) => list.key)).toEqual([
      'apac-staging',
      'everyone',
    ]);
  });

  it('preview per audience, dates in each audience’s time zone', async () => {
    const preview = await t.api('GET', `/api/v1/incident-communications/${startedId}/preview`, {
      token: infra,
    });
    expect(preview.status).toBe(200);
    expect(
      preview.body.map((entry: { audience: string; timeZone: string }) => [entry.audience, entry.timeZone]),
    ).toEqual([
      ['APAC staging users', 'Asia/Singapore'],
      ['Everyone', 'UTC'],
    ]);
    expect(preview.body[0].rendered.text).toContain('Impact start time: 2026-03-12 09:40:00');
    expect(preview.body[1].rendered.text).toContain('Impact start time: 2026-03-12 01:40:00 UTC');
    expect(receiver.count()).toBe(0);
  });

  it('send through the queue to members with and without accounts, with the seed’s fields', async () => {
    const sent = await t.api('POST', `/api/v1/incident-communications/${startedId}/send`, { token: infra });
    expect(sent.status).toBe(200);
    expect(sent.body.state).toBe('sent');
    const subject = '[INC-311] Major outage: Staging environments unreachable in Singapore';
    const outsider = await mailTo(receiver, 'ops-sg@partner.example', subject);
    expect(outsider.headers.subject).toBe(subject);
    expect(outsider.headers.to).toBe('ops-sg@partner.example');
    expect(outsider.text).toContain('Dear all,');
    expect(outsider.text).toContain(started.message);
    expect(outsider.text).toContain(`Description: ${started.description}\n`);
    expect(outsider.text).toContain('Service(s) status: MAJOR OUTAGE\n');
    expect(outsider.text).toContain('Impacted region(s): Asia Pacific (Singapore)\n');
    expect(outsider.text).toContain('Impacted service(s): Staging Servers\n');
    expect(outsider.text).toContain('Component(s): Internal load balancer\n');
    expect(outsider.text).toContain('Impact start time: 2026-03-12 09:40:00');
    expect(outsider.text).toContain(`Known workaround: ${started.workaround}\n`);
    expect(outsider.text).toContain(`Incident: ${publicUrl}/incidents/INC-311`);
    const member = await mailTo(receiver, 'pm@opsdesk.local', subject);
    expect(member.headers.to).toBe('Putra Product <pm@opsdesk.local>');
    expect(member.text).toContain('Impact start time: 2026-03-12 01:40:00 UTC');
    await mailTo(receiver, 'ceo@example.com', subject);
    await eventually(async () => {
      const log = await t.api('GET', `/api/v1/incident-communications/${startedId}/deliveries`, {
        token: infra,
      });
      const email = log.body.filter((delivery: { channel: string }) => delivery.channel === 'email');
      return email.length === 3 && email.every((delivery: { status: string }) => delivery.status === 'sent')
        ? true
        : undefined;
    }, 'three incident emails sent');
    const recipients = mails(receiver)
      .flatMap((mail) => mail.to)
      .sort();
    expect(recipients).toEqual(['ceo@example.com', 'ops-sg@partner.example', 'pm@opsdesk.local']);
  });

  it('cannot be changed or sent again once sent', async () => {
    const patch = await t.api('PATCH', `/api/v1/incident-communications/${startedId}`, {
      token: infra,
      body: { message: 'changed' },
    });
    expect(patch.status).toBe(409);
    const again = await t.api('POST', `/api/v1/incident-communications/${startedId}/send`, { token: infra });
    expect(again.status).toBe(409);
  });

  it('lets a member without an account leave the list with one click (RFC 8058)', async () => {
    const mail = await mailTo(receiver, 'ops-sg@partner.example', '[INC-311]');
    expect(mail.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    const url = new URL(/^<([^>]+)>$/.exec(mail.headers['list-unsubscribe'] ?? '')![1]!);
    const page = await t.api('GET', url.pathname);
    expect(page.body).toContain('Stop receiving messages to the mailing list “APAC staging users”?');
    const done = await t.api('POST', url.pathname, {
      body: 'List-Unsubscribe=One-Click',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(done.status).toBe(200);
    expect(done.body).toContain('You are unsubscribed');
    const apac = await t.api('GET', `/api/v1/mailing-lists/${lists['apac-staging']}`, { token: admin });
    expect(apac.body.members).toBe(1);
    const left = apac.body.memberList.find(
      (entry: { email: string }) => entry.email === 'ops-sg@partner.example',
    );
    expect(left.unsubscribedAt).not.toBeNull();
  });

  it('resolve the incident with impact end and root cause, and keep its history', async () => {
    const missingEnd = await t.api('POST', '/api/v1/incident-communications', {
      token: infra,
      body: { ...started, phase: 'resolved', status: 'resolved', serviceStatus: 'operational' },
    });
    expect(missingEnd.status).toBe(400);
    expect(missingEnd.body.error.details).toEqual([
      { field: 'body.impactEnd', message: 'a resolution says when the impact ended' },
    ]);
    const resolved = await t.api('POST', '/api/v1/incident-communications', {
      token: infra,
      body: {
        ...started,
        phase: 'resolved',
        status: 'resolved',
        serviceStatus: 'operational',
        impactEnd: '2026-03-12T03:05:00Z',
        workaround: null,
        rootCause: 'The TLS certificate of the internal load balancer expired.',
        message: 'The certificate was replaced and every staging environment answers again.',
      },
    });
    expect(resolved.status).toBe(201);
    await t.api('POST', `/api/v1/incident-communications/${resolved.body.id}/send`, { token: infra });
    const mail = await mailTo(receiver, 'ceo@example.com', '[INC-311] Resolved');
    expect(mail.headers.subject).toBe('[INC-311] Resolved: Staging environments unreachable in Singapore');
    expect(mail.text).toContain('Impact end time: 2026-03-12 03:05:00 UTC\n');
    expect(mail.text).toContain('Root cause: The TLS certificate of the internal load balancer expired.\n');
    expect(mail.text).not.toContain('Known workaround');
    await mailTo(receiver, 'pm@opsdesk.local', '[INC-311] Resolved');
    const history = await eventually(async () => {
      const response = await t.api('GET', '/api/v1/incidents/INC-311/communications', { token: infra });
      return response.body[0]?.deliveries?.sent === 3 ? response.body : undefined;
    }, 'the resolution delivered');
    expect(
      history.map((entry: { phase: string; deliveries: Record<string, number> }) => [
        entry.phase,
        entry.deliveries,
      ]),
    ).toEqual([
      // Emails, plus the bell of the member with an account (pm).
      ['resolved', { sent: 3 }],
      ['started', { sent: 4 }],
    ]);
    // pm (an account) and the CEO; the member who left hears nothing more.
    expect(
      mails(receiver)
        .filter((entry) => entry.headers.subject?.includes('Resolved'))
        .flatMap((entry) => entry.to)
        .sort(),
    ).toEqual(['ceo@example.com', 'pm@opsdesk.local']);
  });

  it('refuse to send to nobody, and are for incident managers only', async () => {
    const nobody = await t.api('POST', '/api/v1/incident-communications', {
      token: infra,
      body: { ...started, reference: 'INC-312', mailingListIds: [] },
    });
    const send = await t.api('POST', `/api/v1/incident-communications/${nobody.body.id}/send`, {
      token: infra,
    });
    expect(send.status).toBe(409);
    expect(send.body.error.code).toBe('no_audience');
    const dev = await t.login('dev@opsdesk.local');
    expect(
      (await t.api('POST', '/api/v1/incident-communications', { token: dev, body: started })).status,
    ).toBe(403);
  });
});
