// Who hears about one occurrence: the audiences of its rules turned into people (with or without
// an account) and chat channels, each once. A person reached by several audiences keeps the
// first one's unsubscribe scope; an address that belongs to a user is that user.
import { and, eq, inArray, isNull, param, sql } from 'drizzle-orm';
import type { AppContext } from '../../../context.js';
import type { Queryable } from '../../../db/client.js';
import { cachedUsersById, principalOfUser as principalFor } from '../../identity/index.js';
import { canSee, viewerOf } from '../../tickets/index.js';
import { listMatchesIncident } from '../audiences/audience-match.js';
import {
  chatWebhooks,
  filterSubscriptions,
  incidentCommunications,
  mailingListMembers,
  mailingLists,
} from '../audiences/audiences.schema.js';
import { filterMatches, savedFilterSchema } from '../audiences/filter-match.js';
import type { Preference } from '../audiences/preferences.js';
import type { Rule } from '../audiences/rules.service.js';
import { cachedConfig } from './config-cache.js';
import type { EventRow } from './context-builder.js';
import { audiencePeople } from './event-reads.js';
import {
  loadTicket,
  pendingApprovals,
  type TicketSnapshot,
  teamMemberIds,
  type UserRow,
} from './ticket-facts.js';

export type Recipient =
  | { kind: 'user'; key: string; user: UserRow; unsubscribeScope: string; approvalId: string | null }
  | { kind: 'email'; key: string; address: string; name: string; timeZone: string; unsubscribeScope: string }
  | { kind: 'chat'; key: string; webhookId: string; name: string };

interface UserCandidate {
  userId: string;
  unsubscribeScope: string;
  approvalId?: string;
}

interface EmailCandidate {
  address: string;
  name: string | null;
  timeZone: string;
  unsubscribeScope: string;
  userId: string | null;
}

class Candidates {
  readonly users: UserCandidate[] = [];
  readonly emails: EmailCandidate[] = [];
  readonly chats: { webhookId: string; name: string }[] = [];
  /** The event's preference of users read on the way (null: none stored, the default applies). */
  readonly preferences = new Map<string, Preference | null>();
}

/** A subscription as `audienceReadsSql` reads it. */
interface SubscriptionRead {
  id: string;
  userId: string | null;
  email: string | null;
  name: string | null;
}

function addSubscription(found: Candidates, row: SubscriptionRead) {
  const unsubscribeScope = `sub:${row.id}`;
  if (row.userId) found.users.push({ userId: row.userId, unsubscribeScope });
  else if (row.email)
    found.emails.push({
      address: row.email,
      name: row.name,
      timeZone: 'UTC',
      unsubscribeScope,
      userId: null,
    });
}

