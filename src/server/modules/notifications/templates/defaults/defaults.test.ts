import { describe, expect, it } from 'vitest';
import { renderNotification, validateNotificationTemplate } from '../../../../lib/templates.js';
import { type NotificationEvent, notificationEvents, sampleContext } from '../../pipeline/events.js';
import { defaultTemplates } from './index.js';

const fulfilmentResult =
  'staging-7 is running (instance i-0a1b2c3d4e5f60718, 10.20.7.14). It answered https://staging-7.example.com after 7 minutes 12 seconds.';

// What a reader of the plain-text part must learn from each default, from the samples by hand.
// Sample dates are shown in the sample recipient's zone: Asia/Ho_Chi_Minh (GMT+7) for requests,
// Europe/Paris (CET in March before the change) for incidents.
const keyFacts: Record<NotificationEvent, string[]> = {
  'request.filed': [
    'Request: REQ-1042 — Start staging-7 for the payment QA run',
    'Type: Start Request Only Multistaging',
    'Environment: staging-7',
    'Filed: 2026-03-12 09:15 GMT+7',
    'View the request: https://opsdesk.example.com/portal/requests/REQ-1042',
  ],
  'request.verification_failed': [
    '- Environment "staging-99": There is no staging environment named staging-99.',
    'the request was cancelled',
    'Status: Cancelled',
  ],
  'approval.requested': [
    'Linh Nguyen filed "Start staging-7 for the payment QA run" (REQ-1042)',
    'Requested by: Linh Nguyen (linh.nguyen@example.com)',
    'Approve: https://opsdesk.example.com/actions/sample-approve-token',
    'Decline: https://opsdesk.example.com/actions/sample-decline-token',
    'These links work until 2026-03-19 09:15 GMT+7',
  ],
  'request.approved': [
    'Minh Tran approved your request',
    'Fine for the QA run; stop it when you are done.',
    'Decided: 2026-03-12 09:22 GMT+7',
  ],
  'request.declined': [
    'Minh Tran declined your request',
    'staging-7 is reserved for the release rehearsal today.',
    'talk to Minh Tran (minh.tran@example.com)',
  ],
  'request.fulfilled': [
    fulfilmentResult,
    'Took: 8 minutes 45 seconds',
    'closes by itself on 2026-03-15 09:31 GMT+7',
    'Confirm or report a problem: https://opsdesk.example.com/portal/requests/REQ-1042',
  ],
  'request.need_further_support': [
    'The automation failed on REQ-1042',
    'EC2 StartInstances: InsufficientInstanceCapacity in ap-southeast-1a.\nRetried 3 times.',
    'Assignee: An Pham',
    'Team: Infrastructure',
  ],
  'request.waiting_for_customer_reminder': [
    'was fulfilled 2 days ago',
    fulfilmentResult,
    'closes by itself on 2026-03-15 09:31 GMT+7',
  ],
  'sla.warning': [
    'Metric: Time to resolution',
    'Goal: 8 minutes 45 seconds',
    'Elapsed: 7 minutes',
    'Remaining: 1 minute 45 seconds',
    'Due: 2026-03-12 09:31 GMT+7',
    'Team: Infrastructure',
  ],
  'sla.breached': [
    'Goal: 8 minutes 45 seconds',
    'Elapsed: 16 minutes 40 seconds',
    'Over by: 7 minutes 55 seconds',
    'Team: Infrastructure',
  ],
  'request.closed': ['is closed: you confirmed that it works', 'Time to resolution: 47 minutes'],
  'incident.started': [
    'Staging Servers, Self-service portal are disrupted',
    'Description: Staging environments in Singapore do not answer; deployments to them fail.',
    'Service(s) status: MAJOR OUTAGE',
    'Impacted region(s): Asia Pacific (Singapore)',
    'Impacted service(s): Staging Servers, Self-service portal',
    'Component(s): Internal load balancer, Staging EC2 instances',
    'Impact start time: 2026-03-12 02:40:00 CET',
    'Known workaround: Deploy to the staging environments in Europe (Ireland), which are not affected.',
    'Next update: 2026-03-12 03:30 CET',
    'Status page: https://status.example.com/incidents/INC-311',
  ],
  'incident.updated': [
    'We found the cause and are replacing the load balancer certificate.',
    'Service(s) status: PARTIAL OUTAGE',
    'Known workaround: Deploy to the staging environments in Europe (Ireland)',
    'Next update: 2026-03-12 04:00 CET',
  ],
  'incident.resolved': [
    'is over and service is restored',
    'Service(s) status: OPERATIONAL',
    'Impact start time: 2026-03-12 02:40:00 CET',
    'Impact end time: 2026-03-12 04:05:00 CET',
    'Root cause: The TLS certificate of the internal load balancer expired; its automatic renewal had been disabled.',
  ],
  'ticket.opened': [
    'Linh Nguyen opened "Staging environments unreachable',
    'It is assigned to An Pham.',
    'Status: New',
  ],
  'ticket.assigned': ['Minh Tran assigned "Staging environments unreachable', 'to you (Infrastructure)'],
  'ticket.resolved': [
    'is resolved together with INC-310',
    'The load balancer in Singapore was restarted',
    'If it still does not work for you, answer on the ticket and it reopens.',
  ],
};

