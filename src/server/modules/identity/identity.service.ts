// Users (with their manager, who approves their requests) and teams.
import { and, asc, eq, ilike, inArray, or, type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import {
  type Actor,
  type Db,
  isUniqueViolation,
  type Queryable,
  type Tx,
  withTransaction,
} from '../../db/client.js';
import { ttlCache } from '../../lib/cache.js';
import { badRequest, conflict, notFound } from '../../lib/errors.js';
import { forgetPrincipals } from './auth.service.js';
import { type Role, teamMembers, teams, users } from './identity.schema.js';
import { hashPassword } from './secrets.js';

export type UserRow = typeof users.$inferSelect;
export type TeamRow = typeof teams.$inferSelect;

export interface UserInput {
  email: string;
  displayName: string;
  role?: Role | undefined;
  managerId?: string | null | undefined;
  password?: string | undefined;
  timeZone?: string | undefined;
  active?: boolean | undefined;
}

/** Users by id for the hot paths (notification recipients): kept 5 s, cleared by this module's
 * writes; other processes see a change within that. */
const userCache = ttlCache<UserRow>(5_000);

export function forgetUsers(): void {
  userCache.clear();
}

export function cachedUsersById(db: Queryable, ids: string[]): Promise<Map<string, UserRow>> {
  return userCache.getMany(ids, async (missing) =>
    (await db.select().from(users).where(inArray(users.id, missing))).map((row) => [row.id, row]),
  );
}

export async function getUser(db: Queryable, id: string): Promise<UserRow> {
  const [user] = await db.select().from(users).where(eq(users.id, id));
  if (!user) throw notFound('The user');
  return user;
}

export async function findUserByEmail(db: Queryable, email: string): Promise<UserRow | undefined> {
  const [user] = await db
    .select()
    .from(users)
    .where(sql`lower(${users.email}) = ${email.trim().toLowerCase()}`);
  return user;
}

export async function listUsers(
  db: Queryable,
  filter: { query?: string | undefined; role?: Role | undefined },
) {
  const conditions = [
    filter.query
      ? or(ilike(users.email, `%${filter.query}%`), ilike(users.displayName, `%${filter.query}%`))
      : undefined,
    filter.role ? eq(users.role, filter.role) : undefined,
  ];
  return db
    .select()
    .from(users)
    .where(and(...conditions))
    .orderBy(asc(users.displayName))
    .limit(500);
}

/** A manager chain must end: A manages B manages A would leave requests with no approver. */
async function assertNoManagerCycle(db: Queryable, userId: string, managerId: string): Promise<void> {
  if (managerId === userId)
    throw badRequest('invalid_manager', 'managerId: a user cannot be their own manager.');
  const { rows } = await db.execute<{ id: string }>(sql`
    with recursive chain(id, depth) as (
      select manager_id, 1 from users where id = ${managerId}
      union all
      select u.manager_id, c.depth + 1 from users u join chain c on u.id = c.id where c.depth < 100
    )
    select id from chain where id = ${userId} limit 1`);
  if (rows.length > 0) {
    throw badRequest(
      'invalid_manager',
      'managerId: this manager reports (directly or not) to the user: that would be a cycle.',
    );
  }
}

async function assertManagerExists(db: Queryable, managerId: string): Promise<void> {
  const [manager] = await db.select({ id: users.id }).from(users).where(eq(users.id, managerId));
  if (!manager) throw badRequest('invalid_manager', 'managerId: no such user.');
}

export async function createUser(db: Db, actor: Actor, input: UserInput): Promise<UserRow> {
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  return withTransaction(db, actor, async (tx) => {
    if (input.managerId) await assertManagerExists(tx, input.managerId);
    try {
      const [user] = await tx
        .insert(users)
        .values({
          email: input.email.trim().toLowerCase(),
          displayName: input.displayName,
          role: input.role ?? 'requester',
          managerId: input.managerId ?? null,
          passwordHash,
          timeZone: input.timeZone ?? 'UTC',
          active: input.active ?? true,
        })
        .returning();
      return user!;
    } catch (error) {
      if (isUniqueViolation(error))
        throw conflict('email_taken', `email: ${input.email} already has an account.`, [
          { field: 'email', message: 'already has an account' },
        ]);
      throw error;
    }
  });
}

export async function updateUser(
  db: Db,
  actor: Actor,
  id: string,
  patch: Partial<UserInput>,
): Promise<UserRow> {
  const passwordHash = patch.password ? await hashPassword(patch.password) : undefined;
  const user = await withTransaction(db, actor, async (tx) => {
    await getUser(tx, id);
    if (patch.managerId) {
      await assertManagerExists(tx, patch.managerId);
      await assertNoManagerCycle(tx, id, patch.managerId);
    }
    try {
      const [user] = await tx
        .update(users)
        .set({
          ...(patch.email !== undefined ? { email: patch.email.trim().toLowerCase() } : {}),
          ...(patch.displayName !== undefined ? { displayName: patch.displayName } : {}),
          ...(patch.role !== undefined ? { role: patch.role } : {}),
          ...(patch.managerId !== undefined ? { managerId: patch.managerId } : {}),
          ...(patch.timeZone !== undefined ? { timeZone: patch.timeZone } : {}),
          ...(patch.active !== undefined ? { active: patch.active } : {}),
          ...(passwordHash ? { passwordHash } : {}),
          updatedAt: new Date(),
        })
        .where(eq(users.id, id))
        .returning();
      return user!;
    } catch (error) {
      if (isUniqueViolation(error))
        throw conflict('email_taken', `email: ${patch.email} already has an account.`, [
          { field: 'email', message: 'already has an account' },
        ]);
      throw error;
    }
  });
  // After the commit: a principal or user cached meanwhile would keep the old role, teams or state.
  forgetPrincipals();
  forgetUsers();
  return user;
}

export interface TeamMembership {
  userId: string;
  teamId: string;
  key: string;
  name: string;
  isLead: boolean;
}

export async function membershipsOf(db: Queryable, userIds: string[]): Promise<TeamMembership[]> {
  if (userIds.length === 0) return [];
  return db
    .select({
      userId: teamMembers.userId,
      teamId: teams.id,
      key: teams.key,
      name: teams.name,
      isLead: teamMembers.isLead,
    })
    .from(teamMembers)
    .innerJoin(teams, eq(teams.id, teamMembers.teamId))
    .where(inArray(teamMembers.userId, userIds));
}

export async function getTeam(db: Queryable, key: string): Promise<TeamRow> {
  const [team] = await db.select().from(teams).where(eq(teams.key, key));
  if (!team) throw notFound(`The team ${key}`);
  return team;
}

export async function listTeams(db: Queryable) {
  const all = await db.select().from(teams).orderBy(asc(teams.name));
  const members = await db
    .select({
      teamId: teamMembers.teamId,
      userId: users.id,
      email: users.email,
      displayName: users.displayName,
      isLead: teamMembers.isLead,
    })
    .from(teamMembers)
    .innerJoin(users, eq(users.id, teamMembers.userId))
    .orderBy(asc(users.displayName));
  return all.map((team) => ({ ...team, members: members.filter((member) => member.teamId === team.id) }));
}

/** The active members of a team, or only its leads (for approver groups and notifications). */
export async function teamMemberIds(
  db: Queryable,
  teamId: string,
  options: { leadsOnly?: boolean } = {},
): Promise<string[]> {
  const rows = await db
    .select({ userId: teamMembers.userId })
    .from(teamMembers)
    .innerJoin(users, eq(users.id, teamMembers.userId))
    .where(
      and(
        eq(teamMembers.teamId, teamId),
        eq(users.active, true),
        options.leadsOnly ? eq(teamMembers.isLead, true) : undefined,
      ),
    );
  return rows.map((row) => row.userId);
}

/**
 * `teamMemberIds` as a fragment of another module's statement (issue 18: a notification dispatch
 * reads the people its audiences name with its occurrence): JSON `[{userId}]`, null when none.
 */
export function teamMembersSql(teamId: SQLWrapper, options: { leadsOnly?: boolean } = {}): SQL<unknown> {
  return sql`(select json_agg(json_build_object('userId', ${teamMembers.userId}))
               from ${teamMembers} join ${users} on ${users.id} = ${teamMembers.userId}
              where ${teamMembers.teamId} = ${teamId} and ${users.active}${
                options.leadsOnly ? sql` and ${teamMembers.isLead}` : sql``
              })`;
}

export async function findTeamByKey(db: Queryable, key: string): Promise<TeamRow | undefined> {
  const [team] = await db.select().from(teams).where(eq(teams.key, key));
  return team;
}

/** Teams by id (names for views and notifications, on every ticket event): kept 5 s like users,
 * cleared by this module's team writes; other processes see a rename within that. */
const teamCache = ttlCache<TeamRow>(5_000);

export function teamsByIds(db: Queryable, ids: string[]): Promise<Map<string, TeamRow>> {
  return teamCache.getMany(ids, async (missing) =>
    (await db.select().from(teams).where(inArray(teams.id, missing))).map((row) => [row.id, row]),
  );
}

/** Users by id, read now (not from the cache): for decisions that must see the latest state. */
export async function usersByIds(db: Queryable, ids: string[]): Promise<Map<string, UserRow>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db.select().from(users).where(inArray(users.id, unique));
  return new Map(rows.map((row) => [row.id, row]));
}

