// Mailing lists: audiences by service and region (seed 001), whose members may have no account.
import { asc, count, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type {
  mailingListInput,
  mailingListPatch,
  memberInput,
} from '../../../../shared/api/incident-communications.js';
import type { AppContext } from '../../../context.js';
import { type Actor, isUniqueViolation, type Queryable, withTransaction } from '../../../db/client.js';
import { conflict, notFound } from '../../../lib/errors.js';
import { findUserByEmail } from '../../identity/index.js';
import { mailingListMembers, mailingLists } from './audiences.schema.js';

type ListRow = typeof mailingLists.$inferSelect;
type MemberRow = typeof mailingListMembers.$inferSelect;

const listOut = (row: ListRow, members: number) => ({
  id: row.id,
  key: row.key,
  name: row.name,
  description: row.description,
  services: row.services,
  regions: row.regions,
  timeZone: row.timeZone,
  members,
});

const memberOut = (row: MemberRow) => ({
  id: row.id,
  email: row.email,
  name: row.name,
  userId: row.userId,
  unsubscribedAt: row.unsubscribedAt,
  createdAt: row.createdAt,
});

export async function listMailingLists(db: Queryable) {
  const rows = await db.select().from(mailingLists).orderBy(asc(mailingLists.name));
  const counts = await db
    .select({ listId: mailingListMembers.listId, members: count() })
    .from(mailingListMembers)
    .where(sql`${mailingListMembers.unsubscribedAt} is null`)
    .groupBy(mailingListMembers.listId);
  return rows.map((row) => listOut(row, counts.find((entry) => entry.listId === row.id)?.members ?? 0));
}

async function listRow(db: Queryable, id: string): Promise<ListRow> {
  const [row] = await db.select().from(mailingLists).where(eq(mailingLists.id, id));
  if (!row) throw notFound('The mailing list');
  return row;
}

export async function getMailingList(db: Queryable, id: string) {
  const row = await listRow(db, id);
  const members = await db
    .select()
    .from(mailingListMembers)
    .where(eq(mailingListMembers.listId, id))
    .orderBy(asc(mailingListMembers.email));
  return {
    ...listOut(row, members.filter((member) => !member.unsubscribedAt).length),
    memberList: members.map(memberOut),
  };
}

export async function createMailingList(
  context: AppContext,
  actor: Actor,
  input: z.infer<typeof mailingListInput>,
) {
  try {
    const [row] = await withTransaction(context.db, actor, (tx) =>
      tx
        .insert(mailingLists)
        .values({ ...input, createdAt: context.clock.now(), updatedAt: context.clock.now() })
        .returning(),
    );
    return listOut(row!, 0);
  } catch (error) {
    if (isUniqueViolation(error))
      throw conflict('mailing_list_exists', `key: a mailing list ${input.key} exists.`);
    throw error;
  }
}

export async function updateMailingList(
  context: AppContext,
  actor: Actor,
  id: string,
  patch: z.infer<typeof mailingListPatch>,
) {
  await listRow(context.db, id);
  await withTransaction(context.db, actor, (tx) =>
    tx
      .update(mailingLists)
      .set({ ...patch, updatedAt: context.clock.now() })
      .where(eq(mailingLists.id, id)),
  );
  return getMailingList(context.db, id);
}

export async function deleteMailingList(context: AppContext, actor: Actor, id: string) {
  await listRow(context.db, id);
  await withTransaction(context.db, actor, (tx) => tx.delete(mailingLists).where(eq(mailingLists.id, id)));
}

/** Adds (or re-adds, after an unsubscribe) a member; an account's address is linked to the account. */
export async function addMember(
  context: AppContext,
  actor: Actor,
  listId: string,
  input: z.infer<typeof memberInput>,
) {
  await listRow(context.db, listId);
  const user = await findUserByEmail(context.db, input.email);
  const [existing] = await context.db
    .select()
    .from(mailingListMembers)
    .where(
      sql`${mailingListMembers.listId} = ${listId} and lower(${mailingListMembers.email}) = lower(${input.email})`,
    );
  if (existing && !existing.unsubscribedAt)
    throw conflict('already_a_member', `${input.email} is already on this list.`);
  const [row] = await withTransaction(context.db, actor, (tx) =>
    existing
      ? tx
          .update(mailingListMembers)
          .set({ unsubscribedAt: null, name: input.name ?? existing.name, userId: user?.id ?? null })
          .where(eq(mailingListMembers.id, existing.id))
          .returning()
      : tx
          .insert(mailingListMembers)
          .values({ listId, email: input.email, name: input.name ?? null, userId: user?.id ?? null })
          .returning(),
  );
  return memberOut(row!);
}

export async function removeMember(context: AppContext, actor: Actor, listId: string, memberId: string) {
  const removed = await withTransaction(context.db, actor, (tx) =>
    tx
      .delete(mailingListMembers)
      .where(sql`${mailingListMembers.id} = ${memberId} and ${mailingListMembers.listId} = ${listId}`)
      .returning({ id: mailingListMembers.id }),
  );
  if (removed.length === 0) throw notFound('The member');
}