function render(event: NotificationEvent, context: Record<string, unknown> = sampleContext(event)) {
  const result = renderNotification(defaultTemplates[event], context);
  if (!result.ok) throw new Error(`${event}: ${JSON.stringify(result.problem)}`);
  return result.notification;
}

describe.each(notificationEvents)('default template of %s', (event) => {
  it('validates against its sample context', () => {
    expect(validateNotificationTemplate(defaultTemplates[event], sampleContext(event))).toEqual({ ok: true });
  });

  it('states the key facts in its plain-text part, and the ticket in its subject', () => {
    const { subject, text } = render(event);
    const ticketKey = event.startsWith('incident.') || event.startsWith('ticket.') ? 'INC-311' : 'REQ-1042';
    expect(subject.startsWith(`[${ticketKey}] `)).toBe(true);
    for (const fact of keyFacts[event]) expect(text).toContain(fact);
    expect(text).not.toMatch(/\{\{|\{%|<[a-z]/);
  });

  it('has HTML that a mail client renders without fetching anything', () => {
    const { html } = render(event);
    expect(html).not.toMatch(/<img|<script|<link|<style|\burl\(|\bsrc=/i);
    const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((match) => match[1]);
    expect(hrefs.length).toBeGreaterThan(0);
    for (const href of hrefs) expect(href).toMatch(/^(https:\/\/(opsdesk|status)\.example\.com|mailto:)/);
    expect(html).not.toMatch(/\{\{|\{%/);
  });
});

describe('default templates with real-world data', () => {
  it('leave out what an incident does not have yet', () => {
    const context = sampleContext('incident.started');
    Object.assign(context.incident, {
      impactEnd: null,
      workaround: null,
      rootCause: null,
      nextUpdateAt: null,
    });
    context.links.statusPage = null;
    context.links.unsubscribe = null;
    const { text, html } = render('incident.started', context);
    expect(text).not.toMatch(/Expected end|Known workaround|Next update|Status page|Unsubscribe/);
    expect(text).toContain('Incident: https://opsdesk.example.com/incidents/INC-311');
    expect(html).toContain('>View INC-311</a>');
  });

  it('escape a hostile ticket title in HTML', () => {
    const context = sampleContext('request.filed');
    context.ticket.title = '<a href="https://evil.example">Reset your password</a>';
    const { html, text } = render('request.filed', context);
    expect(html).not.toContain('<a href="https://evil.example">');
    expect(html).toContain('&lt;a href=&#34;https://evil.example&#34;&gt;Reset your password&lt;/a&gt;');
    expect(text).toContain('"<a href="https://evil.example">Reset your password</a>" (REQ-1042)');
  });
});
