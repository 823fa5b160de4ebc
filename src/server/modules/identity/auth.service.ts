// Sign-in, sessions, personal API tokens, and who a bearer token belongs to.
import { and, desc, eq, gt, isNull, lt, or, sql } from 'drizzle-orm';
import { type Actor, type Db, type Queryable, systemActor, withTransaction } from '../../db/client.js';
import { announceCacheChange, registerClearable } from '../../lib/cache.js';
import { internal, notFound, tooManyRequests, unauthorized } from '../../lib/errors.js';
import { authTokens, loginAttempts, type Role, teamMembers, users } from './identity.schema.js';
import type { Permission } from './permissions.js';
import { rolePermissions } from './permissions.js';
import { hashToken, newToken, verifyPassword } from './secrets.js';

export interface Principal {
  user: {
    id: string;
    email: string;
    displayName: string;
    role: Role;
    managerId: string | null;
    timeZone: string;
  };
  tokenId: string;
  tokenKind: 'session' | 'personal';
  permissions: ReadonlySet<Permission>;
  /** The teams the user belongs to (agents see their teams' queues). */
  teamIds: string[];
}

// Who a token belongs to is looked up once and kept for a few seconds: every API call needs it.
// A change (sign-out, revocation, a user's role or teams) forgets the cache at once in this process
// and, through the cache bus, in every other process; `principalCacheMs` bounds staleness only
// while a process's bus listener is down.
const principalCacheMs = 10_000;
const principalCache = new Map<string, { principal: Principal; until: number }>();
/** A lookup that began before a change may have read the old row: it answers, but is not kept. */
let principalGeneration = 0;
registerClearable({
  forget() {
    principalCache.clear();
    principalGeneration++;
  },
});

export function forgetPrincipals(): void {
  principalCache.clear();
  principalGeneration++;
  announceCacheChange();
}

export const actorOf = (principal: Principal, requestId?: string): Actor => ({
  kind: 'user',
  id: principal.user.id,
  label: principal.user.email,
  ...(requestId ? { requestId } : {}),
});

const attemptWindowMinutes = 15;
// last_used_at is informative; writing it on every request would turn every read into a write.
const lastUsedResolutionMs = 5 * 60_000;

// Per account, and (more generously) per address, so that one client cannot spray accounts.
const addressLimitFactor = 5;
// Advisory lock classes (first key of pg_advisory_xact_lock(int, int)); the second key is a hash.
const accountLockClass = 0x6c6f6731; // "log1"
const addressLockClass = 0x6c6f6732; // "log2"

/**
 * Checks the limit and records the attempt in one step, before the password is looked at: under
 * a lock per account and per address, the attempt is counted as failed up front (and marked
 * succeeded only if the password is right). Parallel guesses therefore queue on the lock and see
 * each other's attempts; at most the limit of them is ever checked, in any number of processes.
 */
async function reserveLoginAttempt(
  db: Db,
  email: string,
  ip: string,
  maxAttempts: number,
  now: Date,
): Promise<number> {
  const since = new Date(now.getTime() - attemptWindowMinutes * 60_000);
  return db.transaction(async (tx) => {
    // Always the account first, then the address: every login takes them in the same order.
    await tx.execute(sql`select pg_advisory_xact_lock(${accountLockClass}::int, hashtext(${email}))`);
    await tx.execute(sql`select pg_advisory_xact_lock(${addressLockClass}::int, hashtext(${ip}))`);
    const [recent] = await tx
      .select({
        byEmail: sql<number>`count(*) filter (where ${loginAttempts.email} = ${email})::int`,
        byIp: sql<number>`count(*) filter (where ${loginAttempts.ip} = ${ip})::int`,
      })
      .from(loginAttempts)
      .where(
        and(
          eq(loginAttempts.succeeded, false),
          gt(loginAttempts.at, since),
          or(eq(loginAttempts.email, email), eq(loginAttempts.ip, ip)),
        ),
      );
    if ((recent?.byEmail ?? 0) >= maxAttempts || (recent?.byIp ?? 0) >= maxAttempts * addressLimitFactor) {
      throw tooManyRequests(
        `Too many failed sign-ins; try again in ${attemptWindowMinutes} minutes.`,
        attemptWindowMinutes * 60,
      );
    }
    const [row] = await tx
      .insert(loginAttempts)
      .values({ email, ip, succeeded: false, at: now })
      .returning({ id: loginAttempts.id });
    return row!.id;
  });
}

