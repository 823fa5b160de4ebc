// What one delivery says: its occurrence's shared context, personalised for the recipient, rendered
// with the event's template. The same delivery composes to the same message on every attempt.
import { eq } from 'drizzle-orm';
import type { AppContext } from '../../../context.js';
import type { RenderedNotification } from '../../../lib/templates.js';
import {
  type notificationDeliveries,
  notificationEvents,
  notificationTemplates,
} from '../notifications.schema.js';
import { defaultTemplates } from '../templates/defaults/index.js';
import { eventDefinitions, isNotificationEvent, type NotificationEvent, type Severity } from './events.js';
import { personalise, type Reader, renderWithFallback } from './render.js';

export type DeliveryRow = typeof notificationDeliveries.$inferSelect;

export interface ComposedMessage {
  rendered: RenderedNotification;
  /** A note for the delivery log (the template fell back to the default). */
  note: string | null;
  event: NotificationEvent | 'digest' | 'message';
  severity: Severity;
  threadKey: string | null;
  ticketUrl: string | null;
  unsubscribeUrl: string | null;
  occurredAt: Date;
  facts: Array<{ label: string; value: string }>;
}

export type Composition = { ok: true; message: ComposedMessage } | { ok: false; reason: string };

export function readerOf(delivery: DeliveryRow): Reader {
  return {
    userId: delivery.recipientUserId,
    name: delivery.recipientName,
    email: delivery.recipientAddress,
    timeZone: delivery.recipientTimeZone,
    unsubscribeScope: delivery.unsubscribeScope,
    approvalId: delivery.approvalId,
    deliveryId: delivery.id,
  };
}

interface ContextFacts {
  ticket?: { key?: string; status?: { name?: string }; requestType?: { name?: string } | null };
  requester?: { name?: string };
  incident?: { serviceStatusLabel?: string; regions?: string[]; services?: string[] };
  sla?: { metricLabel?: string; dueAt?: string };
  links?: { ticket?: string; unsubscribe?: string | null };
}

/** Key facts shown beside a chat message. */
export function chatFacts(context: ContextFacts): Array<{ label: string; value: string }> {
  const facts: Array<{ label: string; value: string }> = [];
  const add = (label: string, value: string | undefined | null) => {
    if (value) facts.push({ label, value });
  };
  if (context.incident) {
    add('Service(s) status', context.incident.serviceStatusLabel);
    add('Impacted region(s)', context.incident.regions?.join(', '));
    add('Impacted service(s)', context.incident.services?.join(', '));
    return facts;
  }
  add('Status', context.ticket?.status?.name);
  add('Type', context.ticket?.requestType?.name);
  add('Requester', context.requester?.name);
  add('SLA metric', context.sla?.metricLabel);
  add('Due', context.sla?.dueAt);
  return facts;
}

/** A delivery's occurrence and its event's customised template (null when it has none). */
export interface LoadedOccurrence {
  row: typeof notificationEvents.$inferSelect | null;
  custom: typeof notificationTemplates.$inferSelect | null;
}

/**
 * The message of one delivery about an occurrence (digests are composed in digest.ts).
 * `loaded`: its occurrence and template, when the caller read them with the delivery.
 */
export async function composeDelivery(
  context: AppContext,
  delivery: DeliveryRow,
  loaded?: LoadedOccurrence,
): Promise<Composition> {
  if (!delivery.eventId || !isNotificationEvent(delivery.event))
    return { ok: false, reason: 'no event to tell' };
  // The occurrence and its event's customised template (if any), in one round trip.
  const [found] = loaded
    ? [loaded]
    : await context.db
        .select({ row: notificationEvents, custom: notificationTemplates })
        .from(notificationEvents)
        .leftJoin(notificationTemplates, eq(notificationTemplates.event, notificationEvents.event))
        .where(eq(notificationEvents.id, delivery.eventId));
  const row = found?.row;
  if (!row?.context) return { ok: false, reason: 'the event has no context (it was never dispatched)' };
  const event = delivery.event;
  const personalised = personalise(context, event, row.context, readerOf(delivery), row.occurredAt);
  if (!personalised.ok) return personalised;
  const custom = found?.custom;
  const template = custom
    ? { subject: custom.subject, html: custom.html, text: custom.text }
    : defaultTemplates[event];
  const rendered = renderWithFallback(event, template, personalised.context);
  if (!rendered.ok) return rendered;
  const facts = personalised.context as ContextFacts;
  return {
    ok: true,
    message: {
      rendered: rendered.rendered,
      note: rendered.note,
      event,
      severity: eventDefinitions[event].severity,
      threadKey: facts.ticket?.key ?? null,
      ticketUrl: facts.links?.ticket ?? null,
      unsubscribeUrl: facts.links?.unsubscribe ?? null,
      occurredAt: row.occurredAt,
      facts: chatFacts(facts),
    },
  };
}
