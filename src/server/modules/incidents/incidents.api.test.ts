// Incidents through the HTTP API on a real PostgreSQL: the priority matrix, impact from the CMDB and
// the status it gives services, reports from the portal followed or attached to one incident and
// told when it resolves, a major incident's roles and stakeholder updates reaching a real SMTP
// server for a mailing list of people without accounts, and bad input refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../testing/harness.js';
import { closeEmailChannels } from '../notifications/channels/email-settings.service.js';
import { configureSmtp, eventually, mails, mailTo, publicUrl } from '../notifications/testing/pipeline.js';
import { type SmtpReceiver, startSmtpReceiver } from '../notifications/testing/smtp-receiver.js';

let t: TestApp;
let receiver: SmtpReceiver;
let admin: string;
let infra: string;
let lead: string;
let dev: string;
let pm: string;
const ci: Record<string, string> = {};

async function post(token: string, path: string, body: unknown, status = 201) {
  const response = await t.api('POST', path, { token, body });
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  return response.body;
}

beforeAll(async () => {
  receiver = await startSmtpReceiver();
  t = await startTestApp({
    worker: true,
    config: { OPSDESK_PUBLIC_URL: publicUrl, OPSDESK_ALLOW_PRIVATE_NETWORKS: 'true' },
  });
  [admin, infra, lead, dev, pm] = await Promise.all(
    ['admin', 'infra', 'lead', 'dev', 'pm'].map((name) => t.login(`${name}@opsdesk.local`)),
  );
  await configureSmtp(t, admin, receiver.port);
  ci.router = (
    await post(infra, '/api/v1/cis', { class: 'network_device', name: 'rtr-jkt-01', team: 'infrastructure' })
  ).id;
  ci.vpn = (
    await post(infra, '/api/v1/cis', {
      class: 'service',
      name: 'VPN',
      team: 'infrastructure',
      attributes: { criticality: 1, regions: ['Jakarta'] },
    })
  ).id;
  ci.finance = (await post(infra, '/api/v1/cis', { class: 'application', name: 'finance' })).id;
  ci.financeService = (
    await post(infra, '/api/v1/cis', {
      class: 'service',
      name: 'Finance',
      attributes: { regions: ['Jakarta'] },
    })
  ).id;
  await post(infra, `/api/v1/cis/${ci.vpn}/relations`, { type: 'depends_on', target: ci.router });
  await post(infra, `/api/v1/cis/${ci.finance}/relations`, { type: 'depends_on', target: ci.vpn });
  await post(infra, `/api/v1/cis/${ci.financeService}/relations`, { type: 'depends_on', target: ci.finance });
});
afterAll(async () => {
  await t.close();
  closeEmailChannels();
  await receiver.close();
});

describe('the priority matrix', () => {
  const cells: [string, string, string][] = [
    ['high', 'high', 'critical'],
    ['high', 'medium', 'high'],
    ['medium', 'high', 'high'],
    ['high', 'low', 'moderate'],
    ['medium', 'medium', 'moderate'],
    ['low', 'high', 'moderate'],
    ['medium', 'low', 'low'],
    ['low', 'medium', 'low'],
    ['low', 'low', 'planning'],
  ];
  it.each(cells)('impact %s × urgency %s gives %s', async (impact, urgency, priority) => {
    const incident = await post(infra, '/api/v1/incidents', {
      title: `matrix ${impact}/${urgency}`,
      impact,
      urgency,
    });
    expect([incident.kind, incident.key, incident.priority]).toEqual([
      'incident',
      expect.stringMatching(/^INC-\d+$/),
      priority,
    ]);
  });

  it('an admin edits the matrix and new incidents follow it; others may not', async () => {
    const matrix = (await t.api('GET', '/api/v1/incidents/priority-matrix', { token: infra })).body;
    expect(matrix.low.low).toBe('planning');
    const edited = { ...matrix, low: { ...matrix.low, low: 'low' } };
    expect(
      (await t.api('PUT', '/api/v1/incidents/priority-matrix', { token: infra, body: edited })).status,
    ).toBe(403);
    const saved = await t.api('PUT', '/api/v1/incidents/priority-matrix', { token: admin, body: edited });
    expect([saved.status, saved.body.low.low]).toEqual([200, 'low']);
    expect(
      (await post(infra, '/api/v1/incidents', { title: 'after edit', impact: 'low', urgency: 'low' }))
        .priority,
    ).toBe('low');
    await t.api('PUT', '/api/v1/incidents/priority-matrix', { token: admin, body: matrix });
  });
});

