// The event vocabulary of notifications: what happened (W5H "what"), to whom it is said by
// default ("who"), and how urgent it reads. Rules and subscriptions refer to these keys.
import {
  type EventContext,
  eventContextSchemas,
  type FieldValue,
  type NotificationEvent,
} from './event-contexts.js';
import { eventSamples } from './event-samples.js';

export type { EventContext, FieldValue, NotificationEvent };
export { eventContextSchemas };

export type Severity = 'info' | 'success' | 'warning' | 'critical';
export type DefaultAudience = 'requester' | 'approver' | 'agent_team' | 'stakeholders';

export interface EventDefinition {
  label: string;
  description: string;
  audience: DefaultAudience;
  severity: Severity;
}

export const eventDefinitions: Record<NotificationEvent, EventDefinition> = {
  'request.filed': {
    label: 'Request filed',
    description: 'A requester filed a service request; it waits for verification.',
    audience: 'requester',
    severity: 'info',
  },
  'request.verification_failed': {
    label: 'Request failed verification',
    description: 'One or more fields of a request are invalid; the request is cancelled.',
    audience: 'requester',
    severity: 'warning',
  },
  'approval.requested': {
    label: 'Approval requested',
    description:
      "A request waits for the approver's decision; the message carries approve and decline links.",
    audience: 'approver',
    severity: 'info',
  },
  'request.approved': {
    label: 'Request approved',
    description: 'The approver approved a request; fulfilment starts.',
    audience: 'requester',
    severity: 'success',
  },
  'request.declined': {
    label: 'Request declined',
    description:
      'The approver declined a request, with a comment; the request reads "Declined" (status cancelled).',
    audience: 'requester',
    severity: 'warning',
  },
  'request.fulfilled': {
    label: 'Request fulfilled',
    description: 'Fulfilment finished; the requester is asked to confirm the result.',
    audience: 'requester',
    severity: 'success',
  },
  'request.need_further_support': {
    label: 'Request needs further support',
    description: 'Automation failed or the requester reported a problem; an agent must act.',
    audience: 'agent_team',
    severity: 'warning',
  },
  'request.waiting_for_customer_reminder': {
    label: 'Reminder: waiting for the requester',
    description: 'A fulfilled request still waits for the requester to confirm it; it will close by itself.',
    audience: 'requester',
    severity: 'info',
  },
  'sla.warning': {
    label: 'SLA about to breach',
    description: 'A ticket approaches its SLA goal.',
    audience: 'agent_team',
    severity: 'warning',
  },
  'sla.breached': {
    label: 'SLA breached',
    description: 'A ticket missed its SLA goal.',
    audience: 'agent_team',
    severity: 'critical',
  },
  'request.closed': {
    label: 'Request closed',
    description: 'A request was closed, confirmed by the requester or after no answer.',
    audience: 'requester',
    severity: 'success',
  },
  'incident.started': {
    label: 'Incident started',
    description: 'An incident disrupts services: what is impacted, where, since when, and any workaround.',
    audience: 'stakeholders',
    severity: 'critical',
  },
  'incident.updated': {
    label: 'Incident update',
    description: 'Progress on an ongoing incident: what changed, any workaround, the next update.',
    audience: 'stakeholders',
    severity: 'warning',
  },
  'incident.resolved': {
    label: 'Incident resolved',
    description: 'Service is restored: impact start and end, and the root cause.',
    audience: 'stakeholders',
    severity: 'success',
  },
  'ticket.opened': {
    label: 'Ticket opened',
    description: 'An incident, problem or change was opened for the team to work on.',
    audience: 'agent_team',
    severity: 'info',
  },
  'ticket.assigned': {
    label: 'Ticket assigned',
    description: 'A ticket was assigned to someone (any kind of ticket).',
    audience: 'agent_team',
    severity: 'info',
  },
  'ticket.resolved': {
    label: 'Ticket resolved',
    description: 'An incident or problem was resolved: its reporter and followers are told how.',
    audience: 'requester',
    severity: 'success',
  },
};

export const notificationEvents = Object.keys(eventDefinitions) as NotificationEvent[];

export function isNotificationEvent(value: string): value is NotificationEvent {
  return Object.hasOwn(eventDefinitions, value);
}

export type EventContextParse<E extends NotificationEvent> =
  | { ok: true; context: EventContext<E> }
  | { ok: false; issues: string[] };

/** Checks the data a producer hands over for an event before anything is rendered from it. */
export function parseEventContext<E extends NotificationEvent>(
  event: E,
  data: unknown,
): EventContextParse<E> {
  const result = eventContextSchemas[event].safeParse(data);
  if (result.success) return { ok: true, context: result.data as EventContext<E> };
  const issues = result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  return { ok: false, issues };
}

/** A custom field of a request type, with a value to show in samples. */
export interface SampleField {
  key: string;
  label: string;
  value: FieldValue;
}

function displayValue(value: FieldValue): string {
  if (value === null) return '';
  return Array.isArray(value) ? value.join(', ') : String(value);
}

/**
 * A complete sample context of an event (a fresh copy). With `fields`, the sample ticket carries
 * those custom fields instead of the built-in sample's, so a template written for one request
 * type is validated against that type's fields.
 */
export function sampleContext<E extends NotificationEvent>(
  event: E,
  options: { fields?: SampleField[] } = {},
): EventContext<E> {
  const sample = structuredClone(eventSamples[event]) as EventContext<E>;
  if (options.fields) {
    sample.ticket.fields = Object.fromEntries(options.fields.map((field) => [field.key, field.value]));
    sample.ticket.fieldList = options.fields.map((field) => ({
      key: field.key,
      label: field.label,
      value: displayValue(field.value),
    }));
  }
  return sample;
}