export async function login(
  db: Db,
  input: {
    email: string;
    password: string;
    ip: string;
    maxAttempts: number;
    sessionTtlHours: number;
    now: Date;
  },
): Promise<{ token: string; expiresAt: Date; userId: string }> {
  const email = input.email.trim().toLowerCase();
  const attemptId = await reserveLoginAttempt(db, email, input.ip, input.maxAttempts, input.now);
  const [user] = await db.select().from(users).where(sql`lower(${users.email}) = ${email}`).limit(1);
  const ok = (await verifyPassword(user?.active ? user.passwordHash : null, input.password)) && user?.active;
  if (!ok || !user) throw unauthorized('invalid_credentials', 'The email or password is not correct.');
  await db.update(loginAttempts).set({ succeeded: true }).where(eq(loginAttempts.id, attemptId));

  const { token, hash, prefix } = newToken('session');
  const expiresAt = new Date(input.now.getTime() + input.sessionTtlHours * 3_600_000);
  await withTransaction(db, { kind: 'user', id: user.id, label: user.email }, async (tx) => {
    await tx.insert(authTokens).values({
      userId: user.id,
      kind: 'session',
      name: 'sign-in',
      tokenHash: hash,
      prefix,
      expiresAt,
      createdAt: input.now,
    });
  });
  return { token, expiresAt, userId: user.id };
}

export async function logout(db: Db, principal: Principal, now: Date): Promise<void> {
  await withTransaction(db, actorOf(principal), async (tx) => {
    await tx.update(authTokens).set({ revokedAt: now }).where(eq(authTokens.id, principal.tokenId));
  });
  forgetPrincipals();
}

/** The principal behind a bearer token, or a 401 saying why not. */
export async function authenticate(db: Db, token: string, now: Date): Promise<Principal> {
  const tokenHash = hashToken(token);
  const cached = principalCache.get(tokenHash);
  if (cached && cached.until > now.getTime()) return cached.principal;
  const began = principalGeneration;
  const [row] = await db
    .select({
      tokenId: authTokens.id,
      kind: authTokens.kind,
      expiresAt: authTokens.expiresAt,
      revokedAt: authTokens.revokedAt,
      lastUsedAt: authTokens.lastUsedAt,
      user: {
        id: users.id,
        email: users.email,
        displayName: users.displayName,
        role: users.role,
        managerId: users.managerId,
        timeZone: users.timeZone,
        active: users.active,
      },
      teamIds: sql<
        string[]
      >`coalesce((select array_agg(${teamMembers.teamId}) from ${teamMembers} where ${teamMembers.userId} = ${users.id}), '{}')`,
    })
    .from(authTokens)
    .innerJoin(users, eq(users.id, authTokens.userId))
    .where(eq(authTokens.tokenHash, tokenHash))
    .limit(1);
  if (!row || row.revokedAt)
    throw unauthorized('invalid_token', 'The token is not valid (unknown or signed out).');
  if (row.expiresAt && row.expiresAt <= now)
    throw unauthorized('token_expired', 'The token has expired: sign in again.');
  if (!row.user.active) throw unauthorized('account_disabled', 'This account is disabled.');
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > lastUsedResolutionMs) {
    // A token many clients share (an integration, a CI bot) is touched by all of them at once
    // when its cache expires: one touch is enough, the others skip the row instead of queueing
    // on its lock (they waited 28–45 ms each under 32 clients, bench/lifecycle.ts).
    await withTransaction(db, systemActor('auth'), (tx) =>
      tx
        .update(authTokens)
        .set({ lastUsedAt: now })
        .where(
          eq(
            authTokens.id,
            sql`(select ${authTokens.id} from ${authTokens} where ${authTokens.id} = ${row.tokenId} for no key update skip locked)`,
          ),
        ),
    );
  }
  const { active: _active, ...user } = row.user;
  const principal: Principal = {
    user,
    tokenId: row.tokenId,
    tokenKind: row.kind,
    permissions: rolePermissions[user.role],
    teamIds: row.teamIds,
  };
  if (principalCache.size > 10_000) principalCache.clear();
  const until = Math.min(
    now.getTime() + principalCacheMs,
    row.expiresAt?.getTime() ?? Number.POSITIVE_INFINITY,
  );
  if (began === principalGeneration) principalCache.set(tokenHash, { principal, until });
  return principal;
}