describe('impact from the CMDB and the status of services', () => {
  it('an incident on the router lists the services it reaches, with their paths, and they show its status', async () => {
    const incident = await post(infra, '/api/v1/incidents', {
      title: 'VPN connections drop when the router is busy',
      cis: ['rtr-jkt-01'],
      impact: 'high',
      urgency: 'high',
    });
    expect(incident.priority).toBe('critical');
    expect(incident.services.map((service: any) => [service.name, service.depth])).toEqual([
      ['VPN', 1],
      ['Finance', 3],
    ]);
    expect(incident.services[0].path).toEqual([ci.router, ci.vpn]);
    expect(incident.team.key).toBe('infrastructure');
    const services = (await t.api('GET', '/api/v1/services', { token: dev })).body;
    const status = (name: string) => services.find((service: any) => service.name === name).status;
    expect([status('VPN'), status('Finance')]).toEqual(['major_outage', 'major_outage']);

    // An agent's word overrides what the priority says; lowering urgency lowers the priority and the status.
    const changed = await t.api('PATCH', `/api/v1/incidents/${incident.key}`, {
      token: infra,
      body: { urgency: 'low' },
    });
    expect([changed.status, changed.body.priority]).toEqual([200, 'moderate']);
    const after = (await t.api('GET', '/api/v1/services', { token: dev })).body;
    expect(after.find((service: any) => service.name === 'VPN').status).toBe('degraded_performance');
    await t.api('PATCH', `/api/v1/incidents/${incident.key}`, {
      token: infra,
      body: { serviceStatus: 'partial_outage' },
    });
    expect(
      (await t.api('GET', '/api/v1/services', { token: dev })).body.find((s: any) => s.name === 'VPN').status,
    ).toBe('partial_outage');

    // Resolved: the services are operational again.
    const resolved = await t.api('POST', `/api/v1/tickets/${incident.key}/transitions`, {
      token: infra,
      body: { name: 'resolve', comment: 'Router firmware rolled back.' },
    });
    expect([resolved.status, resolved.body.status]).toEqual([200, 'resolved']);
    const final = (await t.api('GET', '/api/v1/services', { token: dev })).body;
    expect(final.find((service: any) => service.name === 'VPN').status).toBe('operational');
  });
});

describe('one incident, many reports (seed 002 steps 7–8)', () => {
  it('reporters are offered the open incident, follow it or are attached to it, and all are told when it resolves', async () => {
    const parent = await post(infra, '/api/v1/incidents', {
      title: 'VPN down in Jakarta',
      service: 'VPN',
      impact: 'high',
      urgency: 'medium',
    });
    await post(dev, '/api/v1/me/subscriptions', { service: 'Finance' });
    // dev follows Finance: typing "cannot access the finance application", the VPN incident reaching Finance is offered.
    const suggested = await t.api(
      'GET',
      '/api/v1/incidents/suggestions?q=cannot%20access%20the%20finance%20application',
      {
        token: dev,
      },
    );
    expect(suggested.status).toBe(200);
    expect(suggested.body.map((entry: any) => entry.key)).toContain(parent.key);
    expect(suggested.body.find((entry: any) => entry.key === parent.key).services).toContain('Finance');
    const mine = (await t.api('GET', '/api/v1/me/services', { token: dev })).body;
    expect(mine[0]).toMatchObject({ name: 'Finance', status: 'partial_outage', incidents: [parent.key] });
    const followed = await t.api('POST', `/api/v1/incidents/${parent.key}/follow`, { token: dev });
    expect(followed.status).toBe(200);

    // pm reports it anyway; an agent attaches pm's report to the open incident as a child.
    const duplicate = await post(pm, '/api/v1/incidents', {
      title: 'VPN does not connect',
      impact: 'low',
      urgency: 'medium',
    });
    expect(duplicate.team.key).toBe('helpdesk');
    const linked = await t.api('POST', `/api/v1/tickets/${duplicate.key}/links`, {
      token: infra,
      body: { type: 'child_of', target: parent.key },
    });
    expect(linked.status, JSON.stringify(linked.body)).toBe(201);

    await post(
      infra,
      `/api/v1/tickets/${parent.key}/transitions`,
      { name: 'resolve', comment: 'VPN gateway restarted.' },
      200,
    );
    const child = (await t.api('GET', `/api/v1/tickets/${duplicate.key}`, { token: pm })).body;
    expect(child.status).toBe('resolved');
    expect(child.comments.at(-1).body).toContain(`Resolved with ${parent.key}`);
    for (const [token, key] of [
      [dev, parent.key],
      [pm, duplicate.key],
    ] as const) {
      await eventually(async () => {
        const inbox = (await t.api('GET', '/api/v1/notifications', { token })).body.items;
        return inbox.some((item: any) => item.ticketKey === key && /Resolved/.test(item.title)) || undefined;
      }, `the resolution of ${key} in the inbox`);
    }
  });
});

