// Ticket search: filters, visibility, and cursor pagination (newest first, stable under inserts).
import { and, asc, desc, eq, gte, ilike, inArray, isNull, lt, or, type SQL, sql } from 'drizzle-orm';
import type { TicketSearch } from '../../../shared/api/tickets.js';
import type { AppContext } from '../../context.js';
import { badRequest } from '../../lib/errors.js';
import { findRequestType } from '../catalog/index.js';
import { findTeamByKey, findUserByEmail, type Principal } from '../identity/index.js';
import { type TicketRow, ticketExtensions } from './lifecycle.js';
import { tickets } from './tickets.schema.js';
import { viewerOf, visibleTo } from './visibility.js';

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
  const conditions: (SQL | undefined)[] = [await visibleTo(db, viewer)];
  if (query.status)
    conditions.push(
      inArray(
        tickets.status,
        query.status.split(',').map((status) => status.trim()),
      ),
    );
  if (query.kind) conditions.push(eq(tickets.kind, query.kind));
  if (query.priority)
    conditions.push(
      inArray(
        tickets.priority,
        query.priority.split(',').map((priority) => priority.trim()),
      ),
    );
  if (query.requestType) {
    const type = await findRequestType(db, query.requestType);
    conditions.push(type ? eq(tickets.requestTypeId, type.id) : sql`false`);
  }
  const userCondition = async (column: typeof tickets.requesterId, ref: string) => {
    if (ref === 'me') return eq(column, principal.user.id);
    if (/^[0-9a-f-]{36}$/.test(ref)) return eq(column, ref);
    const user = await findUserByEmail(db, ref);
    return user ? eq(column, user.id) : sql`false`;
  };
  if (query.requester) conditions.push(await userCondition(tickets.requesterId, query.requester));
  if (query.assignee) {
    conditions.push(
      query.assignee === 'none'
        ? isNull(tickets.assigneeId)
        : await userCondition(tickets.assigneeId as unknown as typeof tickets.requesterId, query.assignee),
    );
  }
  if (query.team) {
    const team = await findTeamByKey(db, query.team);
    conditions.push(team ? eq(tickets.teamId, team.id) : sql`false`);
  }
  if (query.from) conditions.push(gte(tickets.createdAt, new Date(query.from)));
  if (query.to) conditions.push(lt(tickets.createdAt, endOf(query.to)));
  if (query.q) {
    const words = `%${query.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    conditions.push(or(ilike(tickets.title, words), ilike(tickets.key, words)));
  }
  const filters = ticketExtensions().searchFilters;
  for (const [name, filter] of Object.entries(filters)) {
    const value = (query as Record<string, unknown>)[name];
    if (typeof value === 'string') conditions.push(filter(tickets.id, value, context.clock.now()));
  }
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

export {
  type SlaSummary,
  slaSummaryOut,
  type TicketSearch,
  ticketSearchQuery,
} from '../../../shared/api/tickets.js';
