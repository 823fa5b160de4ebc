// Default templates of events every kind of ticket has (incidents, problems, changes): opened for
// the team, assigned to someone, resolved for the reporter and the followers.
import type { NotificationTemplate } from '../../../../lib/templates.js';
import {
  accentColor,
  buttons,
  emailHtml,
  type Fact,
  factsTable,
  paragraph,
  quote,
  textFacts,
  textFooter,
} from './layout.js';

const ticketFacts: Fact[] = [
  { label: 'Ticket', value: '{{ ticket.key }} — {{ ticket.title }}' },
  { label: 'Status', value: '{{ ticket.status.name }}' },
  { label: 'Priority', value: '{{ ticket.priority }}', when: 'ticket.priority' },
  { label: 'Opened', value: '{{ ticket.createdAt | datetime }}' },
];

const openButton = (color: string) =>
  buttons([{ label: 'Open {{ ticket.key }}', href: 'links.ticket', color }]);

export const ticketOpened: NotificationTemplate = {
  subject: '[{{ ticket.key }}] New {{ ticket.kind }}: {{ ticket.title }}',
  html: emailHtml({
    severity: 'warning',
    preheader: '{{ ticket.key }} waits for {{ team.name }}.',
    heading: 'New {{ ticket.kind }} {{ ticket.key }}',
    body: [
      paragraph('Hello {{ team.name }} team,'),
      paragraph(
        '{{ requester.name }} opened <b>{{ ticket.title }}</b>.{% if assignee %} It is assigned to {{ assignee.name }}.{% else %} Nobody is assigned yet.{% endif %}',
      ),
      factsTable(ticketFacts),
      openButton(accentColor.warning),
    ].join('\n'),
  }),
  text: `Hello {{ team.name }} team,

{{ requester.name }} opened "{{ ticket.title }}" ({{ ticket.key }}).{% if assignee %} It is assigned to {{ assignee.name }}.{% else %} Nobody is assigned yet.{% endif %}

${textFacts(ticketFacts)}
Open it: {{ links.ticket }}

${textFooter}`,
};

export const ticketAssigned: NotificationTemplate = {
  subject: '[{{ ticket.key }}] Assigned to you: {{ ticket.title }}',
  html: emailHtml({
    severity: 'info',
    preheader: '{{ assignedBy.name }} assigned {{ ticket.key }} to you.',
    heading: '{{ ticket.key }} is yours',
    body: [
      paragraph('Hello {{ assignee.name }},'),
      paragraph('{{ assignedBy.name }} assigned <b>{{ ticket.title }}</b> to you ({{ team.name }}).'),
      factsTable(ticketFacts),
      openButton(accentColor.info),
    ].join('\n'),
  }),
  text: `Hello {{ assignee.name }},

{{ assignedBy.name }} assigned "{{ ticket.title }}" ({{ ticket.key }}) to you ({{ team.name }}).

${textFacts(ticketFacts)}
Open it: {{ links.ticket }}

${textFooter}`,
};

export const ticketResolved: NotificationTemplate = {
  subject: '[{{ ticket.key }}] Resolved: {{ ticket.title }}',
  html: emailHtml({
    severity: 'success',
    preheader:
      '{{ ticket.key }} is resolved{% if resolution.resolvedWith %} with {{ resolution.resolvedWith }}{% endif %}.',
    heading: '{{ ticket.key }} is resolved',
    body: [
      paragraph('Hello {{ recipient.name }},'),
      paragraph(
        '<b>{{ ticket.title }}</b> is resolved{% if resolution.resolvedWith %} together with {{ resolution.resolvedWith }}{% endif %}:',
      ),
      quote('resolution.message'),
      paragraph('If it still does not work for you, answer on the ticket and it reopens.'),
      factsTable(ticketFacts),
      openButton(accentColor.success),
    ].join('\n'),
  }),
  text: `Hello {{ recipient.name }},

"{{ ticket.title }}" ({{ ticket.key }}) is resolved{% if resolution.resolvedWith %} together with {{ resolution.resolvedWith }}{% endif %}:

{{ resolution.message | multiline }}

If it still does not work for you, answer on the ticket and it reopens.

${textFacts(ticketFacts)}
Open it: {{ links.ticket }}

${textFooter}`,
};
