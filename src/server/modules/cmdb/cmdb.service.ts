// The CMDB as the API uses it: people's references resolved (owner by email, team by key, site
// and relation targets by id or name, the ticket by key), one transaction per write, and what
// leaves shaped by cmdb.view.ts.
import { desc, eq } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { type Queryable, withTransaction } from '../../db/client.js';
import { invalidField } from '../../lib/errors.js';
import { actorOf, findTeamByKey, findUserByEmail, getUser, type Principal } from '../identity/index.js';
import { findTicketByKey, ticketKeysByIds } from '../tickets/index.js';
import { type ChangeCause, type CiRow, changeCi, getCi, insertCi, resolveCi } from './cis.service.js';
import { type CiRelationType, type CiStatus, ciHistory } from './cmdb.schema.js';
import { addRelation, removeRelation } from './relations.service.js';

export interface CiApiInput {
  class: string;
  name: string;
  status?: CiStatus | undefined;
  attributes?: Record<string, unknown> | undefined;
  owner?: string | null | undefined;
  team?: string | null | undefined;
  site?: string | null | undefined;
  tags?: string[] | undefined;
  externalIds?: { source: string; externalId: string }[] | undefined;
  /** The ticket (request, change, incident) under which this happens. */
  ticket?: string | undefined;
}

export async function causeOf(
  context: AppContext,
  principal: Principal,
  ticket: string | undefined,
  requestId?: string,
): Promise<ChangeCause> {
  let ticketId: string | null = null;
  if (ticket) {
    const found = await findTicketByKey(context, ticket);
    if (!found) throw invalidField('ticket', `there is no ticket ${ticket}.`, 'unknown_ticket');
    ticketId = found.id;
  }
  return { actor: actorOf(principal, requestId), via: 'api', ticketId, at: context.clock.now() };
}

export async function references(
  context: AppContext,
  input: Partial<CiApiInput>,
  db: Queryable = context.db,
) {
  const out: { ownerId?: string | null; teamId?: string | null; siteId?: string | null } = {};
  if (input.owner !== undefined) {
    if (input.owner === null) out.ownerId = null;
    else {
      const user = /^[0-9a-f-]{36}$/i.test(input.owner)
        ? await getUser(context.db, input.owner).catch(() => undefined)
        : await findUserByEmail(context.db, input.owner);
      if (!user) throw invalidField('owner', `there is no user ${input.owner}.`, 'unknown_user');
      out.ownerId = user.id;
    }
  }
  if (input.team !== undefined) {
    if (input.team === null) out.teamId = null;
    else {
      const team = await findTeamByKey(context.db, input.team);
      if (!team) throw invalidField('team', `there is no team ${input.team}.`, 'unknown_team');
      out.teamId = team.id;
    }
  }
  if (input.site !== undefined) {
    out.siteId =
      input.site === null ? null : (await resolveCi(db, input.site, { field: 'site', classKey: 'site' })).id;
  }
  return out;
}

export async function createCiByApi(
  context: AppContext,
  principal: Principal,
  input: CiApiInput,
  requestId?: string,
) {
  const refs = await references(context, input);
  const cause = await causeOf(context, principal, input.ticket, requestId);
  return withTransaction(context.db, cause.actor, (tx) =>
    insertCi(
      tx,
      {
        classKey: input.class,
        name: input.name,
        status: input.status,
        attributes: input.attributes,
        tags: input.tags,
        externalIds: input.externalIds,
        ...refs,
      },
      cause,
    ),
  );
}

export async function updateCiByApi(
  context: AppContext,
  principal: Principal,
  id: string,
  input: Omit<Partial<CiApiInput>, 'class'>,
  requestId?: string,
): Promise<CiRow> {
  const ci = await getCi(context.db, id);
  const refs = await references(context, input);
  const cause = await causeOf(context, principal, input.ticket, requestId);
  return withTransaction(context.db, cause.actor, (tx) =>
    changeCi(
      tx,
      ci.id,
      { name: input.name, status: input.status, attributes: input.attributes, tags: input.tags, ...refs },
      cause,
    ),
  );
}

export async function relateByApi(
  context: AppContext,
  principal: Principal,
  id: string,
  input: { type: CiRelationType; target: string; ticket?: string | undefined },
  requestId?: string,
) {
  const source = await getCi(context.db, id);
  const target = await resolveCi(context.db, input.target, { field: 'target' });
  const cause = await causeOf(context, principal, input.ticket, requestId);
  return withTransaction(context.db, cause.actor, (tx) => addRelation(tx, source, input.type, target, cause));
}

export async function unrelateByApi(
  context: AppContext,
  principal: Principal,
  id: string,
  relationId: string,
  ticket: string | undefined,
  requestId?: string,
) {
  const ci = await getCi(context.db, id);
  const cause = await causeOf(context, principal, ticket, requestId);
  await withTransaction(context.db, cause.actor, (tx) => removeRelation(tx, relationId, ci.id, cause));
}

/** A CI's history, newest first, each change with the ticket (key) it happened under. */
export async function historyOfCi(context: AppContext, id: string, limit = 500) {
  const ci = await getCi(context.db, id);
  const rows = await context.db
    .select()
    .from(ciHistory)
    .where(eq(ciHistory.ciId, ci.id))
    .orderBy(desc(ciHistory.at), desc(ciHistory.id))
    .limit(limit);
  const keys = await ticketKeysByIds(
    context.db,
    rows.flatMap((row) => (row.ticketId ? [row.ticketId] : [])),
  );
  return rows.map((row) => ({
    at: row.at,
    actor: { kind: row.actorKind, id: row.actorId, name: row.actorLabel },
    via: row.via,
    change: row.change,
    ticket: row.ticketId ? (keys.get(row.ticketId) ?? null) : null,
    before: row.before,
    after: row.after,
  }));
}
