// Configuration items: finding one by id or name, listing and searching, creating and changing
// them. Every change writes a history row (before/after, actor, via, the ticket it happened under)
// in the same transaction. Writes take a transaction so that flows (fulfilment, discovery,
// import) change CIs inside their own.
import { and, asc, eq, gt, inArray, or, type SQL, sql } from 'drizzle-orm';
import type { FieldValues } from '../../../shared/fields.js';
import { type Actor, isUniqueViolation, type Queryable, type Tx } from '../../db/client.js';
import { prebuilt } from '../../db/prebuilt.js';
import { badRequest, conflict, invalidField, notFound } from '../../lib/errors.js';
import { attributeProblems, classOf } from './classes.service.js';
import { type CiStatus, ciExternalIds, ciHistory, cis } from './cmdb.schema.js';

export type CiRow = typeof cis.$inferSelect;

/** Why a CI changed: who, through what, under which ticket. */
export interface ChangeCause {
  actor: Actor;
  /** api, import, discovery, fulfilment, inventory. */
  via: string;
  ticketId?: string | null | undefined;
  at: Date;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function findCi(db: Queryable, id: string): Promise<CiRow | undefined> {
  if (!uuidPattern.test(id)) return undefined;
  const [row] = await db.select().from(cis).where(eq(cis.id, id));
  return row;
}

export async function getCi(db: Queryable, id: string): Promise<CiRow> {
  const found = await findCi(db, id);
  if (!found) throw notFound(`The configuration item ${id}`);
  return found;
}

export async function cisByIds(db: Queryable, ids: readonly string[]): Promise<Map<string, CiRow>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  // One array parameter, not one per id: impact analysis asks for hundreds at once.
  const rows = await db
    .select()
    .from(cis)
    .where(sql`${cis.id} = any(${`{${unique.join(',')}}`}::uuid[])`);
  return new Map(rows.map((row) => [row.id, row]));
}

/**
 * A CI named by the API: its id, its name (unique per class; `class` narrows it), or
 * `class/name`. Unknown or ambiguous: a 400 naming `field`.
 */
/** A CI reference by name: `class/name` names its class unless the class is already given. */
function splitRef(ref: string, classKey: string | undefined): { classKey: string | undefined; name: string } {
  const slash = ref.indexOf('/');
  return !classKey && slash > 0
    ? { classKey: ref.slice(0, slash), name: ref.slice(slash + 1) }
    : { classKey, name: ref };
}

export async function resolveCi(
  db: Queryable,
  ref: string,
  options: { field: string; classKey?: string | undefined },
): Promise<CiRow> {
  const byId = await findCi(db, ref);
  if (byId) {
    if (options.classKey && byId.classKey !== options.classKey)
      throw invalidField(
        options.field,
        `${byId.name} is a ${byId.classKey}, not a ${options.classKey}.`,
        'wrong_class',
      );
    return byId;
  }
  const { classKey, name } = splitRef(ref, options.classKey);
  const rows = await db
    .select()
    .from(cis)
    .where(
      and(sql`lower(${cis.name}) = ${name.toLowerCase()}`, classKey ? eq(cis.classKey, classKey) : undefined),
    )
    .limit(2);
  const what = options.classKey ? options.classKey.replace('_', ' ') : 'configuration item';
  if (rows.length === 0) throw invalidField(options.field, `there is no ${what} ${ref}.`, 'unknown_ci');
  if (rows.length > 1) {
    throw invalidField(options.field, `${ref} names several CIs; give its id or class/name.`, 'ambiguous_ci');
  }
  return rows[0]!;
}

export async function findCiByExternalId(db: Queryable, source: string, externalId: string) {
  const [row] = await db
    .select({ ci: cis })
    .from(ciExternalIds)
    .innerJoin(cis, eq(cis.id, ciExternalIds.ciId))
    .where(and(eq(ciExternalIds.source, source), eq(ciExternalIds.externalId, externalId)));
  return row?.ci;
}

/** What `cisReferencedBy` read: CIs by id, by lower-case name (any class), by external id. */
export interface CiReferences {
  byId: Map<string, CiRow>;
  byName: Map<string, CiRow[]>;
  byExternalId: Map<string, { source: string; ci: CiRow }[]>;
}

/**
 * Every CI that any of these values may name — as an id, a name or `class/name` (resolveCi), or
 * an external id of any source — read in two statements, so that a batch of references (an alert
 * message's labels) is resolved without a query per value.
 */
