// One occurrence rendered for one recipient: the shared context plus who reads it (their time
// zone) and their own links (unsubscribe; approve/decline for an approver), checked against the
// event's context schema, then rendered with the event's template. A stored template that fails
// on real data falls back to the default one rather than losing the message.

import type { AppContext } from '../../../context.js';
import {
  type NotificationTemplate,
  type RenderedNotification,
  renderNotification,
  renderTemplate,
} from '../../../lib/templates.js';
import { isKnownTimeZone } from '../../../lib/time-zones.js';
import { approvalLinks, unsubscribeLink } from '../links/action-links.js';
import { approvalActionUrl } from '../links/urls.js';
import { defaultTemplates } from '../templates/defaults/index.js';
import { type NotificationEvent, parseEventContext } from './events.js';

export interface Reader {
  userId: string | null;
  name: string;
  email: string | null;
  timeZone: string;
  unsubscribeScope: string | null;
  approvalId: string | null;
  /** The delivery's id: the links' nonces derive from it. */
  deliveryId: string;
}

export const defaultLocale = 'en-GB';

// Luxon checks a zone by building an Intl formatter: remembered, as a fan-out asks thousands of times.
const validZone = isKnownTimeZone;

type Personalised = { ok: true; context: Record<string, unknown> } | { ok: false; reason: string };

function linksOf(base: Record<string, unknown>): Record<string, unknown> {
  const links = base.links;
  return typeof links === 'object' && links !== null ? { ...(links as Record<string, unknown>) } : {};
}

/** The full context for one reader; `preview` gives inert approve/decline links. */
export function personalise(
  context: Pick<AppContext, 'secretKey' | 'config'>,
  event: NotificationEvent,
  base: Record<string, unknown>,
  reader: Reader,
  issuedAt: Date,
  options: { preview?: boolean } = {},
): Personalised {
  const timeZone = validZone(reader.timeZone) ? reader.timeZone : 'UTC';
  const links = linksOf(base);
  links.unsubscribe = reader.unsubscribeScope
    ? unsubscribeLink(context, reader.unsubscribeScope, reader.deliveryId, issuedAt)
    : null;
  const full: Record<string, unknown> = {
    ...base,
    recipient: { name: reader.name, email: reader.email, timeZone, locale: defaultLocale },
  };
  if (event === 'approval.requested') {
    full.approver = { id: reader.userId, name: reader.name, email: reader.email };
    const approval = base.approval as { linksExpireAt?: string } | undefined;
    const ticketKey = (base.ticket as { key?: string } | undefined)?.key ?? '';
    if (options.preview || !reader.approvalId || !reader.userId) {
      links.approve = approvalActionUrl(context.config.publicUrl, 'preview-approve');
      links.decline = approvalActionUrl(context.config.publicUrl, 'preview-decline');
    } else {
      Object.assign(
        links,
        approvalLinks(context, {
          approvalId: reader.approvalId,
          ticketKey,
          approverId: reader.userId,
          deliveryId: reader.deliveryId,
          expiresAt: new Date(approval?.linksExpireAt ?? issuedAt.getTime()),
        }),
      );
    }
  }
  full.links = links;
  const parsed = parseEventContext(event, full);
  if (!parsed.ok)
    return { ok: false, reason: `the ${event} context is incomplete: ${parsed.issues.join('; ')}` };
  return { ok: true, context: parsed.context as Record<string, unknown> };
}

export type RenderOutcome =
  | { ok: true; rendered: RenderedNotification; note: string | null }
  | { ok: false; reason: string };

export function renderWithFallback(
  event: NotificationEvent,
  template: NotificationTemplate,
  context: Record<string, unknown>,
): RenderOutcome {
  const result = renderNotification(template, context);
  if (result.ok) return { ok: true, rendered: result.notification, note: null };
  const problem = `${result.problem.part} line ${result.problem.line}: ${result.problem.message}`;
  const fallback = renderNotification(defaultTemplates[event], context);
  if (!fallback.ok) return { ok: false, reason: `the template cannot be rendered: ${problem}` };
  return {
    ok: true,
    rendered: fallback.notification,
    note: `the customised template failed (${problem}); the default template was used`,
  };
}

/** The subject alone (the in-app inbox's title): cheaper than rendering the whole message. */
export function renderSubject(
  event: NotificationEvent,
  template: NotificationTemplate,
  context: Record<string, unknown>,
): string | null {
  for (const source of [template.subject, defaultTemplates[event].subject]) {
    const result = renderTemplate(source, context, 'text');
    if (result.ok) return result.output.replace(/\s+/g, ' ').trim();
  }
  return null;
}