/** Those of `ids` who are active users, except `except` (e.g. the requester), in the given order. */
export async function activeUserIds(db: Queryable, ids: string[], except?: string): Promise<string[]> {
  const found = await usersByIds(db, ids);
  return ids.filter((id) => id !== except && found.get(id)?.active === true);
}

/**
 * The user's manager if active (and not the user: a self-managed record asks no one), else null;
 * one read of the user and the manager together (issue 18).
 */
export async function activeManagerOf(db: Queryable, userId: string): Promise<string | null> {
  const { rows } = await db.execute<{ id: string }>(sql`
    select m.id from ${users} u join ${users} m on m.id = u.manager_id
     where u.id = ${userId}::uuid and m.active and m.id <> u.id`);
  return rows[0]?.id ?? null;
}

/** The active administrators. */
export async function adminIds(db: Queryable, except?: string): Promise<string[]> {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.role, 'admin'), eq(users.active, true)));
  return rows.map((row) => row.id).filter((id) => id !== except);
}

type AutoAssign = (typeof teams.$inferSelect)['autoAssign'];

/**
 * A team's auto-assignment turn: the mode, the agent the last turn went to, and its active agents
 * (agents and admins) in name order. When the team assigns, its row stays locked until the
 * caller's transaction ends (turns are taken one at a time); when it does not, nothing is locked,
 * so a team's filings do not queue behind each other. The lock is FOR NO KEY UPDATE: it does not
 * block other transactions' foreign-key checks on the team (a ticket filed for it).
 */