export async function cisReferencedBy(db: Queryable, values: readonly string[]): Promise<CiReferences> {
  const refs: CiReferences = { byId: new Map(), byName: new Map(), byExternalId: new Map() };
  const unique = [...new Set(values)];
  if (unique.length === 0) return refs;
  const ids = unique.filter((value) => uuidPattern.test(value)).map((value) => value.toLowerCase());
  const names = new Set<string>();
  for (const value of unique) {
    names.add(value.toLowerCase());
    const slash = value.indexOf('/');
    if (slash > 0) names.add(value.slice(slash + 1).toLowerCase());
  }
  const rows = await db
    .select()
    .from(cis)
    .where(
      or(
        sql`lower(${cis.name}) = any(${sql.param([...names])}::text[])`,
        ids.length > 0 ? sql`${cis.id} = any(${sql.param(ids)}::uuid[])` : undefined,
      ),
    );
  for (const row of rows) {
    if (ids.includes(row.id)) refs.byId.set(row.id, row);
    const key = row.name.toLowerCase();
    if (names.has(key)) refs.byName.set(key, [...(refs.byName.get(key) ?? []), row]);
  }
  const external = await db
    .select({ source: ciExternalIds.source, externalId: ciExternalIds.externalId, ci: cis })
    .from(ciExternalIds)
    .innerJoin(cis, eq(cis.id, ciExternalIds.ciId))
    .where(sql`${ciExternalIds.externalId} = any(${sql.param(unique)}::text[])`);
  for (const row of external)
    refs.byExternalId.set(row.externalId, [
      ...(refs.byExternalId.get(row.externalId) ?? []),
      { source: row.source, ci: row.ci },
    ]);
  return refs;
}

/**
 * What `resolveCi` answers, from `cisReferencedBy`'s read: the CI an id, name or `class/name`
 * names, or undefined when none, several, or one of another class than `classKey`.
 */
export function referencedCi(refs: CiReferences, ref: string, classKey?: string): CiRow | undefined {
  const byId = uuidPattern.test(ref) ? refs.byId.get(ref.toLowerCase()) : undefined;
  if (byId) return classKey && byId.classKey !== classKey ? undefined : byId;
  const named = splitRef(ref, classKey);
  const rows = (refs.byName.get(named.name.toLowerCase()) ?? []).filter(
    (row) => !named.classKey || row.classKey === named.classKey,
  );
  return rows.length === 1 ? rows[0] : undefined;
}

/** What `findCiByExternalId` (with a source) or `findCiByAnyExternalId` answer, from the read. */
export function externallyReferencedCi(refs: CiReferences, source: string | null, externalId: string) {
  const entries = refs.byExternalId.get(externalId) ?? [];
  if (source) return entries.find((entry) => entry.source === source)?.ci;
  return entries.length === 1 ? entries[0]!.ci : undefined;
}

/** The CI carrying this external id from any source (event binding); undefined when none or several. */
export async function findCiByAnyExternalId(db: Queryable, externalId: string): Promise<CiRow | undefined> {
  const rows = await db
    .select({ ci: cis })
    .from(ciExternalIds)
    .innerJoin(cis, eq(cis.id, ciExternalIds.ciId))
    .where(eq(ciExternalIds.externalId, externalId))
    .limit(2);
  return rows.length === 1 ? rows[0]!.ci : undefined;
}

export async function externalIdsOf(db: Queryable, ciIds: readonly string[]) {
  if (ciIds.length === 0) return [];
  return db
    .select()
    .from(ciExternalIds)
    .where(inArray(ciExternalIds.ciId, [...ciIds]));
}

export interface CiSearch {
  class?: string | undefined;
  q?: string | undefined;
  status?: CiStatus | undefined;
  limit: number;
  /** The last id of the previous page (name order, then id). */
  after?: { name: string; id: string } | undefined;
}

