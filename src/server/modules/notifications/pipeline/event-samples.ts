// A complete sample context per event: templates are validated against it when saved, and the
// admin's live preview shows it until a real ticket is chosen. "Complete" means every optional
// fact is filled in, so that each `{% if %}` branch of a template is exercised.
import type { EventContext, NotificationEvent } from './event-contexts.js';

const site = { name: 'Opsdesk', url: 'https://opsdesk.example.com' };
const requester = { id: 'usr_linh', name: 'Linh Nguyen', email: 'linh.nguyen@example.com' };
const approver = { id: 'usr_minh', name: 'Minh Tran', email: 'minh.tran@example.com' };
const agent = { id: 'usr_an', name: 'An Pham', email: 'an.pham@example.com' };
const infrastructureTeam = { name: 'Infrastructure', email: 'infra@example.com' };

function recipientFor(person: { name: string; email: string }) {
  return { name: person.name, email: person.email, timeZone: 'Asia/Ho_Chi_Minh', locale: 'en-GB' };
}

const requestLinks = {
  ticket: 'https://opsdesk.example.com/portal/requests/REQ-1042',
  unsubscribe: 'https://opsdesk.example.com/notifications/unsubscribe/sample-token',
};

function request(statusKey: string, statusName: string) {
  return {
    key: 'REQ-1042',
    title: 'Start staging-7 for the payment QA run',
    kind: 'service_request' as const,
    requestType: { key: 'start-request-only-staging', name: 'Start Request Only Multistaging' },
    status: { key: statusKey, name: statusName },
    priority: 'Medium',
    createdAt: '2026-03-12T02:15:00Z',
    updatedAt: '2026-03-12T02:31:40Z',
    fields: { environment: 'staging-7' },
    fieldList: [{ key: 'environment', label: 'Environment', value: 'staging-7' }],
  };
}

const requesterView = { site, recipient: recipientFor(requester), requester, links: requestLinks };
const agentView = { site, recipient: recipientFor(agent), requester, links: requestLinks };
const fulfilmentResult =
  'staging-7 is running (instance i-0a1b2c3d4e5f60718, 10.20.7.14). It answered https://staging-7.example.com after 7 minutes 12 seconds.';

const incidentTicket = {
  key: 'INC-311',
  title: 'Staging environments unreachable in Asia Pacific (Singapore)',
  kind: 'incident' as const,
  requestType: null,
  status: { key: 'investigating', name: 'Investigating' },
  priority: 'P1',
  createdAt: '2026-03-12T01:42:00Z',
  updatedAt: '2026-03-12T01:42:00Z',
  fields: { severity: 'SEV-2' },
  fieldList: [{ key: 'severity', label: 'Severity', value: 'SEV-2' }],
};

const incidentFacts = {
  regions: ['Asia Pacific (Singapore)'],
  services: ['Staging Servers', 'Self-service portal'],
  components: ['Internal load balancer', 'Staging EC2 instances'],
  impactStart: '2026-03-12T01:40:00Z',
  impactEnd: '2026-03-12T03:05:00Z',
  workaround: 'Deploy to the staging environments in Europe (Ireland), which are not affected.',
  rootCause:
    'The TLS certificate of the internal load balancer expired; its automatic renewal had been disabled.',
};

const incidentView = {
  site,
  recipient: {
    name: 'Stakeholders',
    email: 'staging-users@example.com',
    timeZone: 'Europe/Paris',
    locale: 'en-GB',
  },
  links: {
    ticket: 'https://opsdesk.example.com/incidents/INC-311',
    unsubscribe: 'https://opsdesk.example.com/notifications/unsubscribe/sample-token',
    statusPage: 'https://status.example.com/incidents/INC-311',
  },
};