async function ticketAudience(
  db: Queryable,
  rule: Rule,
  event: string,
  snapshot: TicketSnapshot,
  found: Candidates,
  read: AudienceReads,
): Promise<void> {
  const direct = (userId: string, approvalId?: string) =>
    found.users.push({
      userId,
      unsubscribeScope: `pref:${userId}:${event}`,
      ...(approvalId ? { approvalId } : {}),
    });
  const { ticket } = snapshot;
  switch (rule.audience) {
    case 'requester':
      direct(ticket.requesterId);
      return;
    case 'approver':
      for (const approval of audiencePeople<{ approvalId: string; userId: string }>(read, 'approver') ??
        (await pendingApprovals(db, ticket.id)))
        direct(approval.userId, approval.approvalId);
      return;
    case 'agent_team':
    case 'team_lead':
      if (ticket.teamId)
        for (const userId of audiencePeople(read, rule.audience)?.map((member) => member.userId as string) ??
          (await teamMemberIds(db, ticket.teamId, { leadsOnly: rule.audience === 'team_lead' })))
          direct(userId);
      return;
    case 'assignee':
      if (ticket.assigneeId) direct(ticket.assigneeId);
      return;
    case 'ticket_subscribers': {
      // Read with the occurrence (the dispatch job read their preferences with it too).
      const subscriptions = audiencePeople<SubscriptionRead>(read, 'ticket_subscribers');
      if (subscriptions) {
        for (const subscription of subscriptions) addSubscription(found, subscription);
        return;
      }
      // One statement (issue 18): the subscriptions, and the event's preferences of the people
      // found so far and of the subscribers, which dispatch would otherwise read next.
      const known = [...new Set(found.users.map((candidate) => candidate.userId))];
      const rows = await db.execute<{
        id: string | null;
        user_id: string | null;
        email: string | null;
        name: string | null;
        pref_email: Preference['email'] | null;
        pref_in_app: boolean | null;
      }>(sql`
        select s.id, s.user_id, s.email, s.name, null::text as pref_email, null::boolean as pref_in_app
          from ticket_subscriptions s
         where s.ticket_id = ${ticket.id}
        union all
        select null, p.user_id, null, null, p.email, p.in_app
          from notification_preferences p
         where p.event = ${event}
           and (p.user_id = any(${param(known)}::uuid[])
                or p.user_id in (select user_id from ticket_subscriptions where ticket_id = ${ticket.id}))`);
      for (const userId of known) found.preferences.set(userId, null);
      for (const row of rows.rows) {
        if (row.id === null) {
          if (row.user_id && row.pref_email !== null && row.pref_in_app !== null)
            found.preferences.set(row.user_id, { email: row.pref_email, inApp: row.pref_in_app });
          continue;
        }
        if (row.user_id && !found.preferences.has(row.user_id)) found.preferences.set(row.user_id, null);
        addSubscription(found, { id: row.id, userId: row.user_id, email: row.email, name: row.name });
      }
      return;
    }
    default:
      return;
  }
}

async function filterAudience(db: Queryable, row: EventRow, snapshot: TicketSnapshot, found: Candidates) {
  // Every event reads every followed search: cached with the configuration, cleared on their writes.
  const filters = await cachedConfig('filters', () => db.select().from(filterSubscriptions));
  if (filters.length === 0) return;
  const subscribers = await cachedUsersById(
    db,
    filters.map((filter) => filter.userId),
  );
  const facts = row.facts as { to?: string };
  const ticket = {
    key: snapshot.ticket.key,
    title: snapshot.ticket.title,
    status: facts.to ?? snapshot.ticket.status,
    requestTypeKey: snapshot.requestType?.key ?? null,
    requesterId: snapshot.ticket.requesterId,
    requesterEmail: snapshot.requester.email,
    teamKey: snapshot.team?.key ?? null,
    createdAt: snapshot.ticket.createdAt,
  };
  for (const filter of filters) {
    const subscriber = subscribers.get(filter.userId);
    const query = savedFilterSchema.safeParse(filter.query);
    if (!subscriber?.active || !query.success || !filterMatches(query.data, ticket, subscriber.id)) continue;
    const viewer = await viewerOf(db, await principalFor(db, subscriber, 'saved-filter'));
    if (!(await canSee(db, viewer, snapshot.ticket))) continue;
    found.users.push({ userId: subscriber.id, unsubscribeScope: `filter:${filter.id}` });
  }
}

async function listMembers(db: Queryable, listIds: string[], found: Candidates) {
  if (listIds.length === 0) return;
  const rows = await db
    .select({ member: mailingListMembers, timeZone: mailingLists.timeZone })
    .from(mailingListMembers)
    .innerJoin(mailingLists, eq(mailingLists.id, mailingListMembers.listId))
    .where(and(inArray(mailingListMembers.listId, listIds), isNull(mailingListMembers.unsubscribedAt)));
  for (const { member, timeZone } of rows) {
    const unsubscribeScope = `member:${member.id}`;
    if (member.userId) found.users.push({ userId: member.userId, unsubscribeScope });
    else
      found.emails.push({
        address: member.email,
        name: member.name,
        timeZone,
        unsubscribeScope,
        userId: null,
      });
  }
}

/** The people with accounts an incident communication names besides its lists. */
async function incidentUserIds(db: Queryable, communicationId: string): Promise<string[]> {
  const [communication] = await db
    .select({ ids: incidentCommunications.recipientUserIds })
    .from(incidentCommunications)
    .where(eq(incidentCommunications.id, communicationId));
  return communication?.ids ?? [];
}

