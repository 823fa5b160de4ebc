// Notification rules as data: which audiences hear about which event. These are the defaults a
// fresh installation starts with (the migration seeds them); admins change them per event.

import type { Audience } from '../../../../shared/api/notifications.js';
import type { NotificationEvent } from '../pipeline/events.js';

export { type Audience, audiences } from '../../../../shared/api/notifications.js';

/** Audiences that need a target (the rule's chatWebhookId or mailingListId). */
export const targetedAudiences: ReadonlySet<Audience> = new Set(['mailing_list', 'chat']);

const followers: Audience[] = ['ticket_subscribers', 'filter_subscribers'];

export const defaultRules: Readonly<Record<NotificationEvent, readonly Audience[]>> = {
  'request.filed': ['requester', 'filter_subscribers'],
  'request.verification_failed': ['requester', ...followers],
  'approval.requested': ['approver'],
  'request.approved': ['requester', ...followers],
  'request.declined': ['requester', ...followers],
  'request.fulfilled': ['requester', ...followers],
  'request.need_further_support': ['agent_team', ...followers],
  'request.waiting_for_customer_reminder': ['requester'],
  'sla.warning': ['agent_team', 'team_lead'],
  'sla.breached': ['agent_team', 'team_lead'],
  'request.closed': ['requester', ...followers],
  'incident.started': ['incident_audiences'],
  'incident.updated': ['incident_audiences'],
  'incident.resolved': ['incident_audiences'],
  'ticket.opened': ['agent_team'],
  'ticket.assigned': ['assignee'],
  'ticket.resolved': ['requester', 'ticket_subscribers'],
};

/** The migration's seed rows, generated from `defaultRules` (a test keeps the migration in step). */
export function defaultRulesSql(): string {
  const rows = Object.entries(defaultRules).flatMap(([event, list]) =>
    list.map((audience) => `  ('${event}', '${audience}')`),
  );
  return `INSERT INTO notification_rules (event, audience) VALUES\n${rows.join(',\n')};`;
}
