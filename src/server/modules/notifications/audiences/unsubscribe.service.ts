// Unsubscribe links: each names what it stops (its scope), so it works without signing in and
// does exactly one thing. Unsubscribing twice is harmless.
import { and, eq, isNull } from 'drizzle-orm';
import type { AppContext } from '../../../context.js';
import { systemActor, withTransaction } from '../../../db/client.js';
import type { LinkPage } from '../links/action.service.js';
import { verifyLink } from '../links/action-links.js';
import { messagePage, unsubscribePage } from '../links/action-pages.js';
import { notificationPreferences } from '../notifications.schema.js';
import { forgetNotificationConfig } from '../pipeline/config-cache.js';
import { eventDefinitions, isNotificationEvent } from '../pipeline/events.js';
import {
  filterSubscriptions,
  mailingListMembers,
  mailingLists,
  ticketSubscriptions,
} from './audiences.schema.js';
import { stopEmails } from './preferences.service.js';

const actor = systemActor('unsubscribe-link');

type Scope =
  | { kind: 'pref'; userId: string; event: string }
  | { kind: 'sub' | 'filter' | 'member' | 'digest'; id: string };

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function parseScope(scope: string): Scope | null {
  const [kind, id, event] = scope.split(':');
  if (!id || !uuid.test(id)) return null;
  if (kind === 'pref') return event && isNotificationEvent(event) ? { kind, userId: id, event } : null;
  if (kind === 'sub' || kind === 'filter' || kind === 'member' || kind === 'digest') return { kind, id };
  return null;
}

/** What the scope stops, in words, or null when it no longer applies. */
async function describe(context: AppContext, scope: Scope): Promise<string | null> {
  const { db } = context;
  switch (scope.kind) {
    case 'pref':
      return `emails about “${eventDefinitions[scope.event as keyof typeof eventDefinitions].label.toLowerCase()}”`;
    case 'digest':
      return 'your daily digest emails';
    case 'sub': {
      const [row] = await db.select().from(ticketSubscriptions).where(eq(ticketSubscriptions.id, scope.id));
      return row ? 'updates about the ticket you follow' : null;
    }
    case 'filter': {
      const [row] = await db.select().from(filterSubscriptions).where(eq(filterSubscriptions.id, scope.id));
      return row ? `updates from your saved search “${row.name}”` : null;
    }
    case 'member': {
      const [row] = await db
        .select({ name: mailingLists.name })
        .from(mailingListMembers)
        .innerJoin(mailingLists, eq(mailingLists.id, mailingListMembers.listId))
        .where(and(eq(mailingListMembers.id, scope.id), isNull(mailingListMembers.unsubscribedAt)));
      return row ? `messages to the mailing list “${row.name}”` : null;
    }
  }
}

async function apply(context: AppContext, scope: Scope): Promise<void> {
  const now = context.clock.now();
  await withTransaction(context.db, actor, async (tx) => {
    switch (scope.kind) {
      case 'pref':
        await stopEmails(tx, scope.userId, scope.event, now);
        return;
      case 'digest':
        await tx
          .update(notificationPreferences)
          .set({ email: 'off', updatedAt: now })
          .where(
            and(eq(notificationPreferences.userId, scope.id), eq(notificationPreferences.email, 'digest')),
          );
        return;
      case 'sub':
        await tx.delete(ticketSubscriptions).where(eq(ticketSubscriptions.id, scope.id));
        return;
      case 'filter':
        await tx.delete(filterSubscriptions).where(eq(filterSubscriptions.id, scope.id));
        return;
      case 'member':
        await tx
          .update(mailingListMembers)
          .set({ unsubscribedAt: now })
          .where(and(eq(mailingListMembers.id, scope.id), isNull(mailingListMembers.unsubscribedAt)));
        return;
    }
  });
  // Followed searches are cached with the configuration (recipients.ts).
  forgetNotificationConfig();
}

function checkToken(
  context: AppContext,
  token: string,
): { ok: true; scope: Scope } | { ok: false; page: LinkPage } {
  const verified = verifyLink(context, token);
  const scope =
    verified.ok && verified.payload.action === 'unsubscribe' ? parseScope(verified.payload.subject) : null;
  if (scope) return { ok: true, scope };
  const expired = !verified.ok && verified.reason === 'expired';
  return {
    ok: false,
    page: {
      status: expired ? 410 : 400,
      html: messagePage(
        'This link cannot be used',
        expired
          ? 'This unsubscribe link has expired; change your notification settings in Opsdesk instead.'
          : 'This unsubscribe link is not valid.',
      ),
    },
  };
}

export async function unsubscribeLinkPage(context: AppContext, token: string): Promise<LinkPage> {
  const checked = checkToken(context, token);
  if (!checked.ok) return checked.page;
  const description = await describe(context, checked.scope);
  if (!description)
    return {
      status: 200,
      html: messagePage('Already unsubscribed', 'You will not receive these messages any more.'),
    };
  return { status: 200, html: unsubscribePage(description, `/u/${token}`) };
}

export async function actOnUnsubscribeLink(context: AppContext, token: string): Promise<LinkPage> {
  const checked = checkToken(context, token);
  if (!checked.ok) return checked.page;
  const description = await describe(context, checked.scope);
  if (description) await apply(context, checked.scope);
  return {
    status: 200,
    html: messagePage(
      'You are unsubscribed',
      description
        ? `You will not receive ${description} any more.`
        : 'You will not receive these messages any more.',
    ),
  };
}
