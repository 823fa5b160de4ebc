// Subscribers without accounts: an email address or a chat webhook follows the whole page or some
// components. Double opt-in: a request only sends a signed confirmation link to the address (at
// most one per address every 10 minutes), and the answer never says whether the address was
// already subscribed. Confirmed subscribers receive each public update of a published incident on
// what they follow (never internal notes), through the notification pipeline, each message with
// a signed one-click unsubscribe link.
import { createHash } from 'node:crypto';
import { and, eq, isNotNull, sql } from 'drizzle-orm';
import type { StatusSubscriptionIn } from '../../../shared/api/statuspage.js';
import type { AppContext } from '../../context.js';
import { systemActor, withTransaction } from '../../db/client.js';
import { invalidField, tooManyRequests } from '../../lib/errors.js';
import { open, seal } from '../../lib/secretBox.js';
import { statusPageServices } from '../cmdb/index.js';
import { type PublicIncident, publishedIncidents } from '../incidents/index.js';
import {
  type DirectMessage,
  newActionNonce,
  sendMessages,
  signLink,
  verifyLink,
} from '../notifications/index.js';
import { escapeHtml } from './page.js';
import { statusSubscribers } from './statuspage.schema.js';
import { incidentUrl, pageName } from './summary.view.js';

const actor = systemActor('statuspage');
type Subscriber = typeof statusSubscribers.$inferSelect;

/** One confirmation message per address in this long (asking again sends nothing new). */
export const confirmationIntervalMs = 10 * 60_000;
const confirmLinkDays = 7;
const unsubscribeLinkDays = 365;
/** Updates older than this are never sent (a subscriber confirmed later gets none either way). */
const announceWindowMs = 2 * 86_400_000;

export const subscribeAnswer =
  'Thanks. If this address can receive updates, a message with a confirmation link is on its way; nothing is sent until it is confirmed.';

/** Attempts per client address in a window, kept in this process (a flood of requests meets 429). */
export class SubscribeLimiter {
  private readonly attempts = new Map<string, number[]>();
  constructor(
    private readonly max = 10,
    private readonly windowMs = 10 * 60_000,
  ) {}

  check(client: string, now: number): void {
    const recent = (this.attempts.get(client) ?? []).filter((at) => at > now - this.windowMs);
    if (recent.length >= this.max) {
      const retry = Math.ceil((recent[0]! + this.windowMs - now) / 1000);
      throw tooManyRequests('Too many subscription requests from this address; try again later.', retry);
    }
    recent.push(now);
    this.attempts.set(client, recent);
    if (this.attempts.size > 10_000) {
      for (const [key, times] of this.attempts)
        if (times.every((at) => at <= now - this.windowMs)) this.attempts.delete(key);
    }
  }
}

const hash = (value: string) => createHash('sha256').update(value).digest('hex');
const componentsKey = (ids: readonly string[]) => hash([...ids].sort().join(',')).slice(0, 16);

function linkUrl(context: AppContext, path: string, token: string) {
  return `${context.config.publicUrl}/status/${path}/${token}`;
}

function unsubscribeLink(context: AppContext, subscriber: Subscriber, now: Date) {
  return linkUrl(
    context,
    'unsubscribe',
    signLink(context, {
      action: 'unsubscribe',
      subject: `status-sub:${subscriber.id}`,
      expiresAt: new Date(now.getTime() + unsubscribeLinkDays * 86_400_000),
      nonce: newActionNonce(),
    }),
  );
}

function destination(context: AppContext, subscriber: Subscriber): DirectMessage['to'] {
  if (subscriber.kind === 'email') return { email: subscriber.address };
  return { chat: JSON.parse(open(context.secretKey, subscriber.webhookEncrypted!)) };
}

function names(ids: readonly string[], known: Map<string, string>) {
  return ids.length === 0
    ? 'every component'
    : ids.map((id) => known.get(id) ?? 'a removed component').join(', ');
}

