// Default templates for what the requester hears about their own request.
import type { NotificationTemplate } from '../../../../lib/templates.js';
import {
  accentColor,
  buttons,
  customFieldRows,
  emailHtml,
  type Fact,
  factRow,
  factsTable,
  paragraph,
  quote,
  textCustomFields,
  textFacts,
  textFooter,
} from './layout.js';

export const requestFacts: Fact[] = [
  { label: 'Request', value: '{{ ticket.key }} — {{ ticket.title }}' },
  { label: 'Type', value: '{{ ticket.requestType.name }}', when: 'ticket.requestType' },
  { label: 'Status', value: '{{ ticket.status.name }}' },
  { label: 'Filed', value: '{{ ticket.createdAt | datetime }}' },
];

const viewRequest = buttons([
  { label: 'View request {{ ticket.key }}', href: 'links.ticket', color: accentColor.info },
]);

export const requestFiled: NotificationTemplate = {
  subject: '[{{ ticket.key }}] We received your request: {{ ticket.title }}',
  html: emailHtml({
    severity: 'info',
    preheader: 'Your request {{ ticket.key }} was filed and is being verified.',
    heading: 'We received your request {{ ticket.key }}',
    body: [
      paragraph('Hello {{ recipient.name }},'),
      paragraph(
        'Your request <b>{{ ticket.title }}</b> was filed. Opsdesk is checking its fields now; if they are valid, it goes to approval. You will hear from us at every step, and there is nothing you need to do now.',
      ),
      factsTable(requestFacts, customFieldRows),
      viewRequest,
    ].join('\n'),
  }),
  text: `Hello {{ recipient.name }},

Your request "{{ ticket.title }}" ({{ ticket.key }}) was filed. Opsdesk is checking its fields now; if they are valid, it goes to approval. You will hear from us at every step, and there is nothing you need to do now.

${textFacts(requestFacts)}${textCustomFields}
View the request: {{ links.ticket }}

${textFooter}`,
};

export const requestVerificationFailed: NotificationTemplate = {
  subject: '[{{ ticket.key }}] Your request could not be accepted: {{ ticket.title }}',
  html: emailHtml({
    severity: 'warning',
    preheader: 'Some values of {{ ticket.key }} could not be verified; the request was cancelled.',
    heading: 'Request {{ ticket.key }} was cancelled',
    body: [
      paragraph('Hello {{ recipient.name }},'),
      paragraph(
        'Some of the values in your request <b>{{ ticket.title }}</b> could not be verified, so the request was cancelled and nothing was changed. Please correct the values below and file the request again.',
      ),
      factsTable(
        [],
        `{% for problem in verification.reasons %}${factRow(
          '{{ problem.label }}<br><span style="font-weight:normal;color:#6b7280;">{{ problem.value }}</span>',
          '<span style="color:#b91c1c;">{{ problem.reason }}</span>',
        )}{% endfor %}`,
      ),
      factsTable(requestFacts),
      viewRequest,
    ].join('\n'),
  }),
  text: `Hello {{ recipient.name }},

Some of the values in your request "{{ ticket.title }}" ({{ ticket.key }}) could not be verified, so the request was cancelled and nothing was changed. Please correct these values and file the request again:

{% for problem in verification.reasons %}- {{ problem.label }} "{{ problem.value }}": {{ problem.reason }}
{% endfor %}
${textFacts(requestFacts)}
View the request: {{ links.ticket }}

${textFooter}`,
};

const fulfilmentFacts: Fact[] = [
  ...requestFacts,
  { label: 'Completed', value: '{{ fulfilment.completedAt | datetime }}' },
  { label: 'Took', value: '{{ fulfilment.durationSeconds | duration }}' },
  {
    label: 'Closes by itself',
    value: '{{ fulfilment.autoCloseAt | datetime }}',
    when: 'fulfilment.autoCloseAt',
  },
];

