// The dispatch of one occurrence (once its transaction commits, or by its job): build the shared
// context once, find the recipients by the event's rules, apply their preferences, and in one
// statement store a delivery per recipient and channel (unique per occurrence, channel and
// recipient, so a second run adds nothing), the in-app notifications, and the jobs that send the
// rest.

import { randomUUID } from 'node:crypto';
import { and, eq, inArray, param, sql } from 'drizzle-orm';
import type { AppContext } from '../../../context.js';
import { systemActor, withTransaction } from '../../../db/client.js';
import { prebuilt } from '../../../db/prebuilt.js';
import { addJobsSql } from '../../../jobs/queue.js';
import type { JobContext } from '../../../jobs/worker.js';
import type { NotificationTemplate } from '../../../lib/templates.js';
import { activeParticipantIdsSql, notifyUsersSql } from '../../tickets/index.js';
import {
  defaultPreference,
  type PlannedDelivery,
  type Preference,
  planDeliveries,
  withoutOwnActions,
} from '../audiences/preferences.js';
import { digestHourOf, preferencesOf } from '../audiences/preferences.service.js';
import { rulesOf } from '../audiences/rules.service.js';
import { inboxUrl } from '../links/urls.js';
import { notificationJobs } from '../notifications.jobs.js';
import {
  notificationDeliveries,
  notificationEvents,
  notificationPreferences,
} from '../notifications.schema.js';
import { customTemplateOf, templateFor } from '../templates/templates.service.js';
import type { DeliveryRow } from './compose.js';
import { type BaseContext, buildBaseContext, type EventRow } from './context-builder.js';
import { sendClaimed } from './deliver.js';
import { nextDigestAt } from './digest-time.js';
import {
  audiencePreferences,
  audienceReadsSql,
  occurrenceColumn,
  occurrenceReadsSql,
} from './event-reads.js';
import { isNotificationEvent, type NotificationEvent } from './events.js';
import { type Recipient, resolveAudience } from './recipients.js';
import { personalise, renderSubject } from './render.js';
import { snapshotOf, ticketFromJson, ticketJsonById } from './ticket-facts.js';

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

interface DigestPlan {
  userId: string;
  runAt: Date;
}

/**
 * Claims the occurrence and stores what it causes in ONE statement, no transaction (issue 18;
 * the notification tables are not audited, and one statement commits as a whole): the claim
 * (`dispatched_at`, so a concurrent second run finds it dispatched and stores nothing), a delivery
 * per plan (unique dedupe key), the in-app entries and the bell's live update, the deliver jobs of
 * the deliveries to send and the digest jobs of those held for a digest. Returns false when
 * another run had claimed it.
 */
