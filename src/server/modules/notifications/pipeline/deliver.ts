// The deliver job: claims one delivery, composes it, sends it over its channel and records the
// outcome. A retryable failure (the SMTP server down, a chat 5xx or 429) schedules the next
// attempt with backoff, in the same transaction as the record; a permanent one is logged as failed.
// One job exists per delivery at a time, and the Message-ID is the delivery's on every attempt.
import { and, eq, inArray, lt, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { AppContext } from '../../../context.js';
import { type Db, systemActor, withTransaction } from '../../../db/client.js';
import { prebuilt } from '../../../db/prebuilt.js';
import type { JobContext } from '../../../jobs/worker.js';
import { sendChatWebhook } from '../channels/chat.js';
import { chatNotificationFrom } from '../channels/chat-format.js';
import { chatWebhookSettings } from '../channels/chat-webhooks.service.js';
import { currentEmailChannel } from '../channels/email-settings.service.js';
import { type DeliveryOutcome, permanent } from '../channels/outcome.js';
import { notificationJobs } from '../notifications.jobs.js';
import {
  notificationDeliveries,
  notificationEvents,
  notificationTemplates,
} from '../notifications.schema.js';
import { retryDelayMs } from './backoff.js';
import { type ComposedMessage, composeDelivery, type DeliveryRow, type LoadedOccurrence } from './compose.js';
import { composeDigest } from './digest.js';
import { composeDirect, directChatSettings, directEvent } from './direct.js';

const actor = systemActor('notifications');

/** `dlv_` and the delivery's uuid without dashes: the left side of its Message-ID. */
export const messageDeliveryId = (id: string) => `dlv_${id.replaceAll('-', '')}`;

/** A send that has not finished after this long is taken for dead (its worker crashed mid-send). */
export const sendingTimeoutMs = 2 * 60_000;

export class DeliveryInProgressError extends Error {
  override readonly name = 'DeliveryInProgressError';
}

/**
 * The claim, in one statement (issue 18): it returns the occurrence and its event's customised
 * template with the delivery (none for a digest or a direct message), so composing reads nothing.
 * Built once: every deliver job runs it, and Drizzle rebuilt its text (three tables' columns) each time.
 */
const claimDelivery = prebuilt(
  (db, p: { deliveryId: string; now: Date; staleBefore: Date }) => {
    const self = alias(notificationDeliveries, 'self');
    return db
      .update(notificationDeliveries)
      .set({ status: 'sending', attempts: sql`${notificationDeliveries.attempts} + 1`, updatedAt: p.now })
      .from(self)
      .leftJoin(notificationEvents, eq(notificationEvents.id, self.eventId))
      .leftJoin(notificationTemplates, eq(notificationTemplates.event, notificationEvents.event))
      .where(
        and(
          eq(notificationDeliveries.id, p.deliveryId),
          eq(self.id, p.deliveryId),
          or(
            inArray(notificationDeliveries.status, ['pending', 'retrying']),
            and(
              eq(notificationDeliveries.status, 'sending'),
              lt(
                notificationDeliveries.updatedAt,
                sql.param(p.staleBefore, notificationDeliveries.updatedAt),
              ),
            ),
          ),
        ),
      )
      .returning({
        delivery: notificationDeliveries,
        row: notificationEvents,
        custom: notificationTemplates,
      });
  },
  {
    deliveryId: '00000000-0000-4000-8000-000000000001',
    now: new Date('2026-01-02T03:04:05.678Z'),
    staleBefore: new Date('2026-01-02T03:02:05.678Z'),
  },
);

/**
 * Takes the delivery for this attempt. Null when there is nothing to do (sent, failed, held for
 * the digest). Another run in the middle of sending it makes this one fail, so the queue tries
 * again later: by then the send is recorded, or it is stale and taken over (at least once, never
 * lost; a resend carries the same Message-ID).
 */
async function claim(
  context: AppContext,
  deliveryId: string,
): Promise<{ delivery: DeliveryRow; occurrence: LoadedOccurrence } | null> {
  const now = context.clock.now();
  const [claimed] = await claimDelivery.run(context.db, {
    deliveryId,
    now,
    staleBefore: new Date(now.getTime() - sendingTimeoutMs),
  });
  if (claimed)
    return { delivery: claimed.delivery, occurrence: { row: claimed.row, custom: claimed.custom } };
  const [current] = await context.db
    .select({ status: notificationDeliveries.status })
    .from(notificationDeliveries)
    .where(eq(notificationDeliveries.id, deliveryId));
  if (current?.status === 'sending')
    throw new DeliveryInProgressError(`delivery ${deliveryId} is being sent`);
  return null;
}

async function sendEmail(
  context: AppContext,
  delivery: DeliveryRow,
  message: ComposedMessage,
  signal: AbortSignal,
): Promise<DeliveryOutcome> {
  if (!delivery.recipientAddress) return permanent('invalid_message', 'the recipient has no email address');
  const channel = await currentEmailChannel(context);
  if (!channel)
    return permanent('invalid_message', 'email is not configured: an admin must set up the SMTP server');
  const unsubscribe = message.unsubscribeUrl?.startsWith('https://')
    ? { url: message.unsubscribeUrl, oneClick: true }
    : null;
  return channel.send(
    {
      deliveryId: messageDeliveryId(delivery.id),
      // Someone known only by their address gets no display name.
      to: {
        address: delivery.recipientAddress,
        name: delivery.recipientName === delivery.recipientAddress ? null : delivery.recipientName,
      },
      ...message.rendered,
      threadKey: message.threadKey,
      listUnsubscribe: unsubscribe,
    },
    { signal },
  );
}

async function sendChat(
  context: AppContext,
  delivery: DeliveryRow,
  message: ComposedMessage,
  signal: AbortSignal,
): Promise<DeliveryOutcome> {
  const settings = delivery.chatWebhookId
    ? await chatWebhookSettings(context, delivery.chatWebhookId)
    : directChatSettings(context, delivery);
  if (!settings) return permanent('target_refused', 'the chat webhook was removed');
  const notification = chatNotificationFrom(message.rendered, {
    url: message.ticketUrl,
    linkLabel: message.threadKey ? `Open ${message.threadKey}` : 'Open in Opsdesk',
    severity: message.severity,
    facts: message.facts,
    timestamp: message.occurredAt.toISOString(),
  });
  return sendChatWebhook(settings, notification, {
    allowPrivateNetworks: context.config.allowPrivateNetworks,
    signal,
  });
}

type SentValues = {
  id: string;
  attempts: number;
  messageId: string | null;
  response: string;
  subject: string | null;
  now: Date;
  lastErrorCode: string | null;
  lastError: string | null;
};

/**
 * A send's record, while this attempt still holds the send (see `record`). Built once: every
 * message sent runs one, and Drizzle rebuilt it each time.
 */
function sentUpdate(db: Db, p: SentValues) {
  return db
    .update(notificationDeliveries)
    .set({
      status: 'sent',
      messageId: p.messageId,
      response: p.response,
      subject: p.subject,
      sentAt: p.now,
      updatedAt: p.now,
      nextAttemptAt: null,
      lastErrorCode: p.lastErrorCode,
      lastError: p.lastError,
    })
    .where(
      and(
        eq(notificationDeliveries.id, p.id),
        eq(notificationDeliveries.status, 'sending'),
        eq(notificationDeliveries.attempts, p.attempts),
      ),
    );
}
const sentExample: SentValues = {
  id: '00000000-0000-4000-8000-000000000001',
  attempts: 1,
  messageId: '<dlv_1@example.com>',
  response: '250 OK',
  subject: 'Subject',
  now: new Date('2026-01-02T03:04:05.678Z'),
  lastErrorCode: null,
  lastError: null,
};
const recordSent = prebuilt(sentUpdate, sentExample);
/** Stores the outcome. */
async function record(
  context: AppContext,
  delivery: DeliveryRow,
  outcome: DeliveryOutcome,
  subject: string | null,
  note: string | null,
): Promise<void> {
  const now = context.clock.now();
  // Only while this attempt still holds the send: one that outlasted its time and was taken over
  // by another attempt (attempts counted again) records nothing, and queues no retry of its own.
  const where = and(
    eq(notificationDeliveries.id, delivery.id),
    eq(notificationDeliveries.status, 'sending'),
    eq(notificationDeliveries.attempts, delivery.attempts),
  );
  if (outcome.status === 'sent') {
    const sent = {
      id: delivery.id,
      attempts: delivery.attempts,
      messageId: outcome.messageId,
      response: outcome.response,
      subject,
      now,
      lastErrorCode: note ? 'template_fallback' : null,
      lastError: note,
    };
    await recordSent.run(context.db, sent);
    return;
  }
  const canRetry = outcome.status === 'retryable' && delivery.attempts < context.config.notifyMaxAttempts;
  const nextAttemptAt = canRetry
    ? new Date(
        now.getTime() +
          retryDelayMs(context.config.notifyRetryBaseMs, delivery.attempts, outcome.retryAfterMs),
      )
    : null;
  const failure = {
    status: canRetry ? ('retrying' as const) : ('failed' as const),
    lastErrorCode: outcome.code,
    lastError: outcome.reason.slice(0, 2_000),
    subject,
    updatedAt: now,
    nextAttemptAt,
  };
  if (!nextAttemptAt) {
    // A final failure is one statement, no transaction, like a send.
    await context.db.update(notificationDeliveries).set(failure).where(where);
    return;
  }
  // The failure and the next attempt commit together: a retry is never lost nor doubled.
  await withTransaction(context.db, actor, async (tx) => {
    const held = await tx
      .update(notificationDeliveries)
      .set(failure)
      .where(where)
      .returning({ id: notificationDeliveries.id });
    if (held.length === 0) return;
    await notificationJobs.enqueue(
      tx,
      'notifications.deliver',
      { deliveryId: delivery.id },
      { runAt: nextAttemptAt, jobKey: `deliver:${delivery.id}:${delivery.attempts + 1}` },
    );
  });
}

/**
 * Composes a claimed delivery (status `sending`, this attempt counted), sends it and records the
 * outcome. A send that never records its outcome (the process died) is found by the sweep and
 * taken over by a deliver job once stale (`sendingTimeoutMs`).
 */
export async function sendClaimed(
  context: AppContext,
  delivery: DeliveryRow,
  occurrence: LoadedOccurrence,
  job: Pick<JobContext, 'signal' | 'log'>,
): Promise<void> {
  const composed =
    delivery.event === 'digest'
      ? await composeDigest(context, delivery)
      : delivery.event === directEvent
        ? await composeDirect(context, delivery)
        : await composeDelivery(context, delivery, occurrence);
  if (!composed.ok) {
    await record(context, delivery, permanent('invalid_message', composed.reason), null, null);
    return;
  }
  const { message } = composed;
  const outcome =
    delivery.channel === 'chat'
      ? await sendChat(context, delivery, message, job.signal)
      : await sendEmail(context, delivery, message, job.signal);
  if (outcome.status !== 'sent')
    job.log.warn({ deliveryId: delivery.id, outcome }, 'notification not delivered');
  await record(context, delivery, outcome, message.rendered.subject, message.note);
}

export async function deliver(context: AppContext, deliveryId: string, job: JobContext): Promise<void> {
  const claimed = await claim(context, deliveryId);
  if (!claimed) return;
  await sendClaimed(context, claimed.delivery, claimed.occurrence, job);
}
