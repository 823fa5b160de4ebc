// What each recipient gets for one occurrence, after their preferences: an email now, an email
// in the daily digest, a line in the in-app inbox, a chat message. Pure.
import type { DeliveryChannel, EmailMode } from '../notifications.schema.js';
import type { Recipient } from '../pipeline/recipients.js';

export interface Preference {
  email: EmailMode;
  inApp: boolean;
}

export const defaultPreference: Preference = { email: 'immediate', inApp: true };

export interface PlannedDelivery {
  recipient: Recipient;
  channel: DeliveryChannel;
  /** `digest_pending`: held for the recipient's digest; in-app ones are done when stored. */
  status: 'pending' | 'digest_pending' | 'sent';
}

export function planDeliveries(
  recipients: Recipient[],
  preferenceOf: (userId: string) => Preference,
): PlannedDelivery[] {
  const planned: PlannedDelivery[] = [];
  for (const recipient of recipients) {
    if (recipient.kind === 'chat') {
      planned.push({ recipient, channel: 'chat', status: 'pending' });
    } else if (recipient.kind === 'email') {
      planned.push({ recipient, channel: 'email', status: 'pending' });
    } else {
      const preference = preferenceOf(recipient.user.id);
      if (preference.email === 'immediate') planned.push({ recipient, channel: 'email', status: 'pending' });
      if (preference.email === 'digest')
        planned.push({ recipient, channel: 'email', status: 'digest_pending' });
      if (preference.inApp) planned.push({ recipient, channel: 'in_app', status: 'sent' });
    }
  }
  return planned;
}

/**
 * Nobody is told of their own action (the requester who clicked "It works" is not told "Closed",
 * the agent who took a ticket is not told it is assigned to them). The one exception is the
 * receipt of a filed request, sent by email (it carries the key and the link), never to the bell.
 */
export function withoutOwnActions(
  plans: PlannedDelivery[],
  event: string,
  actorId: string | null,
): PlannedDelivery[] {
  if (!actorId) return plans;
  return plans.filter(
    (plan) =>
      plan.recipient.kind !== 'user' ||
      plan.recipient.user.id !== actorId ||
      (event === 'request.filed' && plan.channel !== 'in_app'),
  );
}
