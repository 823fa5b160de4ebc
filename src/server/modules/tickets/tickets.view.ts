// What a ticket looks like to a caller (never a table row): its fields, people, history, comments
// (internal ones only for agents), links, the transitions the caller may fire, and the parts the
// practices add (approvals, fulfilment runs, an incident's impact …; see extensions.ts).

import { type SQL, sql } from 'drizzle-orm';
import type { TicketOut } from '../../../shared/api/tickets.js';
import { outcomeNames, ticketOutcomes } from '../../../shared/api/workflow.js';
import type { AppContext } from '../../context.js';
import type { Queryable } from '../../db/client.js';
import { allRequestTypes } from '../catalog/index.js';
import { cachedUsersById, teamsByIds, type UserRow } from '../identity/index.js';
import { availableTransitions, getWorkflow, statusOf, type WorkflowDefinition } from '../workflow/index.js';
import { attachmentOut } from './attachments/attachments.service.js';
import { type TicketRow, ticketExtensions } from './lifecycle.js';
import {
  ticketAttachments,
  ticketComments,
  ticketHistory,
  ticketLinks,
  ticketParticipants,
  tickets,
} from './tickets.schema.js';
import { relationsOf, responderRole, type Viewer } from './visibility.js';

const reverseLink: Record<string, string> = {
  child_of: 'parent_of',
  duplicate_of: 'duplicated_by',
  caused_by: 'caused',
  related_to: 'related_to',
};

const personOf = (user: UserRow | undefined, id: string) =>
  user
    ? { id: user.id, email: user.email, displayName: user.displayName }
    : { id, email: '', displayName: 'Unknown user' };

/** Request type keys and names by id (the catalog caches them). */
async function requestTypeNames(db: Queryable) {
  return new Map((await allRequestTypes(db)).map((type) => [type.id, { key: type.key, name: type.name }]));
}

/** Summaries of several tickets (lists, queues, the approvals inbox), with the practices' list fields. */
export async function ticketSummaries(context: AppContext, rows: readonly TicketRow[]) {
  if (rows.length === 0) return [];
  const now = context.clock.now();
  const [people, teams, types, ...parts] = await Promise.all([
    cachedUsersById(
      context.db,
      rows.flatMap((row) => [row.requesterId, ...(row.assigneeId ? [row.assigneeId] : [])]),
    ),
    teamsByIds(
      context.db,
      rows.flatMap((row) => (row.teamId ? [row.teamId] : [])),
    ),
    requestTypeNames(context.db),
    ...ticketExtensions().summaryParts.map((part) => part.load(context.db, rows, now)),
  ]);
  return Promise.all(
    rows.map(async (row) => {
      const workflow = await getWorkflow(context.db, row.workflowKey);
      const summary = summaryOf(row, workflow, people, teams, types);
      return Object.assign(summary, ...parts.map((part) => part.get(row.id) ?? {})) as typeof summary &
        Record<string, unknown>;
    }),
  );
}

export function outcomeOf(row: Pick<TicketRow, 'outcome' | 'outcomeReason'>) {
  const key = ticketOutcomes.find((outcome) => outcome === row.outcome);
  return key ? { key, name: outcomeNames[key], reason: row.outcomeReason } : null;
}

function summaryOf(
  row: TicketRow,
  workflow: WorkflowDefinition,
  people: Map<string, UserRow>,
  teams: Map<string, { key: string; name: string }>,
  types: Map<string, { key: string; name: string }>,
) {
  const team = row.teamId ? teams.get(row.teamId) : undefined;
  return {
    key: row.key,
    kind: row.kind,
    title: row.title,
    requestType: row.requestTypeId ? (types.get(row.requestTypeId)?.key ?? null) : null,
    status: row.status,
    statusName: statusOf(workflow, row.status).name,
    outcome: outcomeOf(row),
    priority: row.priority,
    requester: personOf(people.get(row.requesterId), row.requesterId),
    team: team ? { key: team.key, name: team.name } : null,
    assignee: row.assigneeId ? personOf(people.get(row.assigneeId), row.assigneeId) : null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    resolvedAt: row.resolvedAt,
  };
}

interface CoreRows extends Record<string, unknown> {
  history: {
    id: number;
    at: string;
    actor_kind: string;
    actor_id: string | null;
    actor_label: string;
    transition: string;
    from_status: string | null;
    to_status: string;
  }[];
  comments: {
    id: string;
    at: string;
    author_kind: string;
    author_id: string | null;
    author_label: string;
    body: string;
    internal: boolean;
    kind: string;
    data: unknown;
  }[];
  links: { type: string; key: string; title: string; status: string; direction: 'outgoing' | 'incoming' }[];
  participants: { user_id: string; role: string; active: boolean }[];
  attachments: {
    id: string;
    comment_id: string | null;
    filename: string;
    content_type: string;
    size: number;
    internal: boolean;
    uploaded_by_label: string;
    created_at: string;
  }[];
}