describe('major incidents', () => {
  it('has roles, a timeline, and stakeholder updates emailed to a list of people without accounts', async () => {
    const list = await post(admin, '/api/v1/mailing-lists', {
      key: 'jakarta-vpn',
      name: 'Jakarta VPN users',
      services: ['VPN'],
      regions: [],
      timeZone: 'Asia/Jakarta',
    });
    await post(admin, `/api/v1/mailing-lists/${list.id}/members`, {
      email: 'branch-manager@partner.example',
    });
    const incident = await post(infra, '/api/v1/incidents', {
      title: 'VPN outage at the Jakarta branch',
      service: 'VPN',
      impact: 'high',
      urgency: 'high',
    });
    const declared = await t.api('POST', `/api/v1/incidents/${incident.key}/major`, {
      token: infra,
      body: { major: true, reason: 'Every branch user is cut off.' },
    });
    expect([declared.status, declared.body.incident.major]).toEqual([200, true]);
    for (const [role, user] of [
      ['commander', 'infra@opsdesk.local'],
      ['communications', 'lead@opsdesk.local'],
      ['scribe', 'me'],
    ]) {
      const assigned = await t.api('PUT', `/api/v1/incidents/${incident.key}/roles/${role}`, {
        token: infra,
        body: { user },
      });
      expect(assigned.status, JSON.stringify(assigned.body)).toBe(200);
    }
    const notAnAgent = await t.api('PUT', `/api/v1/incidents/${incident.key}/roles/scribe`, {
      token: infra,
      body: { user: 'dev@opsdesk.local' },
    });
    expect([notAnAgent.status, notAnAgent.body.error.message]).toEqual([
      400,
      expect.stringContaining('user'),
    ]);

    const updates = [
      { body: 'We know the Jakarta VPN is down and are investigating.', status: 'investigating' },
      {
        body: 'The VPN gateway lost its tunnel after a firmware update; rolling it back.',
        status: 'identified',
      },
      { body: 'Connections are back; we are watching them.', status: 'monitoring' },
    ];
    for (const update of updates) {
      await post(lead, `/api/v1/incidents/${incident.key}/updates`, {
        ...update,
        visibility: 'stakeholders',
        nextUpdateInMinutes: 30,
      });
    }
    await post(lead, `/api/v1/incidents/${incident.key}/updates`, {
      body: 'Firmware 17.3.4 is the suspect.',
      visibility: 'internal',
    });
    const first = await mailTo(receiver, 'branch-manager@partner.example', `[${incident.key}]`);
    expect(first.text).toContain('VPN');
    const toBranch = () =>
      mails(receiver).filter(
        (mail) =>
          mail.to.includes('branch-manager@partner.example') &&
          (mail.headers.subject ?? '').includes(incident.key),
      );
    await eventually(
      () => (toBranch().length === 3 ? true : undefined),
      'three updates to the branch manager',
    );
    const sent = toBranch().map((mail) => mail.text ?? '');
    for (const update of updates) expect(sent.some((text) => text.includes(update.body))).toBe(true);
    expect(sent.some((text) => text.includes('Firmware 17.3.4'))).toBe(false);

    const view = (await t.api('GET', `/api/v1/tickets/${incident.key}`, { token: infra })).body;
    expect(view.incident.roles.map((role: any) => [role.role, role.user.email]).sort()).toEqual([
      ['commander', 'infra@opsdesk.local'],
      ['communications', 'lead@opsdesk.local'],
      ['scribe', 'infra@opsdesk.local'],
    ]);
    expect(view.incident.timeline.map((entry: any) => entry.kind)).toEqual(
      expect.arrayContaining(['opened', 'major', 'role', 'update', 'note']),
    );
    expect(view.incident.nextUpdateDueAt).not.toBeNull();
    // A requester following the service sees the updates, not the internal note.
    await post(dev, '/api/v1/me/subscriptions', { service: 'VPN' });
    const asRequester = (await t.api('GET', `/api/v1/tickets/${incident.key}`, { token: dev })).body;
    expect(asRequester.incident.timeline.some((entry: any) => entry.kind === 'note')).toBe(false);
    expect(asRequester.incident.timeline.filter((entry: any) => entry.kind === 'update')).toHaveLength(3);
  });
});