async function claimAndStore(
  occurrence: Occurrence,
  plans: PlannedDelivery[],
  digests: DigestPlan[],
  now: Date,
  inline: boolean,
): Promise<{ claimed: boolean; toSend: DeliveryRow[] }> {
  const { context, row, base } = occurrence;
  const entries = plans.map((plan) => {
    const title = plan.channel === 'in_app' ? inAppTitle(occurrence, plan.recipient) : null;
    const columns = recipientColumns(plan.recipient);
    return {
      plan,
      title,
      values: {
        id: randomUUID(),
        dedupe_key: `${row.id}:${plan.channel}:${plan.recipient.key}`,
        event_id: row.id,
        event: row.event,
        ticket_id: row.ticketId,
        incident_communication_id: row.incidentCommunicationId,
        channel: plan.channel,
        recipient_kind: columns.recipientKind,
        recipient_user_id: ('recipientUserId' in columns ? columns.recipientUserId : null) ?? null,
        recipient_address: ('recipientAddress' in columns ? columns.recipientAddress : null) ?? null,
        recipient_name: columns.recipientName,
        recipient_time_zone: ('recipientTimeZone' in columns ? columns.recipientTimeZone : null) ?? 'UTC',
        chat_webhook_id: ('chatWebhookId' in columns ? columns.chatWebhookId : null) ?? null,
        unsubscribe_scope: ('unsubscribeScope' in columns ? columns.unsubscribeScope : null) ?? null,
        approval_id: ('approvalId' in columns ? columns.approvalId : null) ?? null,
        // Sent by this dispatch right after (see dispatch): taken for this first attempt already.
        status: inline && plan.status === 'pending' ? ('sending' as const) : plan.status,
        subject: title,
        created_at: now.toISOString(),
        updated_at: now.toISOString(),
        sent_at: plan.status === 'sent' ? now.toISOString() : null,
        attempts: plan.status === 'sent' || (inline && plan.status === 'pending') ? 1 : 0,
      },
    };
  });
  const links = base.links as { ticket?: string } | undefined;
  const inbox = entries.flatMap(({ plan, title, values }) =>
    plan.channel === 'in_app' && plan.recipient.kind === 'user'
      ? [{ userId: plan.recipient.user.id, dedupeKey: values.dedupe_key, title: title ?? row.event }]
      : [],
  );
  const url = links?.ticket ?? inboxUrl(context.config.publicUrl);
  // When it happened, not when it was dispatched: the bell lists events in their order.
  const createdAt = row.occurredAt;
  // Sent inline: no job (if this dispatch dies before recording an outcome, the sweep finds the
  // send stale and adds its deliver job, which takes it over).
  const deliverJobs = notificationJobs.specs(
    'notifications.deliver',
    entries
      .filter(({ plan }) => plan.status === 'pending' && !inline)
      .map(({ values }) => ({ payload: { deliveryId: values.id }, jobKey: `deliver:${values.id}:1` })),
  );
  const digestJobs = digests.map(({ userId, runAt }) => ({
    ...notificationJobs.specs('notifications.digest', [
      { payload: { userId }, runAt, jobKey: `digest:${userId}` },
    ])[0]!,
  }));
  const result = await context.db.execute<{ claimed: number }>(sql`
    with claimed as (
      update notification_events set context = ${JSON.stringify(base)}::jsonb, dispatched_at = ${now}
       where id = ${row.id} and dispatched_at is null
      returning id
    ), fresh as (
      insert into notification_deliveries (id, dedupe_key, event_id, event, ticket_id, incident_communication_id,
             channel, recipient_kind, recipient_user_id, recipient_address, recipient_name, recipient_time_zone,
             chat_webhook_id, unsubscribe_scope, approval_id, status, subject, created_at, updated_at, sent_at, attempts)
      select d.id, d.dedupe_key, d.event_id, d.event, d.ticket_id, d.incident_communication_id,
             d.channel, d.recipient_kind, d.recipient_user_id, d.recipient_address, d.recipient_name,
             d.recipient_time_zone, d.chat_webhook_id, d.unsubscribe_scope, d.approval_id, d.status, d.subject,
             d.created_at, d.updated_at, d.sent_at, d.attempts
        from json_populate_recordset(null::notification_deliveries, ${JSON.stringify(entries.map((entry) => entry.values))}::json) as d
       where exists (select 1 from claimed)
      on conflict (dedupe_key) do nothing
      returning id, dedupe_key, status, recipient_user_id
    ), same_ticket as (
      -- One unread entry per ticket: the newest news of a ticket stands for the older unread ones
      -- (a request filed, approved and delivered is one thing to look at, not three). Occurrences
      -- may be dispatched out of order: only older entries give way, and an entry older than an
      -- unread one of the same ticket is stored as read.
      select id, user_id, created_at from in_app_notifications
       where ticket_id = ${row.ticketId}::uuid and user_id = any(${param(inbox.map((entry) => entry.userId))}::uuid[])
         and read_at is null and exists (select 1 from claimed)
    ), older as (
      update in_app_notifications set read_at = ${now}
       where id in (select id from same_ticket where created_at <= ${createdAt})
    ), inbox as (
      insert into in_app_notifications (user_id, dedupe_key, event, ticket_id, title, url, created_at, read_at)
      select entry.user_id, entry.dedupe_key, ${row.event}::text, ${row.ticketId}::uuid, entry.title, ${url}::text,
             ${createdAt}::timestamptz,
             case when exists (select 1 from same_ticket
                                where same_ticket.user_id = entry.user_id and created_at > ${createdAt})
                  then ${now}::timestamptz end
        from unnest(${param(inbox.map((entry) => entry.userId))}::uuid[], ${param(inbox.map((entry) => entry.dedupeKey))}::text[],
                    ${param(inbox.map((entry) => entry.title))}::text[]) as entry(user_id, dedupe_key, title)
       where entry.dedupe_key in (select dedupe_key from fresh)
      returning user_id
    ), jobs as (
      select ${addJobsSql(deliverJobs, false, sql`(spec.payload->>'deliveryId')::uuid in (select id from fresh)`)} as deliver,
             ${addJobsSql(
               digestJobs,
               true,
               sql`(spec.payload->>'userId')::uuid in (select recipient_user_id from fresh where status = 'digest_pending')`,
             )} as digest
    )
    select (select count(*) from claimed)::int as claimed,
           (select deliver + digest from jobs)::int as jobs,
           (select count(*) from (select ${notifyUsersSql(inbox.map((entry) => entry.userId))}
                                   where exists (select 1 from inbox)) as bell)::int as bell`);
  if ((result.rows[0]?.claimed ?? 0) === 0) return { claimed: false, toSend: [] };
  const toSend = entries.flatMap(({ values }): DeliveryRow[] =>
    values.status === 'sending'
      ? [
          {
            id: values.id,
            dedupeKey: values.dedupe_key,
            eventId: values.event_id,
            event: values.event,
            ticketId: values.ticket_id,
            incidentCommunicationId: values.incident_communication_id,
            channel: values.channel,
            recipientKind: values.recipient_kind,
            recipientUserId: values.recipient_user_id,
            recipientAddress: values.recipient_address,
            recipientName: values.recipient_name,
            recipientTimeZone: values.recipient_time_zone,
            chatWebhookId: values.chat_webhook_id,
            unsubscribeScope: values.unsubscribe_scope,
            approvalId: values.approval_id,
            digestId: null,
            status: 'sending',
            attempts: values.attempts,
            lastErrorCode: null,
            lastError: null,
            messageId: null,
            response: null,
            subject: null,
            createdAt: now,
            updatedAt: now,
            sentAt: null,
            nextAttemptAt: null,
          },
        ]
      : [],
  );
  return { claimed: true, toSend };
}

