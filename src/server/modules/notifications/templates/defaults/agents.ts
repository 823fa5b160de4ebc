// Default templates for the agent team: work that needs a person, and SLA clocks running out.
import type { NotificationTemplate } from '../../../../lib/templates.js';
import {
  accentColor,
  buttons,
  customFieldRows,
  emailHtml,
  type Fact,
  factsTable,
  paragraph,
  quote,
  textCustomFields,
  textFacts,
  textFooter,
} from './layout.js';
import { requestFacts } from './requests.js';

const escalationFacts: Fact[] = [
  ...requestFacts,
  {
    label: 'Requester',
    value: '{{ requester.name }}{% if requester.email %} ({{ requester.email }}){% endif %}',
  },
  { label: 'Team', value: '{{ team.name }}' },
  { label: 'Assignee', value: '{% if assignee %}{{ assignee.name }}{% else %}nobody yet{% endif %}' },
  { label: 'Since', value: '{{ escalation.at | datetime }}' },
];

export const requestNeedFurtherSupport: NotificationTemplate = {
  subject: '[{{ ticket.key }}] Needs further support: {{ ticket.title }}',
  html: emailHtml({
    severity: 'warning',
    preheader: '{{ escalation.reasonLabel }}. {{ ticket.key }} waits for an agent.',
    heading: '{{ ticket.key }} needs an agent',
    body: [
      paragraph('Hello {{ team.name }} team,'),
      paragraph('<b>{{ escalation.reasonLabel }}</b> on {{ ticket.key }} <b>{{ ticket.title }}</b>:'),
      quote('escalation.message'),
      paragraph(
        'Please retry the automation, or resolve the request by hand and hand it back to the requester for confirmation.',
      ),
      factsTable(escalationFacts, customFieldRows),
      buttons([{ label: 'Open {{ ticket.key }}', href: 'links.ticket', color: accentColor.warning }]),
    ].join('\n'),
  }),
  text: `Hello {{ team.name }} team,

{{ escalation.reasonLabel }} on {{ ticket.key }} "{{ ticket.title }}":

{{ escalation.message | multiline }}

Please retry the automation, or resolve the request by hand and hand it back to the requester for confirmation.

${textFacts(escalationFacts)}${textCustomFields}
Open the request: {{ links.ticket }}

${textFooter}`,
};

const slaClockFacts: Fact[] = [
  { label: 'Ticket', value: '{{ ticket.key }} — {{ ticket.title }}' },
  { label: 'Status', value: '{{ ticket.status.name }}' },
  { label: 'SLA', value: '{{ sla.name }}' },
  { label: 'Metric', value: '{{ sla.metricLabel }}' },
  { label: 'Goal', value: '{{ sla.goalSeconds | duration }}' },
  { label: 'Elapsed', value: '{{ sla.elapsedSeconds | duration }}' },
];

const slaOwnerFacts: Fact[] = [
  { label: 'Due', value: '{{ sla.dueAt | datetime }}' },
  { label: 'Team', value: '{{ sla.team.name }}' },
  { label: 'Assignee', value: '{% if assignee %}{{ assignee.name }}{% else %}nobody yet{% endif %}' },
];

const warningFacts: Fact[] = [
  ...slaClockFacts,
  { label: 'Remaining', value: '{{ sla.remainingSeconds | duration }}' },
  ...slaOwnerFacts,
];

export const slaWarning: NotificationTemplate = {
  subject:
    '[{{ ticket.key }}] SLA warning: {{ sla.remainingSeconds | duration }} left for {{ sla.metricLabel | downcase }}',
  html: emailHtml({
    severity: 'warning',
    preheader:
      '{{ ticket.key }} misses its {{ sla.metricLabel | downcase }} goal in {{ sla.remainingSeconds | duration }}.',
    heading: '{{ ticket.key }} is about to miss its SLA',
    body: [
      paragraph('Hello {{ sla.team.name }} team,'),
      paragraph(
        '<b>{{ ticket.title }}</b> has used {{ sla.elapsedSeconds | duration }} of its {{ sla.goalSeconds | duration }} goal for {{ sla.metricLabel | downcase }}. Only <b>{{ sla.remainingSeconds | duration }}</b> remain, until {{ sla.dueAt | datetime }}. Please pick it up now.',
      ),
      factsTable(warningFacts),
      buttons([{ label: 'Open {{ ticket.key }}', href: 'links.ticket', color: accentColor.warning }]),
    ].join('\n'),
  }),
  text: `Hello {{ sla.team.name }} team,

"{{ ticket.title }}" ({{ ticket.key }}) has used {{ sla.elapsedSeconds | duration }} of its {{ sla.goalSeconds | duration }} goal for {{ sla.metricLabel | downcase }}. Only {{ sla.remainingSeconds | duration }} remain, until {{ sla.dueAt | datetime }}. Please pick it up now.

${textFacts(warningFacts)}
Open the ticket: {{ links.ticket }}

${textFooter}`,
};

const breachFacts: Fact[] = [
  ...slaClockFacts,
  { label: 'Over by', value: '{{ sla.overdueSeconds | duration }}' },
  { label: 'Breached', value: '{{ sla.breachedAt | datetime }}' },
  ...slaOwnerFacts,
];

export const slaBreached: NotificationTemplate = {
  subject:
    '[{{ ticket.key }}] SLA breached: {{ sla.metricLabel | downcase }} over by {{ sla.overdueSeconds | duration }}',
  html: emailHtml({
    severity: 'critical',
    preheader:
      '{{ ticket.key }} missed its {{ sla.metricLabel | downcase }} goal of {{ sla.goalSeconds | duration }}.',
    heading: '{{ ticket.key }} missed its SLA',
    body: [
      paragraph('Hello {{ sla.team.name }} team,'),
      paragraph(
        '<b>{{ ticket.title }}</b> missed its {{ sla.metricLabel | downcase }} goal of {{ sla.goalSeconds | duration }} at {{ sla.breachedAt | datetime }}. It has now taken {{ sla.elapsedSeconds | duration }}, <b>{{ sla.overdueSeconds | duration }} over</b>. Please finish it as a priority and tell the requester where it stands.',
      ),
      factsTable(breachFacts),
      buttons([{ label: 'Open {{ ticket.key }}', href: 'links.ticket', color: accentColor.critical }]),
    ].join('\n'),
  }),
  text: `Hello {{ sla.team.name }} team,

"{{ ticket.title }}" ({{ ticket.key }}) missed its {{ sla.metricLabel | downcase }} goal of {{ sla.goalSeconds | duration }} at {{ sla.breachedAt | datetime }}. It has now taken {{ sla.elapsedSeconds | duration }}, {{ sla.overdueSeconds | duration }} over. Please finish it as a priority and tell the requester where it stands.

${textFacts(breachFacts)}
Open the ticket: {{ links.ticket }}

${textFooter}`,
};