describe('bad input is refused with the field named, and nothing is written', () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ['an unknown service', { title: 'x', service: 'Teleporter', impact: 'high', urgency: 'high' }, 'service'],
    ['an unknown CI', { title: 'x', cis: ['no-such-ci'], impact: 'high', urgency: 'high' }, 'cis.0'],
    ['an impact outside the keys', { title: 'x', impact: 'huge', urgency: 'high' }, 'impact'],
    ['an urgency outside the keys', { title: 'x', impact: 'high', urgency: 'now' }, 'urgency'],
    [
      'a CI that is not a service as the service',
      { title: 'x', service: 'rtr-jkt-01', impact: 'high', urgency: 'high' },
      'service',
    ],
  ];
  it.each(cases)('%s', async (_what, body, field) => {
    const before = (await t.api('GET', '/api/v1/tickets?kind=incident&limit=100', { token: admin })).body
      .items.length;
    const response = await t.api('POST', '/api/v1/incidents', { token: infra, body });
    expect(response.status).toBe(400);
    expect(response.body.error.message).toContain(field);
    expect(
      (await t.api('GET', '/api/v1/tickets?kind=incident&limit=100', { token: admin })).body.items.length,
    ).toBe(before);
  });

  it('a requester may report but not choose the team, nor link tickets; a link into a loop is refused', async () => {
    const denied = await t.api('POST', '/api/v1/incidents', {
      token: dev,
      body: { title: 'x', impact: 'low', urgency: 'low', team: 'infrastructure' },
    });
    expect(denied.status).toBe(403);
    const a = await post(infra, '/api/v1/incidents', { title: 'loop a', impact: 'low', urgency: 'low' });
    const b = await post(infra, '/api/v1/incidents', { title: 'loop b', impact: 'low', urgency: 'low' });
    await post(infra, `/api/v1/tickets/${a.key}/links`, { type: 'child_of', target: b.key });
    const loop = await t.api('POST', `/api/v1/tickets/${b.key}/links`, {
      token: infra,
      body: { type: 'child_of', target: a.key },
    });
    expect([loop.status, loop.body.error.message]).toEqual([400, expect.stringContaining('target')]);
    const self = await t.api('POST', `/api/v1/tickets/${a.key}/links`, {
      token: infra,
      body: { type: 'related_to', target: a.key },
    });
    expect([self.status, self.body.error.message]).toEqual([400, expect.stringContaining('target')]);
    expect(
      (
        await t.api('POST', `/api/v1/tickets/${a.key}/links`, {
          token: dev,
          body: { type: 'related_to', target: b.key },
        })
      ).status,
    ).toBe(403);
  });
});
