// The delivery log: per ticket for the agents who may see it, and all of it for admins.
import { and, desc, eq, lt, or, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { DeliveryOut, deliveryQuery } from '../../../../shared/api/notifications.js';
import type { AppContext } from '../../../context.js';
import type { Queryable } from '../../../db/client.js';
import { badRequest } from '../../../lib/errors.js';
import type { Principal } from '../../identity/index.js';
import { ticketForCaller, ticketKeysByIds } from '../../tickets/index.js';
import { notificationDeliveries } from '../notifications.schema.js';

type Row = { delivery: typeof notificationDeliveries.$inferSelect; ticketKey: string | null };

function toOut({ delivery, ticketKey }: Row): DeliveryOut {
  return {
    id: delivery.id,
    event: delivery.event,
    channel: delivery.channel,
    ticketKey,
    incidentCommunicationId: delivery.incidentCommunicationId,
    recipient: {
      kind: delivery.recipientKind,
      name: delivery.recipientName,
      address: delivery.recipientAddress,
      userId: delivery.recipientUserId,
    },
    status: delivery.status,
    attempts: delivery.attempts,
    subject: delivery.subject,
    messageId: delivery.messageId,
    response: delivery.response,
    lastErrorCode: delivery.lastErrorCode,
    lastError: delivery.lastError,
    createdAt: delivery.createdAt,
    sentAt: delivery.sentAt,
    nextAttemptAt: delivery.nextAttemptAt,
  };
}

async function query(db: Queryable, where: SQL | undefined, limit: number) {
  const deliveries = await db
    .select()
    .from(notificationDeliveries)
    .where(where)
    .orderBy(desc(notificationDeliveries.createdAt), desc(notificationDeliveries.id))
    .limit(limit);
  const keys = await ticketKeysByIds(
    db,
    deliveries.flatMap((delivery) => (delivery.ticketId ? [delivery.ticketId] : [])),
  );
  return deliveries.map((delivery) => ({
    delivery,
    ticketKey: delivery.ticketId ? (keys.get(delivery.ticketId) ?? null) : null,
  }));
}

export async function ticketDeliveries(context: AppContext, principal: Principal, key: string) {
  const { ticket } = await ticketForCaller(context, principal, key);
  const rows = await query(context.db, eq(notificationDeliveries.ticketId, ticket.id), 1_000);
  return rows.map(toOut);
}

export async function communicationDeliveries(context: AppContext, communicationId: string) {
  const rows = await query(
    context.db,
    eq(notificationDeliveries.incidentCommunicationId, communicationId),
    5_000,
  );
  return rows.map(toOut);
}

export async function allDeliveries(context: AppContext, filter: z.infer<typeof deliveryQuery>) {
  const conditions: (SQL | undefined)[] = [
    filter.status ? eq(notificationDeliveries.status, filter.status) : undefined,
    filter.channel ? eq(notificationDeliveries.channel, filter.channel) : undefined,
    filter.event ? eq(notificationDeliveries.event, filter.event) : undefined,
  ];
  if (filter.cursor) {
    let cursor: { createdAt: string; id: string };
    try {
      cursor = JSON.parse(Buffer.from(filter.cursor, 'base64url').toString('utf8'));
    } catch {
      throw badRequest('invalid_cursor', 'cursor: not a cursor this API returned.');
    }
    const at = new Date(cursor.createdAt);
    conditions.push(
      or(
        lt(notificationDeliveries.createdAt, at),
        and(eq(notificationDeliveries.createdAt, at), sql`${notificationDeliveries.id} < ${cursor.id}::uuid`),
      ),
    );
  }
  const rows = await query(context.db, and(...conditions), filter.limit + 1);
  const page = rows.slice(0, filter.limit);
  const last = page.at(-1)?.delivery;
  return {
    items: page.map(toOut),
    nextCursor:
      rows.length > filter.limit && last
        ? Buffer.from(JSON.stringify({ createdAt: last.createdAt.toISOString(), id: last.id })).toString(
            'base64url',
          )
        : null,
  };
}
