// The in-app inbox behind the bell: newest first, unread count, marking read.
import { and, count, desc, eq, isNull, lt, or, type SQL, sql } from 'drizzle-orm';
import type { Db, Queryable, Tx } from '../../../db/client.js';
import { badRequest, notFound } from '../../../lib/errors.js';
import { notifyUsers, ticketKeysByIds } from '../../tickets/index.js';
import { inAppNotifications } from '../notifications.schema.js';

interface Cursor {
  createdAt: string;
  id: string;
}

function decodeCursor(cursor: string): Cursor {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Cursor;
    if (typeof parsed.createdAt === 'string' && typeof parsed.id === 'string') return parsed;
  } catch {
    // fall through
  }
  throw badRequest('invalid_cursor', 'cursor: not a cursor this API returned.');
}

export async function listInbox(
  db: Queryable,
  userId: string,
  query: { unread?: boolean | undefined; limit: number; cursor?: string | undefined },
) {
  const conditions: (SQL | undefined)[] = [eq(inAppNotifications.userId, userId)];
  if (query.unread) conditions.push(isNull(inAppNotifications.readAt));
  if (query.cursor) {
    const cursor = decodeCursor(query.cursor);
    const at = new Date(cursor.createdAt);
    conditions.push(
      or(
        lt(inAppNotifications.createdAt, at),
        and(eq(inAppNotifications.createdAt, at), sql`${inAppNotifications.id} < ${cursor.id}::uuid`),
      ),
    );
  }
  const notifications = await db
    .select()
    .from(inAppNotifications)
    .where(and(...conditions))
    .orderBy(desc(inAppNotifications.createdAt), desc(inAppNotifications.id))
    .limit(query.limit + 1);
  const keys = await ticketKeysByIds(
    db,
    notifications.flatMap((notification) => (notification.ticketId ? [notification.ticketId] : [])),
  );
  const rows = notifications.map((notification) => ({
    notification,
    ticketKey: notification.ticketId ? (keys.get(notification.ticketId) ?? null) : null,
  }));
  const page = rows.slice(0, query.limit);
  const last = page.at(-1)?.notification;
  return {
    items: page.map(({ notification, ticketKey }) => ({
      id: notification.id,
      event: notification.event,
      ticketKey,
      title: notification.title,
      url: notification.url,
      createdAt: notification.createdAt,
      readAt: notification.readAt,
    })),
    nextCursor:
      rows.length > query.limit && last
        ? Buffer.from(JSON.stringify({ createdAt: last.createdAt.toISOString(), id: last.id })).toString(
            'base64url',
          )
        : null,
  };
}

export async function unreadCount(db: Queryable, userId: string): Promise<number> {
  const [row] = await db
    .select({ unread: count() })
    .from(inAppNotifications)
    .where(and(eq(inAppNotifications.userId, userId), isNull(inAppNotifications.readAt)));
  return row?.unread ?? 0;
}

export async function markRead(db: Db, userId: string, id: string, now: Date): Promise<void> {
  const [row] = await db
    .select({ readAt: inAppNotifications.readAt })
    .from(inAppNotifications)
    .where(and(eq(inAppNotifications.id, id), eq(inAppNotifications.userId, userId)));
  if (!row) throw notFound('The notification');
  if (!row.readAt)
    await db.update(inAppNotifications).set({ readAt: now }).where(eq(inAppNotifications.id, id));
}

export async function markAllRead(db: Db, userId: string, now: Date): Promise<number> {
  const updated = await db
    .update(inAppNotifications)
    .set({ readAt: now })
    .where(and(eq(inAppNotifications.userId, userId), isNull(inAppNotifications.readAt)))
    .returning({ id: inAppNotifications.id });
  return updated.length;
}

/**
 * Puts a message in these people's in-app inbox, in the caller's transaction (a practice's own
 * reminder: "the next update of INC-7 is due"); their open pages hear of it at commit.
 */
export async function tellInApp(
  tx: Tx,
  input: {
    userIds: readonly string[];
    ticketId: string | null;
    event: string;
    title: string;
    url: string;
    dedupeKey: string;
  },
): Promise<void> {
  const userIds = [...new Set(input.userIds)];
  if (userIds.length === 0) return;
  await tx
    .insert(inAppNotifications)
    .values(
      userIds.map((userId) => ({
        userId,
        dedupeKey: `${input.dedupeKey}:${userId}`,
        event: input.event,
        ticketId: input.ticketId,
        title: input.title,
        url: input.url,
      })),
    )
    .onConflictDoNothing();
  await notifyUsers(tx, userIds);
}