export const eventSamples: { [E in NotificationEvent]: EventContext<E> } = {
  'request.filed': {
    ...requesterView,
    ticket: request('waiting_for_verification', 'Waiting for verification'),
  },
  'request.verification_failed': {
    ...requesterView,
    ticket: { ...request('cancelled', 'Cancelled'), fields: { environment: 'staging-99' } },
    verification: {
      checkedAt: '2026-03-12T02:15:04Z',
      reasons: [
        {
          field: 'environment',
          label: 'Environment',
          value: 'staging-99',
          reason: 'There is no staging environment named staging-99.',
        },
      ],
    },
  },
  'approval.requested': {
    ...requesterView,
    recipient: recipientFor(approver),
    ticket: request('waiting_for_approval', 'Waiting for approval'),
    approver,
    links: {
      ...requestLinks,
      ticket: 'https://opsdesk.example.com/approvals/REQ-1042',
      approve: 'https://opsdesk.example.com/actions/sample-approve-token',
      decline: 'https://opsdesk.example.com/actions/sample-decline-token',
    },
    approval: { requestedAt: '2026-03-12T02:15:05Z', linksExpireAt: '2026-03-19T02:15:05Z' },
  },
  'request.approved': {
    ...requesterView,
    ticket: request('in_progress', 'In progress'),
    approver,
    approval: {
      decidedAt: '2026-03-12T02:22:55Z',
      comment: 'Fine for the QA run; stop it when you are done.',
    },
  },
  'request.declined': {
    ...requesterView,
    ticket: request('cancelled', 'Declined'),
    approver,
    approval: {
      decidedAt: '2026-03-12T02:22:55Z',
      comment: 'staging-7 is reserved for the release rehearsal today.',
    },
  },
  'request.fulfilled': {
    ...requesterView,
    ticket: request('waiting_for_customer', 'Waiting for customer'),
    fulfilment: {
      result: fulfilmentResult,
      completedAt: '2026-03-12T02:31:40Z',
      durationSeconds: 525,
      autoCloseAt: '2026-03-15T02:31:40Z',
    },
  },
  'request.need_further_support': {
    ...agentView,
    ticket: request('need_further_support', 'Need further support'),
    team: infrastructureTeam,
    assignee: agent,
    escalation: {
      reason: 'automation_failed',
      reasonLabel: 'The automation failed',
      message: 'EC2 StartInstances: InsufficientInstanceCapacity in ap-southeast-1a.\nRetried 3 times.',
      at: '2026-03-12T02:40:10Z',
    },
  },
  'request.waiting_for_customer_reminder': {
    ...requesterView,
    ticket: request('waiting_for_customer', 'Waiting for customer'),
    reminder: {
      waitingSince: '2026-03-12T02:31:40Z',
      waitingSeconds: 172_800,
      autoCloseAt: '2026-03-15T02:31:40Z',
      result: fulfilmentResult,
    },
  },
  'sla.warning': {
    ...agentView,
    ticket: request('in_progress', 'In progress'),
    assignee: agent,
    sla: {
      name: 'Start Request Only Multistaging — resolution',
      metric: 'time_to_resolution',
      metricLabel: 'Time to resolution',
      goalSeconds: 525,
      elapsedSeconds: 420,
      remainingSeconds: 105,
      dueAt: '2026-03-12T02:31:50Z',
      team: infrastructureTeam,
    },
  },
  'sla.breached': {
    ...agentView,
    ticket: request('need_further_support', 'Need further support'),
    assignee: agent,
    sla: {
      name: 'Start Request Only Multistaging — resolution',
      metric: 'time_to_resolution',
      metricLabel: 'Time to resolution',
      goalSeconds: 525,
      elapsedSeconds: 1_000,
      overdueSeconds: 475,
      dueAt: '2026-03-12T02:31:50Z',
      breachedAt: '2026-03-12T02:31:50Z',
      team: infrastructureTeam,
    },
  },
  'request.closed': {
    ...requesterView,
    ticket: request('closed', 'Closed'),
    closure: {
      reason: 'confirmed_by_requester',
      reasonLabel: 'you confirmed that it works',
      closedAt: '2026-03-12T03:02:00Z',
      resolutionSeconds: 2_820,
    },
  },
  'incident.started': {
    ...incidentView,
    ticket: incidentTicket,
    incident: {
      ...incidentFacts,
      description: 'Staging environments in Singapore do not answer; deployments to them fail.',
      status: 'investigating',
      statusLabel: 'Investigating',
      serviceStatus: 'major_outage',
      serviceStatusLabel: 'Major outage',
      impact: 'major',
      nextUpdateAt: '2026-03-12T02:30:00Z',
      update: {
        message: 'We are aware that staging environments in Singapore are unreachable and are investigating.',
        postedAt: '2026-03-12T01:45:00Z',
        author: 'Minh Tran, communications officer',
      },
    },
  },
  'incident.updated': {
    ...incidentView,
    ticket: {
      ...incidentTicket,
      status: { key: 'identified', name: 'Identified' },
      updatedAt: '2026-03-12T02:28:00Z',
    },
    incident: {
      ...incidentFacts,
      description: 'The internal load balancer in Singapore rejects connections; a fix is being rolled out.',
      status: 'identified',
      statusLabel: 'Identified',
      serviceStatus: 'partial_outage',
      serviceStatusLabel: 'Partial outage',
      impact: 'major',
      nextUpdateAt: '2026-03-12T03:00:00Z',
      update: {
        message:
          'We found the cause and are replacing the load balancer certificate. Expect recovery within the hour.',
        postedAt: '2026-03-12T02:28:00Z',
        author: 'Minh Tran, communications officer',
      },
    },
  },
  'incident.resolved': {
    ...incidentView,
    ticket: {
      ...incidentTicket,
      status: { key: 'resolved', name: 'Resolved' },
      updatedAt: '2026-03-12T03:10:00Z',
    },
    incident: {
      ...incidentFacts,
      description: 'Staging environments in Singapore were unreachable for 1 hour 25 minutes.',
      status: 'resolved',
      statusLabel: 'Resolved',
      serviceStatus: 'operational',
      serviceStatusLabel: 'Operational',
      impact: 'major',
      nextUpdateAt: '2026-03-13T09:00:00Z',
      update: {
        message: 'The certificate was replaced at 03:05 UTC and every staging environment answers again.',
        postedAt: '2026-03-12T03:10:00Z',
        author: 'Minh Tran, communications officer',
      },
    },
  },
  'ticket.opened': {
    ...agentView,
    ticket: { ...incidentTicket, status: { key: 'new', name: 'New' } },
    team: infrastructureTeam,
    assignee: agent,
  },
  'ticket.assigned': {
    ...agentView,
    ticket: { ...incidentTicket, status: { key: 'in_progress', name: 'In progress' } },
    team: infrastructureTeam,
    assignee: agent,
    assignedBy: approver,
  },
  'ticket.resolved': {
    ...requesterView,
    ticket: { ...incidentTicket, status: { key: 'resolved', name: 'Resolved' } },
    resolution: {
      message: 'The load balancer in Singapore was restarted; staging environments answer again.',
      resolvedAt: '2026-03-12T03:05:00Z',
      resolvedWith: 'INC-310',
    },
  },
};
