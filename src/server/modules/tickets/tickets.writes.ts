// The writes every ticket event shares, each in one statement (issue 18): a new ticket with its
// number and its `create` history row; a transition's status change with its history row, its
// comment, and the status history as it now stands (what the SLA clocks are computed from).
import { getTableColumns, type SQL, sql } from 'drizzle-orm';
import type { Actor, Tx } from '../../db/client.js';
import { keyPrefixes, type TicketKind } from './kinds.js';
import type { StatusChange } from './tickets.reads.js';
import { ticketComments, ticketHistory, tickets } from './tickets.schema.js';

type TicketRow = typeof tickets.$inferSelect;

const ticketColumns = Object.entries(getTableColumns(tickets));

/**
 * A tickets row from JSON, as Drizzle's own select returns it: keyed by property names
 * (`ticketJsonById`) or, with `byColumn`, by column names (`to_jsonb(row)`).
 */
export function ticketRowFromJson(json: Record<string, unknown>, byColumn = false): TicketRow {
  const row: Record<string, unknown> = {};
  for (const [key, column] of ticketColumns) {
    const value = json[byColumn ? column.name : key];
    row[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
  }
  return row as TicketRow;
}

const at = (date: Date | null) => (date ? date.toISOString() : null);

/** The history row of a write, inserted for the ticket `from` gives (a CTE of the same statement). */
function historyInsert(
  from: SQL,
  entry: { at: Date; actor: Actor; transition: string; fromStatus: string | null; toStatus: string },
) {
  return sql`insert into ${ticketHistory} (ticket_id, at, actor_kind, actor_id, actor_label, transition, from_status, to_status)
    select id, ${at(entry.at)}::timestamptz, ${entry.actor.kind}::text, ${entry.actor.id}::uuid,
           ${entry.actor.label}::text, ${entry.transition}::text, ${entry.fromStatus}::text, ${entry.toStatus}::text
      from ${from}
    returning id`;
}

export interface NewTicketRow {
  kind: TicketKind;
  priority: string;
  requestTypeId: string | null;
  workflowKey: string;
  status: string;
  title: string;
  fields: unknown;
  requesterId: string;
  teamId: string | null;
  assigneeId: string | null;
  now: Date;
  actor: Actor;
}

/**
 * Inserts a ticket with the next number of its kind's sequence and its `create` history row, in
 * one statement. Returns the row as inserted.
 */
export async function insertTicketWithHistory(tx: Tx, input: NewTicketRow): Promise<TicketRow> {
  const now = at(input.now);
  const result = await tx.execute<{ ticket: Record<string, unknown> }>(sql`
    with n as (
      select nextval(${`ticket_number_${input.kind}`}::regclass)::int as number
    ), inserted as (
      insert into ${tickets} (number, key, kind, priority, request_type_id, workflow_key, status, status_changed_at,
             title, fields, requester_id, team_id, assignee_id, created_at, updated_at)
      select n.number, ${keyPrefixes[input.kind]}::text || '-' || n.number::text, ${input.kind}::text,
             ${input.priority}::text, ${input.requestTypeId}::uuid, ${input.workflowKey}::text, ${input.status}::text,
             ${now}::timestamptz, ${input.title}::text, ${JSON.stringify(input.fields)}::jsonb,
             ${input.requesterId}::uuid, ${input.teamId}::uuid, ${input.assigneeId}::uuid,
             ${now}::timestamptz, ${now}::timestamptz
        from n
      returning *
    ), history as (
      ${historyInsert(sql`inserted`, {
        at: input.now,
        actor: input.actor,
        transition: 'create',
        fromStatus: null,
        toStatus: input.status,
      })}
    )
    select to_jsonb(inserted) as ticket from inserted`);
  return ticketRowFromJson(result.rows[0]!.ticket, true);
}

export interface TransitionWrite {
  ticketId: string;
  /** Writes only if the ticket is (still) in this status: the update's row lock decides. */
  onlyIfStatus?: string | undefined;
  transition: string;
  from: string;
  to: string;
  /** `keep`: the resolution instant stays what it is (a move between resolving statuses). */
  resolvedAt: Date | null | 'keep';
  closedAt: Date | null;
  outcome: string | null;
  outcomeReason: string | null;
  now: Date;
  actor: Actor;
  comment?: { body: string; internal: boolean; kind?: string | undefined; data?: unknown } | undefined;
}

/**
 * A transition's writes in one statement: the ticket's status (its row locked FOR NO KEY UPDATE
 * by the update itself, as `lockTicket` does), its history row and its comment, returning the
 * ticket as it now is and its status history, oldest first, the new entry included. Null when
 * the ticket does not exist or is not in `onlyIfStatus`: nothing is written then.
 */
export async function writeTransition(
  tx: Tx,
  write: TransitionWrite,
): Promise<{ ticket: TicketRow; statusHistory: StatusChange[] } | null> {
  const now = at(write.now);
  const resolvedAt =
    write.resolvedAt === 'keep' ? sql`resolved_at` : sql`${at(write.resolvedAt)}::timestamptz`;
  const { comment } = write;
  const commentInsert = comment
    ? sql`, comment as (
      insert into ${ticketComments} (ticket_id, at, author_kind, author_id, author_label, body, internal, kind, data)
      select id, ${now}::timestamptz, ${write.actor.kind}::text, ${write.actor.id}::uuid, ${write.actor.label}::text,
             ${comment.body}::text, ${comment.internal}::boolean, ${comment.kind ?? 'comment'}::text,
             ${comment.data === undefined || comment.data === null ? null : JSON.stringify(comment.data)}::jsonb
        from updated
      returning id
    )`
    : sql``;
  // The history subquery sees the statement's snapshot: every entry but the one written here.
  const result = await tx.execute<{
    ticket: Record<string, unknown>;
    history: { at: string; from: string | null; to: string }[];
  }>(sql`
    with updated as (
      update ${tickets}
         set status = ${write.to}::text, status_changed_at = ${now}::timestamptz, resolved_at = ${resolvedAt},
             closed_at = ${at(write.closedAt)}::timestamptz, outcome = ${write.outcome}::text,
             outcome_reason = ${write.outcomeReason}::text, updated_at = ${now}::timestamptz, version = version + 1
       where id = ${write.ticketId}::uuid
         ${write.onlyIfStatus === undefined ? sql`` : sql`and status = ${write.onlyIfStatus}::text`}
      returning *
    ), history as (
      ${historyInsert(sql`updated`, {
        at: write.now,
        actor: write.actor,
        transition: write.transition,
        fromStatus: write.from,
        toStatus: write.to,
      })}
    )${commentInsert}
    select to_jsonb(updated) as ticket,
           (select coalesce(json_agg(json_build_object('at', h.at, 'from', h.from_status, 'to', h.to_status) order by h.id), '[]'::json)
              from ${ticketHistory} h where h.ticket_id = updated.id) as history
      from updated`);
  const row = result.rows[0];
  if (!row) return null;
  return {
    ticket: ticketRowFromJson(row.ticket, true),
    statusHistory: [
      ...row.history.map((entry) => ({ at: new Date(entry.at), from: entry.from, to: entry.to })),
      { at: write.now, from: write.from, to: write.to },
    ],
  };
}