/** CIs by class and words of their name (trigram-indexed), in name order, a page at a time. */
export async function searchCis(db: Queryable, search: CiSearch): Promise<CiRow[]> {
  const conditions: (SQL | undefined)[] = [
    search.class ? eq(cis.classKey, search.class) : undefined,
    search.status ? eq(cis.status, search.status) : undefined,
  ];
  if (search.q) {
    const words = `%${search.q.toLowerCase().replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    conditions.push(sql`lower(${cis.name}) like ${words}`);
  }
  if (search.after) {
    conditions.push(
      or(
        gt(sql`lower(${cis.name})`, search.after.name.toLowerCase()),
        and(eq(sql`lower(${cis.name})`, search.after.name.toLowerCase()), gt(cis.id, search.after.id)),
      ),
    );
  }
  return db
    .select()
    .from(cis)
    .where(and(...conditions))
    .orderBy(asc(sql`lower(${cis.name})`), asc(cis.id))
    .limit(search.limit);
}

export async function recordHistory(
  tx: Tx,
  ciId: string,
  cause: ChangeCause,
  change: string,
  before: unknown,
  after: unknown,
): Promise<void> {
  await recordHistoryStatement.run(tx, historyValues(ciId, cause, change, before, after));
}

// Built once: each environment mirrored writes several history rows.
const recordHistoryStatement = prebuilt(
  (db, p: ReturnType<typeof historyValues>) =>
    db.insert(ciHistory).values({
      ciId: p.ciId,
      at: p.at,
      actorKind: p.actorKind,
      actorId: p.actorId,
      actorLabel: p.actorLabel,
      ticketId: p.ticketId,
      via: p.via,
      change: p.change,
      before: p.before,
      after: p.after,
    }),
  {
    ciId: '00000000-0000-4000-8000-000000000001',
    at: new Date('2026-01-02T03:04:05.678Z'),
    actorKind: 'system',
    actorId: null,
    actorLabel: 'system:test',
    ticketId: null,
    via: 'fulfilment',
    change: 'relation_added',
    before: null,
    after: { type: 'runs_on', source: { id: 'a' }, target: { id: 'b' } },
  },
);

function historyValues(ciId: string, cause: ChangeCause, change: string, before: unknown, after: unknown) {
  return {
    ciId,
    at: cause.at,
    actorKind: cause.actor.kind,
    actorId: cause.actor.id,
    actorLabel: cause.actor.label,
    ticketId: cause.ticketId ?? null,
    via: cause.via,
    change,
    before: before ?? null,
    after: after ?? null,
  };
}

export interface CiInput {
  classKey: string;
  name: string;
  status?: CiStatus | undefined;
  attributes?: Record<string, unknown> | undefined;
  ownerId?: string | null | undefined;
  teamId?: string | null | undefined;
  siteId?: string | null | undefined;
  tags?: string[] | undefined;
  source?: string | undefined;
  externalIds?: { source: string; externalId: string }[] | undefined;
}

/** The part of a CI its history compares: what people and discovery change. */
function snapshot(row: CiRow) {
  return {
    name: row.name,
    status: row.status,
    attributes: row.attributes,
    ownerId: row.ownerId,
    teamId: row.teamId,
    siteId: row.siteId,
    tags: row.tags,
  };
}

/** Only the keys whose values differ, for a readable before/after. */
export function changedParts(before: Record<string, unknown>, after: Record<string, unknown>) {
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (key === 'attributes') {
      const ba = (before.attributes ?? {}) as Record<string, unknown>;
      const aa = (after.attributes ?? {}) as Record<string, unknown>;
      const bAttr: Record<string, unknown> = {};
      const aAttr: Record<string, unknown> = {};
      for (const attr of new Set([...Object.keys(ba), ...Object.keys(aa)])) {
        if (JSON.stringify(ba[attr]) !== JSON.stringify(aa[attr])) {
          bAttr[attr] = ba[attr] ?? null;
          aAttr[attr] = aa[attr] ?? null;
        }
      }
      if (Object.keys(aAttr).length > 0) {
        b.attributes = bAttr;
        a.attributes = aAttr;
      }
      continue;
    }
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) {
      b[key] = before[key] ?? null;
      a[key] = after[key] ?? null;
    }
  }
  return { before: b, after: a, changed: Object.keys(a).length > 0 };
}

async function assertAttributesFit(tx: Queryable, classKey: string, attributes: Record<string, unknown>) {
  const definition = await classOf(tx, classKey);
  const problems = attributeProblems(definition.attributes, attributes);
  if (problems.length > 0) {
    throw badRequest(
      'validation_failed',
      `The attributes do not fit the class ${classKey}: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`,
      problems,
    );
  }
}

export async function insertCi(tx: Tx, input: CiInput, cause: ChangeCause): Promise<CiRow> {
  const attributes = (input.attributes ?? {}) as FieldValues;
  await assertAttributesFit(tx, input.classKey, attributes);
  let row: CiRow | undefined;
  try {
    [row] = await tx
      .insert(cis)
      .values({
        classKey: input.classKey,
        name: input.name,
        status: input.status ?? 'active',
        attributes,
        manualAttributes: cause.via === 'api' || cause.via === 'import' ? Object.keys(attributes) : [],
        ownerId: input.ownerId ?? null,
        teamId: input.teamId ?? null,
        siteId: input.siteId ?? null,
        tags: input.tags ?? [],
        source: input.source ?? (cause.via === 'api' ? 'manual' : cause.via),
        lastSeenAt: cause.via === 'discovery' ? cause.at : null,
        createdAt: cause.at,
        updatedAt: cause.at,
      })
      .returning();
  } catch (error) {
    if (isUniqueViolation(error))
      throw conflict('ci_exists', `name: a ${input.classKey} named ${input.name} exists already.`, [
        { field: 'name', message: 'already taken in this class' },
      ]);
    throw error;
  }
  if (input.externalIds?.length) {
    await tx
      .insert(ciExternalIds)
      .values(
        input.externalIds.map((ext) => ({ ciId: row!.id, source: ext.source, externalId: ext.externalId })),
      )
      .onConflictDoNothing();
  }
  await recordHistory(tx, row!.id, cause, 'created', null, snapshot(row!));
  return row!;
}

export interface CiPatch {
  name?: string | undefined;
  status?: CiStatus | undefined;
  /** Merged into the CI's attributes; a null value removes the attribute. */
  attributes?: Record<string, unknown> | undefined;
  ownerId?: string | null | undefined;
  teamId?: string | null | undefined;
  siteId?: string | null | undefined;
  tags?: string[] | undefined;
  lastSeenAt?: Date | undefined;
}

/**
 * Changes a CI (locked for the transaction). Attributes merge; a person's change marks the
 * attribute as set by hand, which discovery then leaves alone. Returns the CI as it is now;
 * nothing is written (and no history) when nothing changes.
 */
/** `locked`: the CI as the caller read it with a lock (`for no key update`), not read again. */
export async function changeCi(
  tx: Tx,
  ciId: string,
  patch: CiPatch,
  cause: ChangeCause,
  locked?: CiRow,
): Promise<CiRow> {
  const [current] = locked
    ? [locked]
    : await tx.select().from(cis).where(eq(cis.id, ciId)).for('no key update');
  if (!current) throw notFound(`The configuration item ${ciId}`);
  let attributes = current.attributes;
  let manual = current.manualAttributes;
  if (patch.attributes) {
    const merged: Record<string, unknown> = { ...current.attributes };
    const incoming = { ...patch.attributes };
    if (cause.via === 'discovery') {
      // Discovery reconciles: what a person set by hand stays as they set it.
      for (const key of current.manualAttributes) delete incoming[key];
    }
    for (const [key, value] of Object.entries(incoming)) {
      if (value === null) delete merged[key];
      else merged[key] = value;
    }
    await assertAttributesFit(tx, current.classKey, merged);
    attributes = merged as FieldValues;
    if (cause.via === 'api' || cause.via === 'import')
      manual = [...new Set([...manual, ...Object.keys(patch.attributes)])];
  }
  const next = {
    name: patch.name ?? current.name,
    status: patch.status ?? current.status,
    attributes,
    ownerId: patch.ownerId !== undefined ? patch.ownerId : current.ownerId,
    teamId: patch.teamId !== undefined ? patch.teamId : current.teamId,
    siteId: patch.siteId !== undefined ? patch.siteId : current.siteId,
    tags: patch.tags ?? current.tags,
  };
  if (next.siteId === ciId) throw invalidField('site', 'a CI cannot be its own site.', 'self_site');
  const diff = changedParts(snapshot(current), next);
  if (!diff.changed) {
    if (patch.lastSeenAt) await tx.update(cis).set({ lastSeenAt: patch.lastSeenAt }).where(eq(cis.id, ciId));
    return current;
  }
  const change = next.status === 'retired' && current.status !== 'retired' ? 'retired' : 'updated';
  // The history row is written by the update's own statement (a data-modifying CTE).
  const history = tx.$with('history').as(
    tx
      .insert(ciHistory)
      .values(historyValues(ciId, cause, change, diff.before, diff.after))
      .returning({ id: ciHistory.id }),
  );
  let row: CiRow | undefined;
  try {
    [row] = await tx
      .with(history)
      .update(cis)
      .set({
        ...next,
        manualAttributes: manual,
        updatedAt: cause.at,
        version: sql`${cis.version} + 1`,
        ...(patch.lastSeenAt ? { lastSeenAt: patch.lastSeenAt } : {}),
      })
      .where(eq(cis.id, ciId))
      .returning();
  } catch (error) {
    if (isUniqueViolation(error))
      throw conflict('ci_exists', `name: a ${current.classKey} named ${next.name} exists already.`, [
        { field: 'name', message: 'already taken in this class' },
      ]);
    throw error;
  }
  return row!;
}

export async function addExternalId(tx: Tx, ciId: string, source: string, externalId: string): Promise<void> {
  await tx.insert(ciExternalIds).values({ ciId, source, externalId }).onConflictDoNothing();
}
