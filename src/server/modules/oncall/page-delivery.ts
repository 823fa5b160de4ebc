// Delivering a page: the email (with the signed single-use acknowledge link) and the chat
// message, each from its job. A failure the server may recover from throws, so the queue retries
// with backoff; a permanent one is logged. A page acknowledged meanwhile is not sent.
import { and, eq } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { usersByIds } from '../identity/index.js';
import {
  currentEmailChannel,
  pageAcknowledgeLink,
  sendChatMessage,
  ticketUrl,
} from '../notifications/index.js';
import { escalationPolicies, pageRecipients } from './oncall.schema.js';
import { getPage } from './paging.service.js';

const linkHours = 24;

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

export async function emailPage(
  context: AppContext,
  payload: { pageId: string; userId: string; level: number; loop: number },
): Promise<void> {
  const page = await getPage(context.db, payload.pageId).catch(() => undefined);
  if (page?.status !== 'triggered') return;
  const [recipient] = await context.db
    .select()
    .from(pageRecipients)
    .where(
      and(
        eq(pageRecipients.pageId, payload.pageId),
        eq(pageRecipients.userId, payload.userId),
        eq(pageRecipients.level, payload.level),
        eq(pageRecipients.loop, payload.loop),
      ),
    );
  const user = (await usersByIds(context.db, [payload.userId])).get(payload.userId);
  if (!recipient || !user?.active) return;
  const channel = await currentEmailChannel(context);
  if (!channel) {
    context.log.warn({ pageId: page.id }, 'email is not configured: a page went out in-app only');
    return;
  }
  const ack = pageAcknowledgeLink(context, {
    pageId: page.id,
    userId: user.id,
    ticketKey: page.ticketKey,
    nonce: recipient.nonce,
    expiresAt: new Date(recipient.notifiedAt.getTime() + linkHours * 3_600_000),
  });
  const incident = ticketUrl(context.config.publicUrl, page.ticketKey);
  const subject = `[PAGE] ${page.ticketKey}: ${page.title}`;
  const text = [
    `${user.displayName}, you are paged for ${page.ticketKey}: ${page.title}`,
    `(level ${payload.level + 1}${payload.loop > 0 ? `, round ${payload.loop + 1}` : ''}).`,
    '',
    `Acknowledge (stops the escalation): ${ack}`,
    `The incident: ${incident}`,
    '',
    '-- ',
    'Opsdesk on-call',
  ].join('\n');
  const html = `<p>${escapeHtml(user.displayName)}, you are paged for <strong>${escapeHtml(page.ticketKey)}</strong>: ${escapeHtml(page.title)}.</p>
<p><a href="${escapeHtml(ack)}">Acknowledge</a> (stops the escalation) · <a href="${escapeHtml(incident)}">Open the incident</a></p>`;
  const outcome = await channel.send({
    deliveryId: `page_${page.id.replaceAll('-', '')}_${user.id.replaceAll('-', '')}_${payload.level}_${payload.loop}`,
    to: { address: user.email, name: user.displayName },
    subject,
    text,
    html,
    threadKey: page.ticketKey,
  });
  if (outcome.status === 'retryable') throw new Error(`page email to ${user.email}: ${outcome.reason}`);
  if (outcome.status === 'permanent')
    context.log.warn(
      { pageId: page.id, userId: user.id, reason: outcome.reason },
      'a page email was refused',
    );
}

export async function chatPage(
  context: AppContext,
  payload: { pageId: string; level: number; loop: number },
) {
  const page = await getPage(context.db, payload.pageId).catch(() => undefined);
  if (page?.status !== 'triggered') return;
  const [policy] = await context.db
    .select()
    .from(escalationPolicies)
    .where(eq(escalationPolicies.id, page.policyId));
  if (!policy?.chatWebhookId) return;
  const outcome = await sendChatMessage(context, policy.chatWebhookId, {
    title: `Paging ${policy.name}: ${page.ticketKey} ${page.title}`,
    text: `Level ${payload.level + 1}${payload.loop > 0 ? ` (round ${payload.loop + 1})` : ''} is paged; acknowledge in Opsdesk or from the emailed link.`,
    url: ticketUrl(context.config.publicUrl, page.ticketKey),
    linkLabel: `Open ${page.ticketKey}`,
    severity: 'critical',
    facts: [
      { label: 'Policy', value: policy.name },
      { label: 'Level', value: String(payload.level + 1) },
    ],
    timestamp: new Date().toISOString(),
  });
  if (outcome.status === 'retryable') throw new Error(`page chat message: ${outcome.reason}`);
}
