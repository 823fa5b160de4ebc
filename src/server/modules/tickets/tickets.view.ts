// What a ticket looks like to a caller (never a table row): its fields, history, comments (internal
// ones only for agents), approvals, fulfilment runs, and the transitions the caller may fire.
import { eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { requestTypes } from '../catalog/catalog.schema.js';
import { getRequestTypeById } from '../catalog/catalog.service.js';
import { teams, users } from '../identity/identity.schema.js';
import { availableTransitions, statusOf, type WorkflowDefinition } from '../workflow/engine.js';
import { getWorkflow } from '../workflow/workflow.service.js';
import type { TicketRow } from './lifecycle.js';
import { tickets } from './tickets.schema.js';
import { relationsOf, type Viewer } from './visibility.js';

const person = z.object({ id: z.uuid(), email: z.string(), displayName: z.string() });
const actor = z.object({ kind: z.string(), id: z.uuid().nullable(), name: z.string() });

export const ticketSummaryOut = z.object({
  key: z.string(),
  kind: z.string(),
  title: z.string(),
  requestType: z.string().nullable(),
  status: z.string(),
  statusName: z.string(),
  requester: person,
  team: z.object({ key: z.string(), name: z.string() }).nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
  resolvedAt: z.date().nullable(),
});

export const ticketOut = ticketSummaryOut.extend({
  requestTypeName: z.string().nullable(),
  statusCategory: z.string(),
  fields: z.record(z.string(), z.unknown()),
  closedAt: z.date().nullable(),
  history: z.array(
    z.object({ at: z.date(), actor, transition: z.string(), from: z.string().nullable(), to: z.string() }),
  ),
  comments: z.array(
    z.object({
      id: z.uuid(),
      at: z.date(),
      author: actor,
      body: z.string(),
      internal: z.boolean(),
      kind: z.string(),
      data: z.unknown().optional(),
    }),
  ),
  approvals: z.array(
    z.object({
      approver: person,
      state: z.string(),
      reason: z.string(),
      round: z.number(),
      comment: z.string().nullable(),
      decidedAt: z.date().nullable(),
    }),
  ),
  runs: z.array(
    z.object({
      id: z.uuid(),
      number: z.number(),
      action: z.string(),
      environment: z.string().nullable(),
      status: z.string(),
      attempts: z.number(),
      maxAttempts: z.number(),
      error: z.string().nullable(),
      summary: z.string().nullable(),
      createdAt: z.date(),
      startedAt: z.date().nullable(),
      finishedAt: z.date().nullable(),
    }),
  ),
  availableTransitions: z.array(
    z.object({ name: z.string(), label: z.string(), requiresComment: z.boolean() }),
  ),
  canApprove: z.boolean(),
});
export type TicketOut = z.infer<typeof ticketOut>;

type ViewRow = {
  requester: { id: string; email: string; displayName: string };
  team: { key: string; name: string } | null;
  requestTypeKey: string | null;
  history: {
    at: string;
    actor_kind: string;
    actor_id: string | null;
    actor_label: string;
    actor_name: string | null;
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
    author_name: string | null;
    body: string;
    internal: boolean;
    kind: string;
    data: unknown;
  }[];
  approvals: {
    approver_id: string;
    email: string;
    display_name: string;
    state: string;
    reason: string;
    round: number;
    comment: string | null;
    decided_at: string | null;
  }[];
  runs: {
    id: string;
    number: number;
    action: string;
    environment_name: string | null;
    status: string;
    attempts: number;
    max_attempts: number;
    error: string | null;
    summary: string | null;
    created_at: string;
    started_at: string | null;
    finished_at: string | null;
  }[];
};

const date = (value: string | null) => (value ? new Date(value) : null);

/** Everything a ticket page shows, in one round trip. */
async function loadView(context: AppContext, ticket: TicketRow): Promise<ViewRow> {
  const result = await context.db.execute<ViewRow>(sql`
    select
      (select json_build_object('id', u.id, 'email', u.email, 'displayName', u.display_name) from users u where u.id = ${ticket.requesterId}) as "requester",
      (select json_build_object('key', t.key, 'name', t.name) from teams t where t.id = ${ticket.teamId}) as "team",
      (select rt.key from request_types rt where rt.id = ${ticket.requestTypeId}) as "requestTypeKey",
      (select coalesce(json_agg(h order by h.id), '[]') from (
         select h.id, h.at, h.actor_kind, h.actor_id, h.actor_label, u.display_name as actor_name, h.transition, h.from_status, h.to_status
           from ticket_history h left join users u on u.id = h.actor_id where h.ticket_id = ${ticket.id}) h) as "history",
      (select coalesce(json_agg(c order by c.at, c.id), '[]') from (
         select c.id, c.at, c.author_kind, c.author_id, c.author_label, u.display_name as author_name, c.body, c.internal, c.kind, c.data
           from ticket_comments c left join users u on u.id = c.author_id where c.ticket_id = ${ticket.id}) c) as "comments",
      (select coalesce(json_agg(a order by a.round, a.created_at), '[]') from (
         select a.approver_id, u.email, u.display_name, a.state, a.reason, a.round, a.comment, a.decided_at, a.created_at
           from approvals a join users u on u.id = a.approver_id where a.ticket_id = ${ticket.id}) a) as "approvals",
      (select coalesce(json_agg(r order by r.number), '[]') from (
         select r.id, r.number, r.action, r.environment_name, r.status, r.attempts, r.max_attempts, r.error,
                r.result ->> 'summary' as summary, r.created_at, r.started_at, r.finished_at
           from fulfilment_runs r where r.ticket_id = ${ticket.id}) r) as "runs"`);
  return result.rows[0]!;
}

/** Summaries of several tickets (lists, queues, the approvals inbox) in one query. */
export async function ticketSummaries(context: AppContext, rows: TicketRow[]) {
  if (rows.length === 0) return [];
  const extras = await context.db
    .select({
      id: tickets.id,
      requester: { id: users.id, email: users.email, displayName: users.displayName },
      teamKey: teams.key,
      teamName: teams.name,
      requestTypeKey: requestTypes.key,
    })
    .from(tickets)
    .innerJoin(users, eq(users.id, tickets.requesterId))
    .leftJoin(teams, eq(teams.id, tickets.teamId))
    .leftJoin(requestTypes, eq(requestTypes.id, tickets.requestTypeId))
    .where(
      inArray(
        tickets.id,
        rows.map((row) => row.id),
      ),
    );
  const byId = new Map(extras.map((extra) => [extra.id, extra]));
  return Promise.all(
    rows.map(async (row) => {
      const extra = byId.get(row.id)!;
      return summaryOf(row, await getWorkflow(context.db, row.workflowKey), {
        requester: extra.requester,
        team: extra.teamKey ? { key: extra.teamKey, name: extra.teamName! } : null,
        requestTypeKey: extra.requestTypeKey,
      });
    }),
  );
}

function summaryOf(
  row: TicketRow,
  workflow: WorkflowDefinition,
  extra: Pick<ViewRow, 'requester' | 'team' | 'requestTypeKey'>,
) {
  return {
    key: row.key,
    kind: row.kind,
    title: row.title,
    requestType: extra.requestTypeKey,
    status: row.status,
    statusName: statusOf(workflow, row.status).name,
    requester: extra.requester,
    team: extra.team,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    resolvedAt: row.resolvedAt,
  };
}

export async function ticketView(context: AppContext, viewer: Viewer, ticket: TicketRow): Promise<TicketOut> {
  const workflow = await getWorkflow(context.db, ticket.workflowKey);
  const type = ticket.requestTypeId ? await getRequestTypeById(context.db, ticket.requestTypeId) : null;
  const view = await loadView(context, ticket);
  const userId = viewer.principal.user.id;
  const pendingApprover = view.approvals.some(
    (approval) => approval.approver_id === userId && approval.state === 'pending',
  );
  const roles = relationsOf(viewer, ticket, pendingApprover);
  // Internal notes are for the agents working the ticket, not for an agent who is its requester.
  const seesInternal = roles.has('agent');
  return {
    ...summaryOf(ticket, workflow, view),
    requestTypeName: type?.name ?? null,
    statusCategory: statusOf(workflow, ticket.status).category,
    fields: ticket.fields,
    closedAt: ticket.closedAt,
    history: view.history.map((row) => ({
      at: new Date(row.at),
      actor: { kind: row.actor_kind, id: row.actor_id, name: row.actor_name ?? row.actor_label },
      transition: row.transition,
      from: row.from_status,
      to: row.to_status,
    })),
    comments: view.comments
      .filter((row) => seesInternal || !row.internal)
      .map((row) => ({
        id: row.id,
        at: new Date(row.at),
        author: { kind: row.author_kind, id: row.author_id, name: row.author_name ?? row.author_label },
        body: row.body,
        internal: row.internal,
        kind: row.kind,
        ...(row.data ? { data: row.data } : {}),
      })),
    approvals: view.approvals.map((row) => ({
      approver: { id: row.approver_id, email: row.email, displayName: row.display_name },
      state: row.state,
      reason: row.reason,
      round: row.round,
      comment: row.comment,
      decidedAt: date(row.decided_at),
    })),
    runs: view.runs.map((run) => ({
      id: run.id,
      number: run.number,
      action: run.action,
      environment: run.environment_name,
      status: run.status,
      attempts: run.attempts,
      maxAttempts: run.max_attempts,
      error: run.error,
      summary: run.summary,
      createdAt: new Date(run.created_at),
      startedAt: date(run.started_at),
      finishedAt: date(run.finished_at),
    })),
    availableTransitions: availableTransitions(workflow, ticket.status, roles).map(
      ({ name, label, requiresComment }) => ({
        name,
        label,
        requiresComment,
      }),
    ),
    canApprove: pendingApprover && ticket.status === 'waiting_for_approval' && ticket.requesterId !== userId,
  };
}