/** A subscription request: validated, recorded, and a confirmation sent (unless one just was). */
export async function subscribe(context: AppContext, input: StatusSubscriptionIn): Promise<void> {
  const now = context.clock.now();
  const services = await statusPageServices(context.db, { includeInternal: false });
  const known = new Map(services.map((service) => [service.id, service.name]));
  const components = [...new Set(input.components)];
  const unknown = components.find((id) => !known.has(id));
  if (unknown) throw invalidField('components', `there is no component ${unknown} on the status page`);
  const kind = input.email !== undefined ? 'email' : 'chat';
  const address = input.email !== undefined ? input.email.trim().toLowerCase() : hash(input.webhook!.url);
  const webhookEncrypted = input.webhook ? seal(context.secretKey, JSON.stringify(input.webhook)) : null;

  await withTransaction(context.db, actor, async (tx) => {
    const [row] = await tx
      .insert(statusSubscribers)
      .values({ kind, address, webhookEncrypted, requestedComponentIds: components, createdAt: now })
      .onConflictDoUpdate({
        target: [statusSubscribers.kind, statusSubscribers.address],
        set: {
          requestedComponentIds: components,
          webhookEncrypted: sql`coalesce(excluded.webhook_encrypted, ${statusSubscribers.webhookEncrypted})`,
        },
      })
      .returning();
    const subscriber = row!;
    const sentAt = subscriber.confirmationSentAt;
    if (sentAt && now.getTime() - sentAt.getTime() < confirmationIntervalMs) return;
    await tx
      .update(statusSubscribers)
      .set({ confirmationSentAt: now })
      .where(eq(statusSubscribers.id, subscriber.id));
    const nonce = newActionNonce();
    const confirmUrl = linkUrl(
      context,
      'subscriptions/confirm',
      signLink(context, {
        action: 'confirm',
        subject: `status-sub:${subscriber.id}:${componentsKey(components)}`,
        expiresAt: new Date(now.getTime() + confirmLinkDays * 86_400_000),
        nonce,
      }),
    );
    const what = names(components, known);
    const text = `Someone (hopefully you) asked for ${pageName} updates about ${what} to be sent here.

Confirm the subscription: ${confirmUrl}

If you did not ask for this, ignore this message: nothing will be sent.`;
    await sendMessages(context, tx, [
      {
        dedupeKey: `status-confirm:${subscriber.id}:${nonce}`,
        to: destination(context, subscriber),
        subject: `Confirm your subscription to ${pageName}`,
        text,
        html: `<p>Someone (hopefully you) asked for ${escapeHtml(pageName)} updates about ${escapeHtml(what)} to be sent here.</p>
<p><a href="${escapeHtml(confirmUrl)}">Confirm the subscription</a></p>
<p>If you did not ask for this, ignore this message: nothing will be sent.</p>`,
        link: { url: confirmUrl, label: 'Confirm the subscription' },
      },
    ]);
  });
}

export type LinkOutcome =
  | { ok: true; subscriber: Subscriber; components: string }
  | { ok: false; status: number; message: string };

async function subscriberOfLink(
  context: AppContext,
  token: string,
  action: 'confirm' | 'unsubscribe',
): Promise<{ ok: true; subscriber: Subscriber | null; key: string | undefined } | LinkOutcome> {
  const verified = verifyLink(context, token);
  if (!verified.ok) {
    const status = verified.reason === 'expired' ? 410 : verified.reason === 'forged' ? 403 : 400;
    const message =
      verified.reason === 'expired'
        ? 'This link has expired. Subscribe again from the status page to get a new one.'
        : 'This link is not valid.';
    return { ok: false, status, message };
  }
  const [scope, id, key] = verified.payload.subject.split(':');
  if (verified.payload.action !== action || scope !== 'status-sub' || !id || !/^[0-9a-f-]{36}$/.test(id))
    return { ok: false, status: 400, message: 'This link is not valid.' };
  const [subscriber] = await context.db.select().from(statusSubscribers).where(eq(statusSubscribers.id, id));
  return { ok: true, subscriber: subscriber ?? null, key };
}

async function describe(context: AppContext, ids: readonly string[]) {
  const services = await statusPageServices(context.db, { includeInternal: false });
  return names(ids, new Map(services.map((service) => [service.id, service.name])));
}

/** Checks a confirmation link without using it (a mail scanner opening it changes nothing). */
export async function confirmationOf(context: AppContext, token: string): Promise<LinkOutcome> {
  const found = await subscriberOfLink(context, token, 'confirm');
  if (!found.ok) return found;
  if (!('key' in found) || !found.subscriber)
    return { ok: false, status: 410, message: 'This subscription no longer exists. Subscribe again.' };
  if (found.key !== componentsKey(found.subscriber.requestedComponentIds))
    return {
      ok: false,
      status: 409,
      message: 'A newer request changed this subscription: use the link in the latest message.',
    };
  return {
    ok: true,
    subscriber: found.subscriber,
    components: await describe(context, found.subscriber.requestedComponentIds),
  };
}