/** The lists an incident communication goes to: those chosen, or those matching its services and regions. */
export async function incidentListIds(db: Queryable, communicationId: string): Promise<string[]> {
  const [communication] = await db
    .select()
    .from(incidentCommunications)
    .where(eq(incidentCommunications.id, communicationId));
  if (!communication) return [];
  if (communication.mailingListIds) return communication.mailingListIds;
  const lists = await db.select().from(mailingLists);
  return lists.filter((list) => listMatchesIncident(list, communication)).map((list) => list.id);
}

/** What the audiences of `event-reads.ts` read with the occurrence, by audience (absent or null: not read). */
export type AudienceReads = Readonly<Record<string, unknown>>;

async function collect(
  context: AppContext,
  row: EventRow,
  rules: Rule[],
  loaded: TicketSnapshot | null | undefined,
  read: AudienceReads,
): Promise<Candidates> {
  const { db } = context;
  const found = new Candidates();
  const snapshot = loaded !== undefined ? loaded : row.ticketId ? await loadTicket(db, row.ticketId) : null;
  for (const rule of rules.filter((candidate) => candidate.enabled)) {
    if (rule.audience === 'chat' && rule.chatWebhookId) {
      const [webhook] = await db.select().from(chatWebhooks).where(eq(chatWebhooks.id, rule.chatWebhookId));
      if (webhook) found.chats.push({ webhookId: webhook.id, name: webhook.name });
    } else if (rule.audience === 'mailing_list' && rule.mailingListId) {
      await listMembers(db, [rule.mailingListId], found);
    } else if (rule.audience === 'incident_audiences' && row.incidentCommunicationId) {
      await listMembers(db, await incidentListIds(db, row.incidentCommunicationId), found);
      for (const userId of await incidentUserIds(db, row.incidentCommunicationId))
        found.users.push({ userId, unsubscribeScope: `pref:${userId}:${row.event}` });
    } else if (rule.audience === 'filter_subscribers' && snapshot) {
      await filterAudience(db, row, snapshot, found);
    } else if (snapshot) {
      await ticketAudience(db, rule, row.event, snapshot, found, read);
    }
  }
  return found;
}

/**
 * The recipients, and the event's preferences of those users read with them (a user absent from
 * `preferences` has not been looked up; null: no preference stored). `snapshot`: the occurrence's
 * ticket, when the caller has loaded it already; `read`: what the audiences read with it.
 */
export async function resolveAudience(
  context: AppContext,
  row: EventRow,
  rules: Rule[],
  snapshot?: TicketSnapshot | null,
  read: AudienceReads = {},
): Promise<{ recipients: Recipient[]; preferences: ReadonlyMap<string, Preference | null> }> {
  const found = await collect(context, row, rules, snapshot, read);
  const users = await cachedUsersById(
    context.db,
    found.users.map((candidate) => candidate.userId),
  );
  const recipients: Recipient[] = [];
  const taken = new Set<string>();
  for (const candidate of found.users) {
    const user = users.get(candidate.userId);
    const key = `user:${candidate.userId}`;
    if (!user?.active || taken.has(key)) continue;
    taken.add(key);
    taken.add(`email:${user.email.toLowerCase()}`);
    recipients.push({
      kind: 'user',
      key,
      user,
      unsubscribeScope: candidate.unsubscribeScope,
      approvalId: candidate.approvalId ?? null,
    });
  }
  for (const candidate of found.emails) {
    const key = `email:${candidate.address.toLowerCase()}`;
    if (taken.has(key)) continue;
    taken.add(key);
    recipients.push({
      kind: 'email',
      key,
      address: candidate.address,
      name: candidate.name ?? candidate.address,
      timeZone: candidate.timeZone,
      unsubscribeScope: candidate.unsubscribeScope,
    });
  }
  for (const chat of found.chats) {
    const key = `chat:${chat.webhookId}`;
    if (taken.has(key)) continue;
    taken.add(key);
    recipients.push({ kind: 'chat', key, ...chat });
  }
  return { recipients, preferences: found.preferences };
}