export async function autoAssignTurn(tx: Tx, teamId: string) {
  const turn = () =>
    tx
      .select({ mode: teams.autoAssign, lastAssigneeId: teams.lastAutoAssigneeId })
      .from(teams)
      .where(eq(teams.id, teamId));
  const [read] = await turn();
  if (!read || read.mode === 'none') return read ? { ...read, agents: [] } : undefined;
  const [team] = await turn().for('no key update');
  if (!team || team.mode === 'none') return team ? { ...team, agents: [] } : undefined;
  const rows = await tx
    .select({ id: users.id })
    .from(teamMembers)
    .innerJoin(users, eq(users.id, teamMembers.userId))
    .where(
      and(eq(teamMembers.teamId, teamId), eq(users.active, true), inArray(users.role, ['agent', 'admin'])),
    )
    .orderBy(asc(users.displayName), asc(users.id));
  return { ...team, agents: rows.map((row) => row.id) };
}

export async function recordAutoAssignee(tx: Tx, teamId: string, userId: string): Promise<void> {
  await tx.update(teams).set({ lastAutoAssigneeId: userId }).where(eq(teams.id, teamId));
}

export async function createTeam(
  db: Db,
  actor: Actor,
  input: { key: string; name: string; description?: string | undefined; autoAssign?: AutoAssign | undefined },
) {
  return withTransaction(db, actor, async (tx) => {
    try {
      const [team] = await tx
        .insert(teams)
        .values({
          key: input.key,
          name: input.name,
          description: input.description ?? '',
          autoAssign: input.autoAssign ?? 'none',
        })
        .returning();
      return team!;
    } catch (error) {
      if (isUniqueViolation(error))
        throw conflict('team_key_taken', `key: a team ${input.key} exists already.`);
      throw error;
    }
  });
}

export async function updateTeam(
  db: Db,
  actor: Actor,
  key: string,
  patch: { name?: string | undefined; description?: string | undefined; autoAssign?: AutoAssign | undefined },
) {
  return withTransaction(db, actor, async (tx) => {
    const team = await getTeam(tx, key);
    const [updated] = await tx
      .update(teams)
      .set({
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.description !== undefined ? { description: patch.description } : {}),
        ...(patch.autoAssign !== undefined ? { autoAssign: patch.autoAssign } : {}),
      })
      .where(eq(teams.id, team.id))
      .returning();
    return updated!;
  }).finally(() => teamCache.clear());
}

export async function setTeamMember(db: Db, actor: Actor, key: string, userId: string, isLead: boolean) {
  await withTransaction(db, actor, async (tx) => {
    const team = await getTeam(tx, key);
    await getUser(tx, userId);
    await tx
      .insert(teamMembers)
      .values({ teamId: team.id, userId, isLead })
      .onConflictDoUpdate({ target: [teamMembers.teamId, teamMembers.userId], set: { isLead } });
  });
  forgetPrincipals();
}

export async function removeTeamMember(db: Db, actor: Actor, key: string, userId: string) {
  await withTransaction(db, actor, async (tx) => {
    const team = await getTeam(tx, key);
    const removed = await tx
      .delete(teamMembers)
      .where(and(eq(teamMembers.teamId, team.id), eq(teamMembers.userId, userId)))
      .returning();
    if (removed.length === 0) throw notFound('The membership');
  });
  forgetPrincipals();
}

export async function countUsers(db: Queryable): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(users);
  return row?.n ?? 0;
}