export async function confirm(context: AppContext, token: string): Promise<LinkOutcome> {
  const checked = await confirmationOf(context, token);
  if (!checked.ok) return checked;
  const now = context.clock.now();
  const [row] = await withTransaction(context.db, actor, (tx) =>
    tx
      .update(statusSubscribers)
      .set({
        componentIds: checked.subscriber.requestedComponentIds,
        confirmedAt: sql`coalesce(${statusSubscribers.confirmedAt}, ${now.toISOString()}::timestamptz)`,
      })
      .where(eq(statusSubscribers.id, checked.subscriber.id))
      .returning(),
  );
  return row
    ? { ...checked, subscriber: row }
    : { ok: false, status: 410, message: 'This subscription no longer exists.' };
}

export async function unsubscriptionOf(context: AppContext, token: string): Promise<LinkOutcome> {
  const found = await subscriberOfLink(context, token, 'unsubscribe');
  if (!found.ok) return found;
  if (!('key' in found) || !found.subscriber)
    return { ok: false, status: 200, message: 'You are not subscribed (any more): nothing will be sent.' };
  return {
    ok: true,
    subscriber: found.subscriber,
    components: await describe(context, found.subscriber.componentIds),
  };
}

/** One click: the subscription is gone (using the link again says so, and changes nothing). */
export async function unsubscribe(context: AppContext, token: string): Promise<LinkOutcome> {
  const checked = await unsubscriptionOf(context, token);
  if (!checked.ok) return checked;
  await withTransaction(context.db, actor, (tx) =>
    tx.delete(statusSubscribers).where(eq(statusSubscribers.id, checked.subscriber.id)),
  );
  return checked;
}

const capitalised = (status: string) => status.charAt(0).toUpperCase() + status.slice(1);

function updateMessages(
  context: AppContext,
  incident: PublicIncident,
  update: PublicIncident['updates'][number],
  subscribers: readonly Subscriber[],
  known: Map<string, string>,
  now: Date,
): DirectMessage[] {
  const affected = incident.serviceIds.filter((id) => known.has(id));
  const affectedNames = affected.map((id) => known.get(id)!).join(', ');
  const url = incidentUrl(context.config.publicUrl, incident.key);
  const subject = `[${pageName}] ${incident.title}: ${capitalised(update.status)}`;
  return subscribers
    .filter(
      (subscriber) =>
        subscriber.confirmedAt !== null &&
        subscriber.confirmedAt.getTime() <= update.at.getTime() &&
        (subscriber.componentIds.length === 0 || subscriber.componentIds.some((id) => affected.includes(id))),
    )
    .map((subscriber) => {
      const unsubscribeUrl = unsubscribeLink(context, subscriber, now);
      return {
        dedupeKey: `status-update:${update.id}:${subscriber.id}`,
        to: destination(context, subscriber),
        subject,
        text: `${capitalised(update.status)}: ${update.body}
${affectedNames ? `\nAffected: ${affectedNames}` : ''}
Details: ${url}

--
You receive this because you subscribed to ${pageName} updates.
Unsubscribe in one click: ${unsubscribeUrl}`,
        html: `<p><strong>${escapeHtml(capitalised(update.status))}</strong>: ${escapeHtml(update.body)}</p>
${affectedNames ? `<p>Affected: ${escapeHtml(affectedNames)}</p>` : ''}
<p><a href="${escapeHtml(url)}">Details on the status page</a></p>
<p style="color:#4b5563;font-size:13px">You receive this because you subscribed to ${escapeHtml(pageName)} updates. <a href="${escapeHtml(unsubscribeUrl)}">Unsubscribe</a></p>`,
        link: { url, label: `Open ${incident.key}` },
        unsubscribeUrl,
        threadKey: `status-${incident.key}`,
        severity: update.status === 'resolved' ? ('success' as const) : ('warning' as const),
      };
    });
}

/**
 * Sends every public update of a published incident (of the last two days) to the confirmed
 * subscribers following what it affects, once (the pipeline's dedupe keys): run by a job queued
 * with each public update and every minute.
 */
export async function announce(context: AppContext, now: Date): Promise<number> {
  const subscribers = await context.db
    .select()
    .from(statusSubscribers)
    .where(and(isNotNull(statusSubscribers.confirmedAt)));
  if (subscribers.length === 0) return 0;
  const since = new Date(now.getTime() - announceWindowMs);
  const [incidents, services] = await Promise.all([
    publishedIncidents(context.db, { since: new Date(now.getTime() - 90 * 86_400_000) }),
    statusPageServices(context.db, { includeInternal: false }),
  ]);
  const known = new Map(services.map((service) => [service.id, service.name]));
  const messages = incidents.flatMap((incident) =>
    incident.updates
      .filter((update) => update.at.getTime() >= since.getTime())
      .flatMap((update) => updateMessages(context, incident, update, subscribers, known, now)),
  );
  if (messages.length === 0) return 0;
  return withTransaction(context.db, actor, (tx) => sendMessages(context, tx, messages));
}
