// Default templates around the approver's decision.
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

const requestedFacts: Fact[] = [
  ...requestFacts,
  {
    label: 'Requested by',
    value: '{{ requester.name }}{% if requester.email %} ({{ requester.email }}){% endif %}',
  },
];

export const approvalRequested: NotificationTemplate = {
  subject: '[{{ ticket.key }}] Approval needed: {{ ticket.title }}',
  html: emailHtml({
    severity: 'info',
    preheader: '{{ requester.name }} asks you to approve {{ ticket.key }}.',
    heading: '{{ requester.name }} needs your approval',
    body: [
      paragraph('Hello {{ recipient.name }},'),
      paragraph(
        '{{ requester.name }} filed <b>{{ ticket.title }}</b> ({{ ticket.key }}). It cannot be fulfilled until you approve it. Please review the request and decide.',
      ),
      factsTable(requestedFacts, customFieldRows),
      buttons([
        { label: 'Approve', href: 'links.approve', color: accentColor.success },
        { label: 'Decline', href: 'links.decline', color: accentColor.critical },
      ]),
      paragraph(
        '<span style="font-size:13px;color:#6b7280;">These buttons work until {{ approval.linksExpireAt | datetime }}. You can also <a href="{{ links.ticket }}" style="color:#1d4ed8;">decide in Opsdesk</a>, where you can add a comment.</span>',
      ),
    ].join('\n'),
  }),
  text: `Hello {{ recipient.name }},

{{ requester.name }} filed "{{ ticket.title }}" ({{ ticket.key }}). It cannot be fulfilled until you approve it. Please review the request and decide.

${textFacts(requestedFacts)}${textCustomFields}
Approve: {{ links.approve }}
Decline: {{ links.decline }}

These links work until {{ approval.linksExpireAt | datetime }}. You can also decide in Opsdesk, where you can add a comment: {{ links.ticket }}

${textFooter}`,
};

const decisionFacts: Fact[] = [
  ...requestFacts,
  { label: 'Decided by', value: '{{ approver.name }}' },
  { label: 'Decided', value: '{{ approval.decidedAt | datetime }}' },
];

export const requestApproved: NotificationTemplate = {
  subject: '[{{ ticket.key }}] Approved: {{ ticket.title }}',
  html: emailHtml({
    severity: 'success',
    preheader: '{{ approver.name }} approved {{ ticket.key }}; fulfilment has started.',
    heading: 'Your request {{ ticket.key }} was approved',
    body: [
      paragraph('Hello {{ recipient.name }},'),
      paragraph(
        '{{ approver.name }} approved your request <b>{{ ticket.title }}</b>. Fulfilment has started; we will write again when it is done.',
      ),
      `{% if approval.comment %}${paragraph('{{ approver.name }} added:')}${quote('approval.comment')}{% endif %}`,
      factsTable(decisionFacts),
      buttons([{ label: 'View request {{ ticket.key }}', href: 'links.ticket', color: accentColor.info }]),
    ].join('\n'),
  }),
  text: `Hello {{ recipient.name }},

{{ approver.name }} approved your request "{{ ticket.title }}" ({{ ticket.key }}). Fulfilment has started; we will write again when it is done.
{% if approval.comment %}
{{ approver.name }} added:
{{ approval.comment | multiline }}
{% endif %}
${textFacts(decisionFacts)}
View the request: {{ links.ticket }}

${textFooter}`,
};

export const requestDeclined: NotificationTemplate = {
  subject: '[{{ ticket.key }}] Declined: {{ ticket.title }}',
  html: emailHtml({
    severity: 'warning',
    preheader: '{{ approver.name }} declined {{ ticket.key }}: {{ approval.comment }}',
    heading: 'Your request {{ ticket.key }} was declined',
    body: [
      paragraph('Hello {{ recipient.name }},'),
      paragraph(
        '{{ approver.name }} declined your request <b>{{ ticket.title }}</b>, so nothing was changed. Their reason:',
      ),
      quote('approval.comment'),
      paragraph(
        'If you still need this, talk to {{ approver.name }}{% if approver.email %} (<a href="mailto:{{ approver.email }}" style="color:#1d4ed8;">{{ approver.email }}</a>){% endif %} or file a new request that addresses the reason.',
      ),
      factsTable(decisionFacts),
      buttons([{ label: 'View request {{ ticket.key }}', href: 'links.ticket', color: accentColor.info }]),
    ].join('\n'),
  }),
  text: `Hello {{ recipient.name }},

{{ approver.name }} declined your request "{{ ticket.title }}" ({{ ticket.key }}), so nothing was changed. Their reason:

{{ approval.comment | multiline }}

If you still need this, talk to {{ approver.name }}{% if approver.email %} ({{ approver.email }}){% endif %} or file a new request that addresses the reason.

${textFacts(decisionFacts)}
View the request: {{ links.ticket }}

${textFooter}`,
};
