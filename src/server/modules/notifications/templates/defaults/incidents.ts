// Default incident communications, after seed 001: start, in progress, resolved. Each tells
// stakeholders what is impacted, where, since when, what they can do meanwhile, and where to
// follow the incident, so that nobody needs to call the service desk to find out.
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

// The service status cell takes the colour status pages use for it.
const statusColourPrelude = `{% case incident.serviceStatus %}{% when "operational" %}{% assign statusColour = "#15803d" %}{% when "degraded_performance" %}{% assign statusColour = "#a16207" %}{% when "partial_outage" %}{% assign statusColour = "#c2410c" %}{% when "under_maintenance" %}{% assign statusColour = "#1d4ed8" %}{% else %}{% assign statusColour = "#b91c1c" %}{% endcase %}`;

const serviceStatusFact: Fact = {
  label: 'Service(s) status',
  value: '<b style="color:{{ statusColour }};">{{ incident.serviceStatusLabel | upcase }}</b>',
};

const descriptionFact: Fact = { label: 'Description', value: '{{ incident.description | multiline }}' };

const scopeFacts: Fact[] = [
  {
    label: 'Impacted region(s)',
    value: '{{ incident.regions | join: ", " }}',
    when: 'incident.regions.size > 0',
  },
  {
    label: 'Impacted service(s)',
    value: '{{ incident.services | join: ", " }}',
    when: 'incident.services.size > 0',
  },
  {
    label: 'Component(s)',
    value: '{{ incident.components | join: ", " }}',
    when: 'incident.components.size > 0',
  },
  { label: 'Impact start time', value: '{{ incident.impactStart | datetime: "yyyy-MM-dd HH:mm:ss ZZZZ" }}' },
];

const ongoingFacts: Fact[] = [
  ...scopeFacts,
  {
    label: 'Expected end',
    value: '{{ incident.impactEnd | datetime: "yyyy-MM-dd HH:mm:ss ZZZZ" }}',
    when: 'incident.impactEnd',
  },
  { label: 'Known workaround', value: '{{ incident.workaround | multiline }}', when: 'incident.workaround' },
  { label: 'Next update', value: '{{ incident.nextUpdateAt | datetime }}', when: 'incident.nextUpdateAt' },
];

const resolvedFacts: Fact[] = [
  ...scopeFacts,
  {
    label: 'Impact end time',
    value: '{{ incident.impactEnd | datetime: "yyyy-MM-dd HH:mm:ss ZZZZ" }}',
    when: 'incident.impactEnd',
  },
  { label: 'Root cause', value: '{{ incident.rootCause | multiline }}', when: 'incident.rootCause' },
];

const plainStatusFact: Fact = {
  label: 'Service(s) status',
  value: '{{ incident.serviceStatusLabel | upcase }}',
};
const statusLine =
  '{{ incident.statusLabel }} — {{ incident.update.postedAt | datetime }}, {{ incident.update.author }}';

const followUp = paragraph(
  'If you need details or support concerning this incident, contact the service desk and quote <b>{{ ticket.key }}</b>{% if links.statusPage %}, or follow its updates on the status page{% endif %}.',
);

const followButtons = `{% if links.statusPage %}${buttons([
  { label: 'Follow on the status page', href: 'links.statusPage', color: accentColor.info },
])}{% else %}${buttons([{ label: 'View {{ ticket.key }}', href: 'links.ticket', color: accentColor.info }])}{% endif %}`;

const textFollowUp = `If you need details or support concerning this incident, contact the service desk and quote {{ ticket.key }}.
{% if links.statusPage %}Status page: {{ links.statusPage }}
{% endif %}Incident: {{ links.ticket }}`;

function incidentHtml(
  severity: 'critical' | 'warning' | 'success',
  heading: string,
  lead: string,
  facts: Fact[],
) {
  return emailHtml({
    severity,
    prelude: statusColourPrelude,
    preheader:
      '{{ incident.serviceStatusLabel }}: {{ incident.services | join: ", " }}. {{ incident.update.message }}',
    heading,
    body: [
      paragraph('Dear all,'),
      paragraph(lead),
      quote('incident.update.message'),
      paragraph(`<span style="font-size:13px;color:#6b7280;">${statusLine}</span>`),
      factsTable([descriptionFact, serviceStatusFact, ...facts]),
      followUp,
      followButtons,
    ].join('\n'),
  });
}

function incidentText(lead: string, facts: Fact[]) {
  return `Dear all,

${lead}

{{ incident.update.message | multiline }}
({{ incident.statusLabel }} — {{ incident.update.postedAt | datetime }}, {{ incident.update.author }})

${textFacts([descriptionFact, plainStatusFact, ...facts])}
${textFollowUp}

${textFooter}`;
}

export const incidentStarted: NotificationTemplate = {
  subject: '[{{ ticket.key }}] {{ incident.serviceStatusLabel }}: {{ ticket.title }}',
  html: incidentHtml(
    'critical',
    'Service disruption: {{ ticket.title }}',
    'Please be informed that <b>{{ incident.services | join: ", " }}</b> {% if incident.services.size > 1 %}are{% else %}is{% endif %} disrupted. We are working on it. The service(s) and component(s) below are impacted:',
    ongoingFacts,
  ),
  text: incidentText(
    'Please be informed that {{ incident.services | join: ", " }} {% if incident.services.size > 1 %}are{% else %}is{% endif %} disrupted. We are working on it. The service(s) and component(s) below are impacted:',
    ongoingFacts,
  ),
};

export const incidentUpdated: NotificationTemplate = {
  subject: '[{{ ticket.key }}] Update, {{ incident.statusLabel | downcase }}: {{ ticket.title }}',
  html: incidentHtml(
    'warning',
    'Update: {{ ticket.title }}',
    'Here is our update on the disruption of <b>{{ incident.services | join: ", " }}</b>. The service(s) and component(s) below are impacted:',
    ongoingFacts,
  ),
  text: incidentText(
    'Here is our update on the disruption of {{ incident.services | join: ", " }}. The service(s) and component(s) below are impacted:',
    ongoingFacts,
  ),
};

export const incidentResolved: NotificationTemplate = {
  subject: '[{{ ticket.key }}] Resolved: {{ ticket.title }}',
  html: incidentHtml(
    'success',
    'Resolved: {{ ticket.title }}',
    'Please be informed that the disruption of <b>{{ incident.services | join: ", " }}</b> is over and service is restored. The service(s) and component(s) below were impacted:',
    resolvedFacts,
  ),
  text: incidentText(
    'Please be informed that the disruption of {{ incident.services | join: ", " }} is over and service is restored. The service(s) and component(s) below were impacted:',
    resolvedFacts,
  ),
};