/**
 * The occurrence, its ticket (read through the tickets module's own SQL), the facts its event's
 * context needs, the people its rules' audiences name from the ticket's tables (pending approvers,
 * the team, subscribers: `event-reads.ts`) with their preferences of the event, and the event's
 * preferences of the ticket's requester, assignee and active participants, the people most rules
 * name, in one statement (issue 18). Built once: every occurrence runs it, and Drizzle rebuilt its
 * text (the ticket's json, the subqueries) each time.
 */
const occurrenceWithPreferences = prebuilt(
  (db, p: { eventId: string }) => {
    const ticketJson = ticketJsonById(notificationEvents.ticketId);
    const participants = activeParticipantIdsSql(occurrenceColumn('ticket_id'));
    return db
      .select({
        row: notificationEvents,
        ticket: ticketJson,
        participants,
        reads: occurrenceReadsSql,
        audiences: audienceReadsSql,
        preferences: sql<{ userId: string; email: Preference['email']; inApp: boolean }[] | null>`(
        select json_agg(json_build_object('userId', p.user_id, 'email', p.email, 'inApp', p.in_app))
          from ${notificationPreferences} p
         where p.event = ${occurrenceColumn('event')}
           and (p.user_id::text in (${ticketJson}->>'requesterId', ${ticketJson}->>'assigneeId')
                or p.user_id::text = any(${participants}::text[])))`,
      })
      .from(notificationEvents)
      .where(eq(notificationEvents.id, p.eventId));
  },
  { eventId: '00000000-0000-4000-8000-000000000001' },
);

/** At most this many emails and chat messages of one occurrence are sent by its dispatch itself. */
const inlineSendLimit = 5;
/**
 * No inline send starts later than this after the dispatch: one that starts then and runs to its
 * own timeouts (a minute at most) is recorded before it is stale (`sendingTimeoutMs`) and taken over.
 */
const inlineSendBudgetMs = 45_000;

/**
 * Dispatches one occurrence. With `job` (the dispatch job, or the process dispatching after
 * commit), the few messages it causes (at most `inlineSendLimit`) are sent right after they are
 * stored (one this dispatch never records is found by the sweep once stale and taken over by a
 * deliver job); without, or beyond the limit, deliver jobs send them.
 */
