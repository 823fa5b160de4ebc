// People in a relation to a ticket besides requester, team and assignee (approvers, followers,
// incident roles). Practices record them here; visibility and live updates read only this table.
import { and, eq, inArray, param, sql } from 'drizzle-orm';
import type { Queryable, Tx } from '../../db/client.js';
import { ticketParticipants } from './tickets.schema.js';

/** Adds the users in `role` (active), or makes an existing relation active again. */
export async function addParticipants(
  tx: Tx,
  ticketId: string,
  userIds: readonly string[],
  role: string,
  now: Date,
): Promise<void> {
  const unique = [...new Set(userIds)];
  if (unique.length === 0) return;
  await tx
    .insert(ticketParticipants)
    .values(unique.map((userId) => ({ ticketId, userId, role, active: true, since: now })))
    .onConflictDoUpdate({
      target: [ticketParticipants.ticketId, ticketParticipants.userId, ticketParticipants.role],
      set: {
        active: true,
        since: sql`case when ${ticketParticipants.active} then ${ticketParticipants.since} else excluded.since end`,
      },
    });
}

/** Ends the relation (the users keep seeing the ticket: they took part in it). All of the role when no users are given. */
export async function deactivateParticipants(
  tx: Tx,
  ticketId: string,
  role: string,
  userIds?: readonly string[],
): Promise<void> {
  if (userIds && userIds.length === 0) return;
  await tx
    .update(ticketParticipants)
    .set({ active: false })
    .where(
      and(
        eq(ticketParticipants.ticketId, ticketId),
        eq(ticketParticipants.role, role),
        userIds ? sql`${ticketParticipants.userId} = any(${param([...userIds])}::uuid[])` : undefined,
      ),
    );
}

export async function participantsOf(
  db: Queryable,
  ticketIds: readonly string[],
  options: { role?: string; activeOnly?: boolean } = {},
) {
  if (ticketIds.length === 0) return [];
  return db
    .select()
    .from(ticketParticipants)
    .where(
      and(
        inArray(ticketParticipants.ticketId, [...ticketIds]),
        options.role ? eq(ticketParticipants.role, options.role) : undefined,
        options.activeOnly ? eq(ticketParticipants.active, true) : undefined,
      ),
    );
}
