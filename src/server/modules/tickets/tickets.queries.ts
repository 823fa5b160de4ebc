// Ticket search: filters, visibility, and cursor pagination (newest first, stable under inserts).
import { and, asc, desc, eq, gte, ilike, inArray, lt, or, param, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { badRequest } from '../../http/errors.js';
import { requestTypes } from '../catalog/catalog.schema.js';
import type { Principal } from '../identity/auth.service.js';
import { teams } from '../identity/identity.schema.js';
import { findUserByEmail } from '../identity/identity.service.js';
import type { TicketRow } from './lifecycle.js';
import { tickets } from './tickets.schema.js';
import { viewerOf, visibleTo } from './visibility.js';

const dateOrDateTime = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);

export const ticketSearchQuery = z
  .object({
    status: z.string().max(500).optional().describe('comma-separated status keys'),
    requestType: z.string().max(100).optional(),
    requester: z.string().max(254).optional().describe('"me", an email or a user id'),
    team: z.string().max(63).optional(),
    from: dateOrDateTime.optional().describe('created at or after'),
    to: dateOrDateTime.optional().describe('created before (a date: the whole day included)'),
    q: z.string().max(200).optional().describe('words in the title or key'),
    sla: z
      .enum(['at_risk', 'breached'])
      .optional()
      .describe(
        'at_risk: an SLA clock is running past its warning and has not breached yet; breached: a clock is over its goal',
      ),
    sort: z
      .enum(['created', 'updated', 'key'])
      .default('created')
      .describe('created (default), updated (last change) or key (the ticket number)'),
    dir: z.enum(['desc', 'asc']).default('desc'),
    limit: z.coerce.number().int().min(1).max(100).default(25),
    cursor: z.string().max(200).optional(),
  })
  .strict();
export type TicketSearch = z.infer<typeof ticketSearchQuery>;

/** Where a page ended: the sort key's value and the id of the last row (ties broken by id). */
interface Cursor {
  sort: TicketSearch['sort'];
  dir: TicketSearch['dir'];
  value: string | number;
  id: string;
}

const sortColumns = {
  created: tickets.createdAt,
  updated: tickets.updatedAt,
  key: tickets.number,
} as const;

const sortValue = (row: TicketRow, sort: TicketSearch['sort']) =>
  sort === 'key' ? row.number : (sort === 'created' ? row.createdAt : row.updatedAt).toISOString();

const encodeCursor = (row: TicketRow, query: TicketSearch) =>
  Buffer.from(
    JSON.stringify({
      sort: query.sort,
      dir: query.dir,
      value: sortValue(row, query.sort),
      id: row.id,
    } satisfies Cursor),
  ).toString('base64url');

function decodeCursor(cursor: string, query: TicketSearch): Cursor {
  let parsed: Cursor;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Cursor;
    if (typeof parsed.id !== 'string' || !['string', 'number'].includes(typeof parsed.value))
      throw new Error('shape');
  } catch {
    throw badRequest('invalid_cursor', 'cursor: not a cursor this API returned.');
  }
  if (parsed.sort !== query.sort || parsed.dir !== query.dir) {
    throw badRequest('invalid_cursor', 'cursor: it belongs to another sort order; start again without it.');
  }
  return parsed;
}

const endOf = (value: string) =>
  value.length === 10 ? new Date(new Date(`${value}T00:00:00Z`).getTime() + 86_400_000) : new Date(value);

