// Following tickets and saved searches. Anyone who may see a ticket may follow it; agents may add
// people without an account (just an address). A saved search is the query of GET /api/v1/tickets;
// its follower hears about matching tickets they may see.
import { and, asc, eq } from 'drizzle-orm';
import type { AppContext } from '../../../context.js';
import { isUniqueViolation, type Tx, withTransaction } from '../../../db/client.js';
import { conflict, notFound } from '../../../lib/errors.js';
import { actorOf, cachedUsersById, findUserByEmail, type Principal } from '../../identity/index.js';
import { ticketForCaller } from '../../tickets/index.js';
import { forgetNotificationConfig } from '../pipeline/config-cache.js';
import { filterSubscriptions, ticketSubscriptions } from './audiences.schema.js';
import type { SavedFilter } from './filter-match.js';

type SubscriptionRow = typeof ticketSubscriptions.$inferSelect;

async function subscriberOut(context: AppContext, rows: SubscriptionRow[]) {
  const users = await cachedUsersById(
    context.db,
    rows.flatMap((row) => (row.userId ? [row.userId] : [])),
  );
  return rows.map((row) => {
    const user = row.userId ? users.get(row.userId) : undefined;
    return {
      id: row.id,
      userId: row.userId,
      email: user?.email ?? row.email ?? '',
      name: user?.displayName ?? row.name ?? row.email ?? '',
      createdAt: row.createdAt,
    };
  });
}

export async function followTicket(
  context: AppContext,
  principal: Principal,
  key: string,
  requestId?: string,
) {
  const { ticket } = await ticketForCaller(context, principal, key);
  await withTransaction(context.db, actorOf(principal, requestId), (tx) =>
    tx
      .insert(ticketSubscriptions)
      .values({ ticketId: ticket.id, userId: principal.user.id, createdBy: principal.user.email })
      .onConflictDoNothing(),
  );
  return { following: true };
}

/** Makes a user follow a ticket in the caller's transaction (a practice decided they should hear of it). */
export async function followTicketAs(
  tx: Tx,
  ticketId: string,
  userId: string,
  createdBy: string,
): Promise<void> {
  await tx.insert(ticketSubscriptions).values({ ticketId, userId, createdBy }).onConflictDoNothing();
}

export async function unfollowTicket(
  context: AppContext,
  principal: Principal,
  key: string,
  requestId?: string,
) {
  const { ticket } = await ticketForCaller(context, principal, key);
  await withTransaction(context.db, actorOf(principal, requestId), (tx) =>
    tx
      .delete(ticketSubscriptions)
      .where(
        and(eq(ticketSubscriptions.ticketId, ticket.id), eq(ticketSubscriptions.userId, principal.user.id)),
      ),
  );
  return { following: false };
}

export async function isFollowing(context: AppContext, principal: Principal, key: string) {
  const { ticket } = await ticketForCaller(context, principal, key);
  const rows = await context.db
    .select({ id: ticketSubscriptions.id })
    .from(ticketSubscriptions)
    .where(
      and(eq(ticketSubscriptions.ticketId, ticket.id), eq(ticketSubscriptions.userId, principal.user.id)),
    );
  return { following: rows.length > 0 };
}

export async function listSubscribers(context: AppContext, principal: Principal, key: string) {
  const { ticket } = await ticketForCaller(context, principal, key);
  const rows = await context.db
    .select()
    .from(ticketSubscriptions)
    .where(eq(ticketSubscriptions.ticketId, ticket.id))
    .orderBy(asc(ticketSubscriptions.createdAt));
  return subscriberOut(context, rows);
}

/** An agent adds someone (an account's address becomes that account). */
export async function addSubscriber(
  context: AppContext,
  principal: Principal,
  key: string,
  input: { email: string; name?: string | undefined },
  requestId?: string,
) {
  const { ticket } = await ticketForCaller(context, principal, key);
  const user = await findUserByEmail(context.db, input.email);
  try {
    const [row] = await withTransaction(context.db, actorOf(principal, requestId), (tx) =>
      tx
        .insert(ticketSubscriptions)
        .values({
          ticketId: ticket.id,
          userId: user?.id ?? null,
          email: user ? null : input.email,
          name: user ? null : (input.name ?? null),
          createdBy: principal.user.email,
        })
        .returning(),
    );
    return (await subscriberOut(context, [row!]))[0]!;
  } catch (error) {
    if (isUniqueViolation(error))
      throw conflict('already_subscribed', `${input.email} already follows ${ticket.key}.`);
    throw error;
  }
}

export async function removeSubscriber(
  context: AppContext,
  principal: Principal,
  key: string,
  subscriptionId: string,
  requestId?: string,
) {
  const { ticket } = await ticketForCaller(context, principal, key);
  const removed = await withTransaction(context.db, actorOf(principal, requestId), (tx) =>
    tx
      .delete(ticketSubscriptions)
      .where(and(eq(ticketSubscriptions.id, subscriptionId), eq(ticketSubscriptions.ticketId, ticket.id)))
      .returning({ id: ticketSubscriptions.id }),
  );
  if (removed.length === 0) throw notFound('The subscription');
}

type FilterRow = typeof filterSubscriptions.$inferSelect;
const filterOut = (row: FilterRow) => ({
  id: row.id,
  name: row.name,
  query: row.query,
  createdAt: row.createdAt,
});

export async function listSavedFilters(context: AppContext, principal: Principal) {
  const rows = await context.db
    .select()
    .from(filterSubscriptions)
    .where(eq(filterSubscriptions.userId, principal.user.id))
    .orderBy(asc(filterSubscriptions.createdAt));
  return rows.map(filterOut);
}

export async function saveFilter(
  context: AppContext,
  principal: Principal,
  input: { name: string; query: SavedFilter },
  requestId?: string,
) {
  const query = Object.fromEntries(
    Object.entries(input.query).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
  const [row] = await withTransaction(context.db, actorOf(principal, requestId), (tx) =>
    tx
      .insert(filterSubscriptions)
      .values({ userId: principal.user.id, name: input.name, query, createdAt: context.clock.now() })
      .returning(),
  );
  forgetNotificationConfig();
  return filterOut(row!);
}

export async function deleteSavedFilter(
  context: AppContext,
  principal: Principal,
  id: string,
  requestId?: string,
) {
  const removed = await withTransaction(context.db, actorOf(principal, requestId), (tx) =>
    tx
      .delete(filterSubscriptions)
      .where(and(eq(filterSubscriptions.id, id), eq(filterSubscriptions.userId, principal.user.id)))
      .returning({ id: filterSubscriptions.id }),
  );
  forgetNotificationConfig();
  if (removed.length === 0) throw notFound('The saved search');
}
