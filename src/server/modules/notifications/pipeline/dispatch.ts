// The dispatch job of one occurrence: build the shared context once, find the recipients by the
// event's rules, apply their preferences, and in one transaction store a delivery per recipient
// and channel (unique per occurrence, channel and recipient, so a second run adds nothing), the
// in-app notifications, and the jobs that send the rest.

import { and, eq, isNull, param, sql } from 'drizzle-orm';
import type { AppContext } from '../../../context.js';
import { systemActor, type Tx, withTransaction } from '../../../db/client.js';
import type { NotificationTemplate } from '../../../lib/templates.js';
import { notifyUsers } from '../../tickets/index.js';
import {
  defaultPreference,
  type PlannedDelivery,
  planDeliveries,
  withoutOwnActions,
} from '../audiences/preferences.js';
import { digestHourOf, preferencesOf } from '../audiences/preferences.service.js';
import { rulesOf } from '../audiences/rules.service.js';
import { inboxUrl } from '../links/urls.js';
import { notificationJobs } from '../notifications.jobs.js';
import { notificationDeliveries, notificationEvents } from '../notifications.schema.js';
import { templateFor } from '../templates/templates.service.js';
import { enqueueDeliveries } from './batch-enqueue.js';
import { type BaseContext, buildBaseContext, type EventRow } from './context-builder.js';
import { nextDigestAt } from './digest-time.js';
import { isNotificationEvent, type NotificationEvent } from './events.js';
import { type Recipient, resolveAudience } from './recipients.js';
import { personalise, renderSubject } from './render.js';
import { snapshotOf, ticketFromJson, ticketJsonById } from './ticket-facts.js';

const actor = systemActor('notifications');

function recipientColumns(recipient: Recipient) {
  switch (recipient.kind) {
    case 'user':
      return {
        recipientKind: 'user' as const,
        recipientUserId: recipient.user.id,
        recipientAddress: recipient.user.email,
        recipientName: recipient.user.displayName,
        recipientTimeZone: recipient.user.timeZone,
        unsubscribeScope: recipient.unsubscribeScope,
        approvalId: recipient.approvalId,
      };
    case 'email':
      return {
        recipientKind: 'email' as const,
        recipientAddress: recipient.address,
        recipientName: recipient.name,
        recipientTimeZone: recipient.timeZone,
        unsubscribeScope: recipient.unsubscribeScope,
      };
    case 'chat':
      return {
        recipientKind: 'chat' as const,
        chatWebhookId: recipient.webhookId,
        recipientName: recipient.name,
      };
  }
}

interface Occurrence {
  context: AppContext;
  row: EventRow;
  event: NotificationEvent;
  base: BaseContext;
  template: NotificationTemplate;
}

/** The bell shows the message's subject, rendered for the reader. */
function inAppTitle({ context, row, event, base, template }: Occurrence, recipient: Recipient): string {
  if (recipient.kind !== 'user') return event;
  const personalised = personalise(
    context,
    event,
    base,
    {
      userId: recipient.user.id,
      name: recipient.user.displayName,
      email: recipient.user.email,
      timeZone: recipient.user.timeZone,
      unsubscribeScope: null,
      approvalId: null,
      deliveryId: row.id,
    },
    row.occurredAt,
    { preview: true },
  );
  if (!personalised.ok) return event;
  return renderSubject(event, template, personalised.context) ?? event;
}

const chunkSize = 500;

function chunks<T>(items: T[]): T[][] {
  const result: T[][] = [];
  for (let index = 0; index < items.length; index += chunkSize)
    result.push(items.slice(index, index + chunkSize));
  return result;
}