export async function createPersonalToken(
  db: Db,
  principal: Principal,
  input: { name: string; expiresInDays?: number | undefined },
  now: Date,
) {
  const { token, hash, prefix } = newToken('personal');
  const expiresAt = input.expiresInDays ? new Date(now.getTime() + input.expiresInDays * 86_400_000) : null;
  const [row] = await withTransaction(db, actorOf(principal), (tx) =>
    tx
      .insert(authTokens)
      .values({
        userId: principal.user.id,
        kind: 'personal',
        name: input.name,
        tokenHash: hash,
        prefix,
        expiresAt,
        createdAt: now,
      })
      .returning(),
  );
  if (!row) throw internal('token not stored');
  return { ...row, token };
}

/** For `opsdesk token create`: a personal token for any user, by email. */
export async function createPersonalTokenFor(db: Db, email: string, name: string, now: Date) {
  const [user] = await db.select().from(users).where(sql`lower(${users.email}) = ${email.toLowerCase()}`);
  if (!user) throw notFound(`The user ${email}`);
  return createPersonalToken(
    db,
    { user, tokenId: '', tokenKind: 'personal', permissions: rolePermissions[user.role], teamIds: [] },
    { name },
    now,
  );
}

export async function listPersonalTokens(db: Db, userId: string) {
  return db
    .select()
    .from(authTokens)
    .where(and(eq(authTokens.userId, userId), eq(authTokens.kind, 'personal'), isNull(authTokens.revokedAt)))
    .orderBy(desc(authTokens.createdAt));
}

export async function revokePersonalToken(
  db: Db,
  principal: Principal,
  tokenId: string,
  now: Date,
): Promise<void> {
  const revoked = await withTransaction(db, actorOf(principal), (tx) =>
    tx
      .update(authTokens)
      .set({ revokedAt: now })
      .where(
        and(
          eq(authTokens.id, tokenId),
          eq(authTokens.userId, principal.user.id),
          eq(authTokens.kind, 'personal'),
          isNull(authTokens.revokedAt),
        ),
      )
      .returning({ id: authTokens.id }),
  );
  forgetPrincipals();
  if (revoked.length === 0) throw notFound('The token');
}

/** Scheduled: forget expired sessions and old login attempts. */
export async function pruneAuth(db: Db, now: Date): Promise<void> {
  await withTransaction(db, systemActor('prune'), async (tx) => {
    await tx
      .delete(authTokens)
      .where(
        and(eq(authTokens.kind, 'session'), lt(authTokens.expiresAt, new Date(now.getTime() - 86_400_000))),
      );
    await tx.delete(loginAttempts).where(lt(loginAttempts.at, new Date(now.getTime() - 86_400_000)));
  });
}

/**
 * A principal for a person who is not signed in through a session: the approver acting through an
 * emailed link, or a subscriber whose saved search is checked against what they may see.
 */
export async function principalOfUser(
  db: Queryable,
  user: typeof users.$inferSelect,
  via: string,
): Promise<Principal> {
  const teams = await db
    .select({ teamId: teamMembers.teamId })
    .from(teamMembers)
    .where(eq(teamMembers.userId, user.id));
  return {
    user: {
      id: user.id,
      email: user.email,
      displayName: user.displayName,
      role: user.role,
      managerId: user.managerId,
      timeZone: user.timeZone,
    },
    tokenId: via,
    tokenKind: 'session',
    permissions: rolePermissions[user.role],
    teamIds: teams.map((team) => team.teamId),
  };
}
