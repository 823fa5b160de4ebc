// Messages another module wrote itself, to an address that is no user (a status-page subscriber's
// email, a chat webhook someone subscribed): recorded as an occurrence (event `message`, the
// rendered text as its context) and one delivery, queued in the caller's transaction, then sent,
// retried and logged by the deliver job like every other notification. The dedupe key makes
// sending the same message twice a no-op.
import { inArray } from 'drizzle-orm';
import type { AppContext } from '../../../context.js';
import type { Tx } from '../../../db/client.js';
import { open, seal } from '../../../lib/secretBox.js';
import { type ChatWebhookSettings, chatWebhookSettingsSchema } from '../channels/chat.js';
import type { ChatPlatform } from '../channels/chat-format.js';
import { notificationDeliveries, notificationEvents } from '../notifications.schema.js';
import { enqueueDeliveries } from './batch-enqueue.js';
import type { Composition, DeliveryRow } from './compose.js';

export const directEvent = 'message' as const;

export interface DirectMessage {
  /** Unique per message and recipient: the same key again sends nothing. */
  dedupeKey: string;
  to: { email: string } | { chat: { platform: ChatPlatform; url: string } };
  subject: string;
  text: string;
  html: string;
  /** The link a chat message carries (and its label). */
  link?: { url: string; label: string } | null;
  /** One-click unsubscribe (List-Unsubscribe when it is https). */
  unsubscribeUrl?: string | null;
  /** Messages of one thread (e.g. one incident) share it. */
  threadKey?: string | null;
  severity?: 'info' | 'success' | 'warning' | 'critical';
}

interface StoredMessage {
  subject: string;
  text: string;
  html: string;
  link: { url: string; label: string } | null;
  unsubscribeUrl: string | null;
  threadKey: string | null;
  severity: 'info' | 'success' | 'warning' | 'critical';
}

/** Queues messages (each to one address) in `tx`; returns how many were new. */
export async function sendMessages(
  context: Pick<AppContext, 'secretKey' | 'clock'>,
  tx: Tx,
  messages: readonly DirectMessage[],
): Promise<number> {
  if (messages.length === 0) return 0;
  const now = context.clock.now();
  const events = await tx
    .insert(notificationEvents)
    .values(
      messages.map((message) => ({
        dedupeKey: `message:${message.dedupeKey}`,
        event: directEvent,
        facts: {},
        occurredAt: now,
        dispatchedAt: now,
        context: {
          subject: message.subject,
          text: message.text,
          html: message.html,
          link: message.link ?? null,
          unsubscribeUrl: message.unsubscribeUrl ?? null,
          threadKey: message.threadKey ?? null,
          severity: message.severity ?? 'info',
        } satisfies StoredMessage,
      })),
    )
    .onConflictDoNothing({ target: notificationEvents.dedupeKey })
    .returning({ id: notificationEvents.id, dedupeKey: notificationEvents.dedupeKey });
  if (events.length === 0) return 0;
  const byKey = new Map(messages.map((message) => [`message:${message.dedupeKey}`, message]));
  const deliveries = await tx
    .insert(notificationDeliveries)
    .values(
      events.map((event) => {
        const message = byKey.get(event.dedupeKey)!;
        const common = {
          dedupeKey: event.dedupeKey,
          eventId: event.id,
          event: directEvent,
          status: 'pending' as const,
          createdAt: now,
          updatedAt: now,
        };
        if ('email' in message.to)
          return {
            ...common,
            channel: 'email' as const,
            recipientKind: 'email' as const,
            recipientAddress: message.to.email,
            recipientName: message.to.email,
          };
        // The webhook URL is its own credential: sealed, never shown.
        return {
          ...common,
          channel: 'chat' as const,
          recipientKind: 'chat' as const,
          recipientAddress: seal(context.secretKey, JSON.stringify(message.to.chat)),
          recipientName: `chat webhook at ${new URL(message.to.chat.url).host}`,
        };
      }),
    )
    .onConflictDoNothing({ target: notificationDeliveries.dedupeKey })
    .returning({ id: notificationDeliveries.id });
  await enqueueDeliveries(
    tx,
    deliveries.map((delivery) => delivery.id),
  );
  return deliveries.length;
}

/** The chat webhook a direct message goes to (sealed in its delivery). */
export function directChatSettings(
  context: Pick<AppContext, 'secretKey'>,
  delivery: DeliveryRow,
): ChatWebhookSettings | null {
  if (delivery.event !== directEvent || !delivery.recipientAddress) return null;
  try {
    return chatWebhookSettingsSchema.parse(JSON.parse(open(context.secretKey, delivery.recipientAddress)));
  } catch {
    return null;
  }
}

export async function composeDirect(context: AppContext, delivery: DeliveryRow): Promise<Composition> {
  if (!delivery.eventId) return { ok: false, reason: 'no message to send' };
  const [row] = await context.db
    .select()
    .from(notificationEvents)
    .where(inArray(notificationEvents.id, [delivery.eventId]));
  const stored = row?.context as StoredMessage | null | undefined;
  if (!row || !stored) return { ok: false, reason: 'the message is gone' };
  return {
    ok: true,
    message: {
      rendered: { subject: stored.subject, text: stored.text, html: stored.html },
      note: null,
      event: directEvent,
      severity: stored.severity,
      threadKey: stored.threadKey,
      ticketUrl: stored.link?.url ?? null,
      unsubscribeUrl: stored.unsubscribeUrl,
      occurredAt: row.occurredAt,
      facts: [],
    },
  };
}