/** Stores the deliveries new to this occurrence, with their in-app rows and the jobs that send the rest. */
async function storePlans(
  tx: Tx,
  occurrence: Occurrence,
  plans: PlannedDelivery[],
  now: Date,
): Promise<void> {
  const { context, row } = occurrence;
  const rows = plans.map((plan) => {
    const title = plan.channel === 'in_app' ? inAppTitle(occurrence, plan.recipient) : null;
    return {
      plan,
      title,
      values: {
        dedupeKey: `${row.id}:${plan.channel}:${plan.recipient.key}`,
        eventId: row.id,
        event: row.event,
        ticketId: row.ticketId,
        incidentCommunicationId: row.incidentCommunicationId,
        channel: plan.channel,
        ...recipientColumns(plan.recipient),
        status: plan.status,
        subject: title,
        createdAt: now,
        updatedAt: now,
        ...(plan.status === 'sent' ? { sentAt: now, attempts: 1 } : {}),
      },
    };
  });
  const inserted = new Map<string, string>();
  for (const chunk of chunks(rows)) {
    const ids = await tx
      .insert(notificationDeliveries)
      .values(chunk.map((entry) => entry.values))
      .onConflictDoNothing({ target: notificationDeliveries.dedupeKey })
      .returning({ id: notificationDeliveries.id, dedupeKey: notificationDeliveries.dedupeKey });
    for (const { id, dedupeKey } of ids) inserted.set(dedupeKey, id);
  }
  const fresh = rows.filter((entry) => inserted.has(entry.values.dedupeKey));
  const links = occurrence.base.links as { ticket?: string } | undefined;
  const inbox = fresh.flatMap(({ plan, title, values }) =>
    plan.channel === 'in_app' && plan.recipient.kind === 'user'
      ? [
          {
            userId: plan.recipient.user.id,
            dedupeKey: values.dedupeKey,
            event: row.event,
            ticketId: row.ticketId,
            title: title ?? row.event,
            url: links?.ticket ?? inboxUrl(context.config.publicUrl),
            // When it happened, not when it was dispatched: the bell lists events in their order.
            createdAt: row.occurredAt,
          },
        ]
      : [],
  );
  // One unread entry per ticket: the newest news of a ticket stands for the older unread ones
  // (a request filed, approved and delivered is one thing to look at, not three).
  // Occurrences may be dispatched out of order: only older entries give way, and an entry older
  // than an unread one of the same ticket is stored as read.
  if (inbox.length > 0) {
    // One statement (issue 18): the unread entries of the same ticket older than this occurrence
    // are marked read, and the new entries stored, read already for whoever has a newer unread one.
    const userIds = param(inbox.map((entry) => entry.userId));
    const dedupeKeys = param(inbox.map((entry) => entry.dedupeKey));
    const titles = param(inbox.map((entry) => entry.title));
    const { url, createdAt } = inbox[0]!;
    await tx.execute(sql`
      with same_ticket as (
        select id, user_id, created_at from in_app_notifications
         where ticket_id = ${row.ticketId} and user_id = any(${userIds}::uuid[]) and read_at is null
      ), older as (
        update in_app_notifications set read_at = ${now}
         where id in (select id from same_ticket where created_at <= ${createdAt})
      )
      insert into in_app_notifications (user_id, dedupe_key, event, ticket_id, title, url, created_at, read_at)
      select entry.user_id, entry.dedupe_key, ${row.event}::text, ${row.ticketId}::uuid, entry.title, ${url}::text,
             ${createdAt}::timestamptz,
             case when exists (select 1 from same_ticket
                                where same_ticket.user_id = entry.user_id and created_at > ${createdAt})
                  then ${now}::timestamptz end
        from unnest(${userIds}::uuid[], ${dedupeKeys}::text[], ${titles}::text[])
          as entry(user_id, dedupe_key, title)`);
  }
  await notifyUsers(
    tx,
    inbox.map((entry) => entry.userId),
  );
  await enqueueDeliveries(
    tx,
    fresh
      .filter(({ plan }) => plan.status === 'pending')
      .map(({ values }) => inserted.get(values.dedupeKey)!),
  );
  for (const { plan } of fresh) {
    if (plan.status !== 'digest_pending' || plan.recipient.kind !== 'user') continue;
    const user = plan.recipient.user;
    await notificationJobs.enqueue(
      tx,
      'notifications.digest',
      { userId: user.id },
      {
        runAt: nextDigestAt(now, user.timeZone, await digestHourOf(tx, user.id)),
        jobKey: `digest:${user.id}`,
        jobKeyMode: 'preserve_run_at',
      },
    );
  }
}

export async function dispatch(context: AppContext, eventId: string): Promise<void> {
  const { db } = context;
  // The occurrence and its ticket in one statement (issue 18; the ticket read through the tickets
  // module's own SQL).
  const [found] = await db
    .select({ row: notificationEvents, ticket: ticketJsonById(notificationEvents.ticketId) })
    .from(notificationEvents)
    .where(eq(notificationEvents.id, eventId));
  const row = found?.row;
  if (!row || row.dispatchedAt) return;
  const now = context.clock.now();
  const markDone = () =>
    db.update(notificationEvents).set({ dispatchedAt: now }).where(eq(notificationEvents.id, row.id));
  if (!isNotificationEvent(row.event)) return void (await markDone());
  const event = row.event;
  const ticket = row.ticketId ? ticketFromJson(found.ticket) : undefined;
  const snapshot = ticket ? await snapshotOf(db, ticket) : null;
  const base = row.context ?? (await buildBaseContext(context, row, snapshot));
  if (!base) return void (await markDone());
  const { recipients, preferences: known } = await resolveAudience(
    context,
    row,
    await rulesOf(db, event),
    snapshot,
  );
  const userIds = recipients.flatMap((recipient) => (recipient.kind === 'user' ? [recipient.user.id] : []));
  // The preferences not read with the audience (none when it read them all).
  const preferences = await preferencesOf(
    db,
    userIds.filter((userId) => !known.has(userId)),
    event,
  );
  for (const [userId, preference] of known) if (preference) preferences.set(userId, preference);
  const actorId = typeof row.facts.actorId === 'string' ? row.facts.actorId : null;
  const plans = withoutOwnActions(
    planDeliveries(recipients, (userId) => preferences.get(userId) ?? defaultPreference),
    event,
    actorId,
  );
  const { template } = await templateFor(db, event);
  await withTransaction(db, actor, async (tx) => {
    // Claims the occurrence and marks it dispatched in one statement: a concurrent second run
    // waits on the row here, then finds it dispatched and stores nothing.
    const [claimed] = await tx
      .update(notificationEvents)
      .set({ context: base, dispatchedAt: now })
      .where(and(eq(notificationEvents.id, row.id), isNull(notificationEvents.dispatchedAt)))
      .returning({ id: notificationEvents.id });
    if (!claimed) return;
    await storePlans(tx, { context, row, event, base, template }, plans, now);
  });
}
