// What an occurrence's context and audience read besides its row and its ticket, as SQL fragments
// (issue 18): one table, per event, of the facts its context is built from (the comment a
// transition wrote, the decision behind it, when a status was entered), and per audience, of the
// people a rule names from the ticket's tables (the pending approvers, the team or its leads, the
// subscribers), each with their preference of the event. The dispatch job embeds them all in its
// one read statement (only the occurrence's own event's and its enabled rules' are evaluated); a
// context built elsewhere (a template preview) reads them the same way for its row.
import { type SQL, sql } from 'drizzle-orm';
import type { Queryable } from '../../../db/client.js';
import { decisionAtSql, pendingApprovalsSql } from '../../approvals/index.js';
import { teamMembersSql } from '../../identity/index.js';
import { commentAtSql, lastEnteredSql, latestCommentBeforeSql, ticketJsonById } from '../../tickets/index.js';
import type { Preference } from '../audiences/preferences.js';
import type { Audience } from '../audiences/rules.js';
import type { EventRow } from './context-builder.js';
import type { NotificationEvent } from './events.js';

/** The occurrence's columns a fragment may use (in the caller's statement: its row). */
interface Occurrence {
  ticketId: SQL;
  /** The ticket's team. */
  teamId: SQL;
  at: SQL;
  facts: SQL;
}

/**
 * A column of the occurrence's row in the caller's statement, qualified: inside a fragment's
 * subqueries a bare column name would be the inner table's.
 */
export const occurrenceColumn = (name: string) =>
  sql`${sql.identifier('notification_events')}.${sql.identifier(name)}`;

const occurrence: Occurrence = {
  ticketId: occurrenceColumn('ticket_id'),
  teamId: sql`(${ticketJsonById(occurrenceColumn('ticket_id'))}->>'teamId')::uuid`,
  at: occurrenceColumn('occurred_at'),
  facts: occurrenceColumn('facts'),
};

/** A comment read: `{body, data}` or null. */
export interface CommentRead {
  body: string;
  data: unknown;
}
/** A decision read: `{approverId, comment}` or null. */
export interface DecisionRead {
  approverId: string;
  comment: string | null;
}

/**
 * Per event, the facts its context needs, by name: each a scalar SQL expression (JSON, text or a
 * time) of the occurrence. An event not listed reads nothing.
 */
const eventReads: Partial<Record<NotificationEvent, Record<string, (o: Occurrence) => SQL>>> = {
  'request.verification_failed': {
    comment: (o) => commentAtSql(o.ticketId, o.at, ['verification']),
  },
  'request.approved': {
    decision: (o) => decisionAtSql(o.ticketId, o.at, 'approved'),
    comment: (o) => commentAtSql(o.ticketId, o.at, ['approval']),
  },
  'request.declined': {
    decision: (o) => decisionAtSql(o.ticketId, o.at, 'declined'),
    comment: (o) => commentAtSql(o.ticketId, o.at, ['approval']),
  },
  'request.fulfilled': {
    comment: (o) => commentAtSql(o.ticketId, o.at, ['fulfilment', 'comment']),
    started: (o) => lastEnteredSql(o.ticketId, 'in_progress', o.at),
  },
  'request.need_further_support': {
    comment: (o) => commentAtSql(o.ticketId, o.at, ['fulfilment', 'comment', 'system']),
  },
  'request.waiting_for_customer_reminder': {
    result: (o) =>
      latestCommentBeforeSql(o.ticketId, sql`(${o.facts}->>'enteredAt')::timestamptz`, [
        'fulfilment',
        'comment',
      ]),
  },
  'request.closed': {
    waitingSince: (o) => lastEnteredSql(o.ticketId, 'waiting_for_customer', o.at),
  },
  'ticket.resolved': {
    comment: (o) => commentAtSql(o.ticketId, o.at, ['comment', 'system', 'resolution']),
  },
};