export async function dispatch(
  context: AppContext,
  eventId: string,
  job?: Pick<JobContext, 'signal' | 'log'>,
): Promise<void> {
  const { db } = context;
  const [found] = await occurrenceWithPreferences.run(db, { eventId });
  const row = found?.row;
  if (!row || row.dispatchedAt) return;
  const now = context.clock.now();
  const markDone = () =>
    db.update(notificationEvents).set({ dispatchedAt: now }).where(eq(notificationEvents.id, row.id));
  if (!isNotificationEvent(row.event)) return void (await markDone());
  const event = row.event;
  const ticket = row.ticketId ? ticketFromJson(found.ticket) : undefined;
  const snapshot = ticket ? await snapshotOf(db, ticket) : null;
  const base = row.context ?? (await buildBaseContext(context, row, snapshot, found.reads));
  if (!base) return void (await markDone());
  const audiences = found.audiences ?? {};
  const { recipients, preferences: known } = await resolveAudience(
    context,
    row,
    await rulesOf(db, event),
    snapshot,
    audiences,
  );
  // The event's preferences read so far (null: none stored, the default applies).
  const read = new Map<string, Preference | null>(known);
  if (ticket)
    for (const userId of [ticket.requesterId, ticket.assigneeId, ...(found.participants ?? [])])
      if (userId) read.set(userId, null);
  for (const [userId, preference] of audiencePreferences(audiences)) read.set(userId, preference);
  for (const preference of found.preferences ?? [])
    read.set(preference.userId, { email: preference.email, inApp: preference.inApp });
  const userIds = recipients.flatMap((recipient) => (recipient.kind === 'user' ? [recipient.user.id] : []));
  // The preferences not read yet (none when the reads above found them all).
  const preferences = await preferencesOf(
    db,
    userIds.filter((userId) => !read.has(userId)),
    event,
  );
  for (const [userId, preference] of read) if (preference) preferences.set(userId, preference);
  const actorId = typeof row.facts.actorId === 'string' ? row.facts.actorId : null;
  const plans = withoutOwnActions(
    planDeliveries(recipients, (userId) => preferences.get(userId) ?? defaultPreference),
    event,
    actorId,
  );
  const { template } = await templateFor(db, event);
  // The digest's next run of each person with an email held for it (one job per person).
  const digests: DigestPlan[] = [];
  for (const plan of plans)
    if (plan.status === 'digest_pending' && plan.recipient.kind === 'user') {
      const user = plan.recipient.user;
      if (digests.some((digest) => digest.userId === user.id)) continue;
      digests.push({
        userId: user.id,
        runAt: nextDigestAt(now, user.timeZone, await digestHourOf(db, user.id)),
      });
    }
  const inline =
    job !== undefined && plans.filter((plan) => plan.status === 'pending').length <= inlineSendLimit;
  const { claimed, toSend } = await claimAndStore(
    { context, row, event, base, template },
    plans,
    digests,
    now,
    inline,
  );
  if (!claimed || !job || toSend.length === 0) return;
  const occurrence = {
    row: { ...row, context: base, dispatchedAt: now },
    custom: await customTemplateOf(db, event),
  };
  for (const [index, delivery] of toSend.entries()) {
    // Slow sends (a relay that hangs until its timeouts): what is left goes to its deliver job
    // now, before one could be found stale and taken over while this dispatch is still sending it.
    if (context.clock.now().getTime() - now.getTime() > inlineSendBudgetMs) {
      await handBack(context, toSend.slice(index));
      return;
    }
    try {
      await sendClaimed(context, delivery, occurrence, job);
    } catch (error) {
      // Left 'sending': its deliver job takes it over once the send is stale.
      job.log.error({ err: error, deliveryId: delivery.id }, 'inline notification send failed');
    }
  }
}

/**
 * Deliveries this dispatch stored for itself but will not send: pending again, their first attempt
 * not counted, their deliver job due now.
 */
async function handBack(context: AppContext, deliveries: readonly DeliveryRow[]): Promise<void> {
  const now = context.clock.now();
  await withTransaction(context.db, systemActor('notifications'), async (tx) => {
    const returned = await tx
      .update(notificationDeliveries)
      .set({ status: 'pending', attempts: 0, updatedAt: now })
      .where(
        and(
          inArray(
            notificationDeliveries.id,
            deliveries.map((delivery) => delivery.id),
          ),
          eq(notificationDeliveries.status, 'sending'),
          eq(notificationDeliveries.attempts, 1),
        ),
      )
      .returning({ id: notificationDeliveries.id });
    for (const { id } of returned)
      await notificationJobs.enqueue(
        tx,
        'notifications.deliver',
        { deliveryId: id },
        { jobKey: `deliver:${id}:1` },
      );
  });
}