/** The core's own rows of a ticket, and the parts' columns (`part_<i>`), in one round trip. */
async function loadCore(db: Queryable, ticket: TicketRow, partColumns: readonly SQL[]): Promise<CoreRows> {
  const columns = partColumns.map((column, index) => sql`, ${column} as ${sql.identifier(`part_${index}`)}`);
  const result = await db.execute<CoreRows>(sql`
    select
      (select coalesce(json_agg(h order by h.id), '[]') from (
         select id, at, actor_kind, actor_id, actor_label, transition, from_status, to_status
           from ${ticketHistory} where ticket_id = ${ticket.id}) h) as "history",
      (select coalesce(json_agg(c order by c.at, c.id), '[]') from (
         select id, at, author_kind, author_id, author_label, body, internal, kind, data
           from ${ticketComments} where ticket_id = ${ticket.id}) c) as "comments",
      (select coalesce(json_agg(l order by l.key), '[]') from (
         select l.type, t.key, t.title, t.status, 'outgoing' as direction
           from ${ticketLinks} l join ${tickets} t on t.id = l.target_id where l.ticket_id = ${ticket.id}
         union all
         select l.type, t.key, t.title, t.status, 'incoming' as direction
           from ${ticketLinks} l join ${tickets} t on t.id = l.ticket_id where l.target_id = ${ticket.id}) l) as "links",
      (select coalesce(json_agg(p), '[]') from (
         select user_id, role, active from ${ticketParticipants} where ticket_id = ${ticket.id}) p) as "participants",
      (select coalesce(json_agg(a order by a.created_at, a.filename), '[]') from (
         select id, comment_id, filename, content_type, size, internal, uploaded_by_label, created_at
           from ${ticketAttachments} where ticket_id = ${ticket.id}) a) as "attachments"
      ${sql.join(columns, sql``)}`);
  return result.rows[0]!;
}

export async function ticketView(context: AppContext, viewer: Viewer, ticket: TicketRow): Promise<TicketOut> {
  const now = context.clock.now();
  const workflow = await getWorkflow(context.db, ticket.workflowKey);
  const parts = ticketExtensions().viewParts.filter(
    (part) => !part.kinds || part.kinds.includes(ticket.kind),
  );
  // Parts that offer their rows as a column come with the core rows (issue 18); the others load.
  const inCore = parts.filter((part) => part.column && part.fromColumn);
  const apart = parts.filter((part) => !inCore.includes(part));
  const [core, types, loadedApart] = await Promise.all([
    loadCore(
      context.db,
      ticket,
      inCore.map((part) => part.column!(sql`${ticket.id}::uuid`)),
    ),
    requestTypeNames(context.db),
    Promise.all(apart.map((part) => part.load(context.db, ticket, viewer, now))),
  ]);
  // In the parts' own order (a later part's keys win, as before).
  const loaded = await Promise.all(
    parts.map((part) => {
      const index = inCore.indexOf(part);
      return index >= 0
        ? part.fromColumn!(context.db, core[`part_${index}`], ticket, viewer, now)
        : loadedApart[apart.indexOf(part)]!;
    }),
  );
  // The attachments come with the core rows (one round trip fewer), as attachmentsOf gives them.
  const attachments = core.attachments.map((row) =>
    attachmentOut({
      id: row.id,
      commentId: row.comment_id,
      filename: row.filename,
      contentType: row.content_type,
      size: row.size,
      internal: row.internal,
      uploadedByLabel: row.uploaded_by_label,
      createdAt: new Date(row.created_at),
    }),
  );
  const people = await cachedUsersById(context.db, [
    ticket.requesterId,
    ...(ticket.assigneeId ? [ticket.assigneeId] : []),
    ...core.history.flatMap((row) => (row.actor_id ? [row.actor_id] : [])),
    ...core.comments.flatMap((row) => (row.author_id ? [row.author_id] : [])),
  ]);
  const teams = await teamsByIds(context.db, ticket.teamId ? [ticket.teamId] : []);
  const extra = Object.assign({}, ...loaded) as Record<string, unknown>;
  const userId = viewer.principal.user.id;
  const pendingApprover = core.participants.some(
    (participant) => participant.user_id === userId && participant.role === 'approver' && participant.active,
  );
  const responder = core.participants.some(
    (participant) =>
      participant.user_id === userId && participant.active && participant.role.startsWith(responderRole),
  );
  const roles = relationsOf(viewer, ticket, pendingApprover, responder);
  // Internal notes are for the agents working the ticket, not for an agent who is its requester.
  const seesInternal = roles.has('agent');
  const nameOf = (id: string | null, label: string) => (id ? (people.get(id)?.displayName ?? label) : label);
  return {
    ...summaryOf(ticket, workflow, people, teams, types),
    requestTypeName: ticket.requestTypeId ? (types.get(ticket.requestTypeId)?.name ?? null) : null,
    statusCategory: statusOf(workflow, ticket.status).category,
    fields: ticket.fields,
    closedAt: ticket.closedAt,
    history: core.history.map((row) => ({
      at: new Date(row.at),
      actor: { kind: row.actor_kind, id: row.actor_id, name: nameOf(row.actor_id, row.actor_label) },
      transition: row.transition,
      from: row.from_status,
      to: row.to_status,
    })),
    comments: core.comments
      .filter((row) => seesInternal || !row.internal)
      .map((row) => ({
        id: row.id,
        at: new Date(row.at),
        author: { kind: row.author_kind, id: row.author_id, name: nameOf(row.author_id, row.author_label) },
        body: row.body,
        internal: row.internal,
        kind: row.kind,
        ...(row.data ? { data: row.data } : {}),
      })),
    attachments: attachments.filter((attachment) => seesInternal || !attachment.internal),
    approvals: [],
    runs: [],
    canApprove: pendingApprover && ticket.status === 'waiting_for_approval' && ticket.requesterId !== userId,
    links: core.links.map((link) => ({
      type: link.direction === 'outgoing' ? link.type : (reverseLink[link.type] ?? link.type),
      target: link.key,
      title: link.title,
      status: link.status,
      direction: link.direction,
    })),
    availableTransitions: availableTransitions(workflow, ticket.status, roles).map(
      ({ name, label, requiresComment, to, guards }) => ({
        name,
        label,
        requiresComment,
        to,
        guards,
      }),
    ),
    ...extra,
  } as TicketOut;
}

export { type TicketOut, ticketOut, ticketSummaryOut } from '../../../shared/api/tickets.js';