/** The facts of the occurrence's event as one JSON object (null for an event that reads none). */
function eventReadsSql(o: Occurrence, event: SQL): SQL<Record<string, unknown> | null> {
  const branches = Object.entries(eventReads).map(
    ([name, reads]) =>
      sql`when ${sql.raw(`'${name}'`)} then json_build_object(${sql.join(
        Object.entries(reads).map(([key, read]) => sql`${sql.raw(`'${key}'`)}, ${read(o)}`),
        sql`, `,
      )})`,
  );
  return sql`(case ${event} ${sql.join(branches, sql` `)} end)`;
}

/** The facts of the occurrence in the caller's statement, whose row is `notification_events`. */
export const occurrenceReadsSql = eventReadsSql(occurrence, occurrenceColumn('event'));

/**
 * Per audience, the people it names that only the ticket's tables know, read only when the
 * occurrence's event has an enabled rule for it (the rules are data; a rule not seen here, added
 * since, is read by the audience itself): JSON objects with at least `userId` (null for an address
 * without an account).
 */
const audienceReads: Partial<Record<Audience, (o: Occurrence) => SQL>> = {
  approver: (o) => pendingApprovalsSql(o.ticketId),
  agent_team: (o) => teamMembersSql(o.teamId),
  team_lead: (o) => teamMembersSql(o.teamId, { leadsOnly: true }),
  ticket_subscribers: (o) =>
    sql`(select json_agg(json_build_object('id', s.id, 'userId', s.user_id, 'email', s.email, 'name', s.name))
           from ticket_subscriptions s where s.ticket_id = ${o.ticketId})`,
};

/** One person an audience read names, with their preference of the occurrence's event (null: none stored). */
export interface AudiencePerson<T> {
  person: T & { userId: string | null };
  preference: Preference | null;
}

/**
 * The audiences' reads as one JSON object by audience (null: the event has no enabled rule for
 * it), each person with their preference of the event, so the dispatch needs no other read.
 */
export const audienceReadsSql: SQL<Record<string, AudiencePerson<unknown>[] | null> | null> =
  sql`(json_build_object(${sql.join(
    Object.entries(audienceReads).map(
      ([audience, read]) =>
        sql`${sql.raw(`'${audience}'`)}, case when exists (select 1 from notification_rules r
              where r.event = ${occurrenceColumn('event')} and r.audience = ${sql.raw(`'${audience}'`)} and r.enabled)
            then coalesce((select json_agg(json_build_object('person', a.person, 'preference',
                             (select json_build_object('email', p.email, 'inApp', p.in_app)
                                from notification_preferences p
                               where p.user_id = (a.person->>'userId')::uuid and p.event = ${occurrenceColumn('event')})))
                             from json_array_elements(${read(occurrence)}) as a(person)), '[]'::json) end`,
    ),
    sql`, `,
  )}))`;

/** The people an audience read names (undefined: not read, the audience reads them itself). */
export function audiencePeople<T>(
  audiences: Readonly<Record<string, unknown>>,
  audience: Audience,
): (T & { userId: string | null })[] | undefined {
  const read = audiences[audience] as AudiencePerson<T>[] | null | undefined;
  return read ? read.map((entry) => entry.person) : undefined;
}

/** The event's preference of every person the audiences read (null: none stored). */
export function audiencePreferences(
  audiences: Readonly<Record<string, unknown>>,
): Map<string, Preference | null> {
  const found = new Map<string, Preference | null>();
  for (const read of Object.values(audiences) as (AudiencePerson<unknown>[] | null)[])
    for (const { person, preference } of read ?? []) if (person.userId) found.set(person.userId, preference);
  return found;
}

/** The facts of an occurrence that is not read from the table (a preview's), in a statement of its own. */
export async function readEventFacts(db: Queryable, row: EventRow): Promise<Record<string, unknown>> {
  if (!row.ticketId || !(row.event in eventReads)) return {};
  const result = await db.execute<{ facts: Record<string, unknown> | null }>(sql`
    select ${occurrenceReadsSql} as facts
      from (values (${row.event}::text, ${row.ticketId}::uuid, ${row.occurredAt.toISOString()}::timestamptz,
                    ${JSON.stringify(row.facts)}::jsonb))
           as notification_events(event, ticket_id, occurred_at, facts)`);
  return result.rows[0]?.facts ?? {};
}
