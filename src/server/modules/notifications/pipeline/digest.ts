// The daily digest: notifications a person chose to receive in one email are held
// (digest_pending) until their digest hour; then one email lists them, each with its link.
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { AppContext } from '../../../context.js';
import { systemActor, withTransaction } from '../../../db/client.js';
import { type NotificationTemplate, renderNotification } from '../../../lib/templates.js';
import { unsubscribeLink } from '../links/action-links.js';
import { inboxUrl, siteName } from '../links/urls.js';
import { notificationJobs } from '../notifications.jobs.js';
import { notificationDeliveries } from '../notifications.schema.js';
import { type Composition, composeDelivery, type DeliveryRow } from './compose.js';
import { defaultLocale } from './render.js';

const font = 'font-family:Arial,Helvetica,sans-serif;';

export const digestTemplate: NotificationTemplate = {
  subject: '{{ site.name }}: {{ items.size }} update{% if items.size != 1 %}s{% endif %} for you',
  html: `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Your updates</title></head>
<body style="margin:0;padding:24px;background-color:#f3f4f6;${font}font-size:15px;line-height:22px;color:#111827;">
<table role="presentation" width="600" cellpadding="0" cellspacing="0" border="0" style="width:100%;max-width:600px;background-color:#ffffff;border:1px solid #d1d5db;">
<tr><td style="padding:24px;">
<h1 style="margin:0 0 16px 0;font-size:20px;">Hello {{ recipient.name }}, here is what happened</h1>
{% for item in items %}<p style="margin:0 0 12px 0;"><a href="{{ item.url }}" style="color:#1d4ed8;">{{ item.subject }}</a><br><span style="font-size:13px;color:#6b7280;">{{ item.at | datetime }}</span></p>
{% endfor %}</td></tr>
<tr><td style="padding:16px 24px;border-top:1px solid #e5e7eb;font-size:12px;color:#6b7280;">Sent by <a href="{{ site.url }}" style="color:#6b7280;">{{ site.name }}</a> once a day, as you chose.{% if links.unsubscribe %} <a href="{{ links.unsubscribe }}" style="color:#6b7280;">Stop these digests</a>.{% endif %}</td></tr>
</table>
</body></html>
`,
  text: `Hello {{ recipient.name }}, here is what happened:

{% for item in items %}- {{ item.subject }} ({{ item.at | datetime }})
  {{ item.url }}
{% endfor %}
--
{{ site.name }} · {{ site.url }}
{% if links.unsubscribe %}Stop these digests: {{ links.unsubscribe }}
{% endif %}`,
};

/** The digest job: gathers the held notifications into one digest delivery and queues it. */
export async function sendDigest(context: AppContext, userId: string): Promise<void> {
  const now = context.clock.now();
  await withTransaction(context.db, systemActor('notifications'), async (tx) => {
    const items = await tx
      .select()
      .from(notificationDeliveries)
      .where(
        and(
          eq(notificationDeliveries.recipientUserId, userId),
          eq(notificationDeliveries.status, 'digest_pending'),
        ),
      )
      .orderBy(asc(notificationDeliveries.createdAt))
      .for('update', { skipLocked: true });
    const first = items[0];
    if (!first) return;
    const [digest] = await tx
      .insert(notificationDeliveries)
      .values({
        dedupeKey: `digest:${userId}:${first.id}`,
        event: 'digest',
        channel: 'email',
        recipientKind: 'user',
        recipientUserId: userId,
        recipientAddress: first.recipientAddress,
        recipientName: first.recipientName,
        recipientTimeZone: first.recipientTimeZone,
        unsubscribeScope: `digest:${userId}`,
        status: 'pending',
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoNothing({ target: notificationDeliveries.dedupeKey })
      .returning({ id: notificationDeliveries.id });
    if (!digest) return;
    await tx
      .update(notificationDeliveries)
      .set({ status: 'digested', digestId: digest.id, updatedAt: now })
      .where(
        inArray(
          notificationDeliveries.id,
          items.map((item) => item.id),
        ),
      );
    await notificationJobs.enqueue(
      tx,
      'notifications.deliver',
      { deliveryId: digest.id },
      { jobKey: `deliver:${digest.id}:1` },
    );
  });
}

export async function composeDigest(context: AppContext, digest: DeliveryRow): Promise<Composition> {
  const items = await context.db
    .select()
    .from(notificationDeliveries)
    .where(eq(notificationDeliveries.digestId, digest.id))
    .orderBy(asc(notificationDeliveries.createdAt));
  const lines = [];
  for (const item of items) {
    const composed = await composeDelivery(context, item);
    if (!composed.ok) continue;
    lines.push({
      subject: composed.message.rendered.subject,
      url: composed.message.ticketUrl ?? inboxUrl(context.config.publicUrl),
      at: composed.message.occurredAt.toISOString(),
    });
  }
  if (lines.length === 0) return { ok: false, reason: 'none of the digest items can be composed any more' };
  const unsubscribeUrl = digest.unsubscribeScope
    ? unsubscribeLink(context, digest.unsubscribeScope, digest.id, digest.createdAt)
    : null;
  const rendered = renderNotification(digestTemplate, {
    site: { name: siteName, url: context.config.publicUrl },
    recipient: {
      name: digest.recipientName,
      email: digest.recipientAddress,
      timeZone: digest.recipientTimeZone,
      locale: defaultLocale,
    },
    items: lines,
    links: { unsubscribe: unsubscribeUrl },
  });
  if (!rendered.ok)
    return { ok: false, reason: `the digest cannot be rendered: ${rendered.problem.message}` };
  return {
    ok: true,
    message: {
      rendered: rendered.notification,
      note: null,
      event: 'digest',
      severity: 'info',
      threadKey: null,
      ticketUrl: inboxUrl(context.config.publicUrl),
      unsubscribeUrl,
      occurredAt: digest.createdAt,
      facts: [],
    },
  };
}
