// People in a relation to a ticket besides requester, team and assignee (approvers, followers,
// incident roles). Practices record them here; visibility and live updates read only this table.
import { and, eq, inArray, param, type SQL, sql } from 'drizzle-orm';
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

/**
 * `addParticipants` as a statement another module embeds as a CTE of its own (issue 18: the
 * approvers asked and their approvals in one round trip); the tickets module still writes its table.
 */
export function addParticipantsStatement(
  ticketId: string,
  userIds: readonly string[],
  role: string,
  now: Date,
): SQL {
  const unique = [...new Set(userIds)];
  return sql`insert into ${ticketParticipants} (ticket_id, user_id, role, active, since)
    select ${ticketId}::uuid, user_id, ${role}::text, true, ${now.toISOString()}::timestamptz
      from unnest(${param(unique)}::uuid[]) as u(user_id)
    on conflict (ticket_id, user_id, role) do update set
      active = true, since = case when ${ticketParticipants}.active then ${ticketParticipants}.since else excluded.since end
    returning user_id`;
}

/**
 * `deactivateParticipants` as a statement another module embeds as a CTE of its own: the users of
 * `role` whom `which` (an SQL condition on their id, in the embedding statement's terms) selects.
 */
export function deactivateParticipantsStatement(
  ticketId: string,
  role: string,
  which: (userId: SQL) => SQL,
): SQL {
  return sql`update ${ticketParticipants} set active = false
     where ticket_id = ${ticketId}::uuid and role = ${role}::text and (${which(sql`user_id`)})
    returning user_id`;
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