export async function searchTickets(context: AppContext, principal: Principal, query: TicketSearch) {
  const { db } = context;
  const viewer = await viewerOf(db, principal);
  const conditions: (SQL | undefined)[] = [visibleTo(viewer)];
  if (query.status)
    conditions.push(
      inArray(
        tickets.status,
        query.status.split(',').map((status) => status.trim()),
      ),
    );
  if (query.requestType) {
    conditions.push(
      sql`${tickets.requestTypeId} in (select ${requestTypes.id} from ${requestTypes} where ${requestTypes.key} = ${query.requestType})`,
    );
  }
  if (query.requester) {
    const requester = query.requester;
    if (requester === 'me') conditions.push(eq(tickets.requesterId, principal.user.id));
    else if (/^[0-9a-f-]{36}$/.test(requester)) conditions.push(eq(tickets.requesterId, requester));
    else {
      const user = await findUserByEmail(db, requester);
      conditions.push(user ? eq(tickets.requesterId, user.id) : sql`false`);
    }
  }
  if (query.team)
    conditions.push(
      sql`${tickets.teamId} in (select ${teams.id} from ${teams} where ${teams.key} = ${query.team})`,
    );
  if (query.from) conditions.push(gte(tickets.createdAt, new Date(query.from)));
  if (query.to) conditions.push(lt(tickets.createdAt, endOf(query.to)));
  if (query.q) {
    const words = `%${query.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    conditions.push(or(ilike(tickets.title, words), ilike(tickets.key, words)));
  }
  if (query.sla) conditions.push(slaCondition(query.sla, context.clock.now()));
  const column = sortColumns[query.sort];
  if (query.cursor) {
    const cursor = decodeCursor(query.cursor, query);
    const value = query.sort === 'key' ? Number(cursor.value) : new Date(String(cursor.value));
    conditions.push(
      query.dir === 'desc'
        ? sql`(${column}, ${tickets.id}) < (${value}, ${cursor.id}::uuid)`
        : sql`(${column}, ${tickets.id}) > (${value}, ${cursor.id}::uuid)`,
    );
  }
  const order = query.dir === 'desc' ? desc : asc;
  const rows = await db
    .select()
    .from(tickets)
    .where(and(...conditions))
    .orderBy(order(column), order(tickets.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  return { rows: page, nextCursor: rows.length > query.limit ? encodeCursor(page.at(-1)!, query) : null };
}

/** Over the SLA read model (ticket_sla_clocks; by name: the sla module depends on this one). */
function slaCondition(kind: 'at_risk' | 'breached', now: Date): SQL {
  if (kind === 'at_risk') {
    return sql`exists (select 1 from ticket_sla_clocks c where c.ticket_id = ${tickets.id}
      and c.state = 'running' and not c.breached and c.warn_at <= ${now}
      and (c.breach_at is null or c.breach_at > ${now}))`;
  }
  return sql`exists (select 1 from ticket_sla_clocks c where c.ticket_id = ${tickets.id}
    and (c.breached or (c.state = 'running' and c.breach_at <= ${now})))`;
}

export const slaSummaryOut = z
  .object({
    metric: z.string(),
    status: z.enum(['on_track', 'at_risk', 'breached', 'paused', 'met', 'not_started']),
    goalSeconds: z.number(),
    /** Counted time when the clock was last computed (computedAt); a running clock goes on counting. */
    elapsedSeconds: z.number(),
    computedAt: z.date(),
    warnAt: z.date().nullable(),
    breachAt: z.date().nullable(),
  })
  .nullable()
  .describe("The ticket's most pressing SLA clock with a goal: running ones first, the nearest breach first");
export type SlaSummary = z.infer<typeof slaSummaryOut>;

/** One SLA summary per ticket, for lists (one query for the whole page). */
export async function slaSummaries(
  context: AppContext,
  ticketIds: string[],
): Promise<Map<string, SlaSummary>> {
  const result = new Map<string, SlaSummary>();
  if (ticketIds.length === 0) return result;
  const { rows } = await context.db.execute<{
    ticket_id: string;
    metric_key: string;
    state: string;
    goal_seconds: number;
    elapsed_seconds: number;
    breached: boolean;
    warn_at: Date | string | null;
    breach_at: Date | string | null;
    computed_at: Date | string;
  }>(sql`
    select distinct on (ticket_id) ticket_id, metric_key, state, goal_seconds, elapsed_seconds, breached,
           warn_at, breach_at, computed_at
      from ticket_sla_clocks
     where ticket_id = any(${param(ticketIds)}::uuid[])
       and goal_seconds is not null
     order by ticket_id, (state = 'running') desc, (state = 'paused') desc, breach_at asc nulls last, metric_key`);
  const now = context.clock.now().getTime();
  const date = (value: Date | string | null) => (value === null ? null : new Date(value));
  for (const row of rows) {
    const warnAt = date(row.warn_at);
    const breachAt = date(row.breach_at);
    let status: NonNullable<SlaSummary>['status'];
    if (row.breached || (row.state === 'running' && breachAt && breachAt.getTime() <= now))
      status = 'breached';
    else if (row.state === 'stopped') status = 'met';
    else if (row.state === 'paused') status = 'paused';
    else if (row.state === 'not_started') status = 'not_started';
    else if (warnAt && warnAt.getTime() <= now) status = 'at_risk';
    else status = 'on_track';
    result.set(row.ticket_id, {
      metric: row.metric_key,
      status,
      goalSeconds: row.goal_seconds,
      elapsedSeconds: row.elapsed_seconds,
      computedAt: new Date(row.computed_at),
      warnAt,
      breachAt,
    });
  }
  return result;
}