export const requestFulfilled: NotificationTemplate = {
  subject: '[{{ ticket.key }}] Done, please confirm: {{ ticket.title }}',
  html: emailHtml({
    severity: 'success',
    preheader: '{{ ticket.key }} is fulfilled. Please check the result and confirm it.',
    heading: 'Your request {{ ticket.key }} is fulfilled',
    body: [
      paragraph('Hello {{ recipient.name }},'),
      paragraph('Your request <b>{{ ticket.title }}</b> is done. The result:'),
      quote('fulfilment.result'),
      paragraph(
        '<b>Please check it</b> and confirm in Opsdesk that it works, or tell us there what is not right.{% if fulfilment.autoCloseAt %} If we hear nothing, the request closes by itself on {{ fulfilment.autoCloseAt | datetime }}.{% endif %}',
      ),
      factsTable(fulfilmentFacts, customFieldRows),
      buttons([{ label: 'Confirm or report a problem', href: 'links.ticket', color: accentColor.success }]),
    ].join('\n'),
  }),
  text: `Hello {{ recipient.name }},

Your request "{{ ticket.title }}" ({{ ticket.key }}) is done. The result:

{{ fulfilment.result | multiline }}

Please check it and confirm in Opsdesk that it works, or tell us there what is not right.{% if fulfilment.autoCloseAt %} If we hear nothing, the request closes by itself on {{ fulfilment.autoCloseAt | datetime }}.{% endif %}

${textFacts(fulfilmentFacts)}${textCustomFields}
Confirm or report a problem: {{ links.ticket }}

${textFooter}`,
};

export const requestWaitingForCustomerReminder: NotificationTemplate = {
  subject: '[{{ ticket.key }}] Reminder: please confirm {{ ticket.title }}',
  html: emailHtml({
    severity: 'info',
    preheader:
      '{{ ticket.key }} waits for your confirmation and closes by itself on {{ reminder.autoCloseAt | datetime }}.',
    heading: 'Is {{ ticket.key }} working for you?',
    body: [
      paragraph('Hello {{ recipient.name }},'),
      paragraph(
        'Your request <b>{{ ticket.title }}</b> was fulfilled {{ reminder.waitingSeconds | duration }} ago and still waits for your confirmation. The result was:',
      ),
      quote('reminder.result'),
      paragraph(
        'Please confirm that it works, or tell us what is not right. Without an answer, the request closes by itself on <b>{{ reminder.autoCloseAt | datetime }}</b>.',
      ),
      factsTable(requestFacts),
      buttons([{ label: 'Confirm or report a problem', href: 'links.ticket', color: accentColor.info }]),
    ].join('\n'),
  }),
  text: `Hello {{ recipient.name }},

Your request "{{ ticket.title }}" ({{ ticket.key }}) was fulfilled {{ reminder.waitingSeconds | duration }} ago and still waits for your confirmation. The result was:

{{ reminder.result | multiline }}

Please confirm that it works, or tell us what is not right. Without an answer, the request closes by itself on {{ reminder.autoCloseAt | datetime }}.

${textFacts(requestFacts)}
Confirm or report a problem: {{ links.ticket }}

${textFooter}`,
};

const closureFacts: Fact[] = [
  ...requestFacts,
  { label: 'Closed', value: '{{ closure.closedAt | datetime }}' },
  { label: 'Time to resolution', value: '{{ closure.resolutionSeconds | duration }}' },
];

export const requestClosed: NotificationTemplate = {
  subject: '[{{ ticket.key }}] Closed: {{ ticket.title }}',
  html: emailHtml({
    severity: 'success',
    preheader: '{{ ticket.key }} is closed: {{ closure.reasonLabel }}.',
    heading: 'Request {{ ticket.key }} is closed',
    body: [
      paragraph('Hello {{ recipient.name }},'),
      paragraph(
        'Your request <b>{{ ticket.title }}</b> is closed: {{ closure.reasonLabel }}. Thank you. If you need anything else, file a new request in the portal.',
      ),
      factsTable(closureFacts),
      viewRequest,
    ].join('\n'),
  }),
  text: `Hello {{ recipient.name }},

Your request "{{ ticket.title }}" ({{ ticket.key }}) is closed: {{ closure.reasonLabel }}. Thank you. If you need anything else, file a new request in the portal.

${textFacts(closureFacts)}
View the request: {{ links.ticket }}

${textFooter}`,
};
