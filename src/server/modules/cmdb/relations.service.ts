// Typed, directed relations between CIs. No duplicates, no self-links; cycles may exist in the
// data (traversal handles them). Adding or removing one is history on both CIs.
import { and, eq, inArray, or, sql } from 'drizzle-orm';
import type { Queryable, Tx } from '../../db/client.js';
import { prebuilt } from '../../db/prebuilt.js';
import { conflict, invalidField, notFound } from '../../lib/errors.js';
import { type ChangeCause, type CiRow, recordHistory } from './cis.service.js';
import { type CiRelationType, ciRelations, cis } from './cmdb.schema.js';

export type RelationRow = typeof ciRelations.$inferSelect;

export async function addRelation(
  tx: Tx,
  source: CiRow,
  type: CiRelationType,
  target: CiRow,
  cause: ChangeCause,
  options: { ifMissing?: boolean } = {},
): Promise<RelationRow | null> {
  if (source.id === target.id)
    throw invalidField('target', 'a CI cannot be related to itself.', 'self_relation');
  const [row] = await tx
    .insert(ciRelations)
    .values({
      sourceId: source.id,
      type,
      targetId: target.id,
      createdAt: cause.at,
      createdBy: cause.actor.label,
    })
    .onConflictDoNothing()
    .returning();
  if (!row) {
    if (options.ifMissing) return null;
    throw conflict('relation_exists', `${source.name} already ${type.replace('_', ' ')} ${target.name}.`);
  }
  const description = {
    type,
    source: { id: source.id, name: source.name },
    target: { id: target.id, name: target.name },
  };
  await recordHistory(tx, source.id, cause, 'relation_added', null, description);
  await recordHistory(tx, target.id, cause, 'relation_added', null, description);
  return row;
}

export async function removeRelation(
  tx: Tx,
  relationId: string,
  ciId: string,
  cause: ChangeCause,
): Promise<void> {
  const [row] = await tx
    .delete(ciRelations)
    .where(
      and(eq(ciRelations.id, relationId), or(eq(ciRelations.sourceId, ciId), eq(ciRelations.targetId, ciId))),
    )
    .returning();
  if (!row) throw notFound('The relation');
  const description = { type: row.type, source: { id: row.sourceId }, target: { id: row.targetId } };
  await recordHistory(tx, row.sourceId, cause, 'relation_removed', description, null);
  await recordHistory(tx, row.targetId, cause, 'relation_removed', description, null);
}

/** A CI's relations both ways: "outgoing" (this depends_on X), "incoming" (X depends_on this). */
export async function relationsOf(db: Queryable, ciIds: readonly string[]) {
  if (ciIds.length === 0) return [];
  return db
    .select()
    .from(ciRelations)
    .where(or(inArray(ciRelations.sourceId, [...ciIds]), inArray(ciRelations.targetId, [...ciIds])));
}

/** The relations of one CI, each with the CI at its other end, in one statement. */
export async function relationsWithOthers(
  db: Queryable,
  ciId: string,
): Promise<{ relation: RelationRow; other: CiRow }[]> {
  return relationsWithOthersStatement.run(db, { ciId });
}

// Built once: every environment mirrored (each fulfilment) reads it.
const relationsWithOthersStatement = prebuilt(
  (db, p: { ciId: string }) =>
    db
      .select({ relation: ciRelations, other: cis })
      .from(ciRelations)
      .innerJoin(
        cis,
        sql`${cis.id} = case when ${ciRelations.sourceId} = ${p.ciId} then ${ciRelations.targetId} else ${ciRelations.sourceId} end`,
      )
      .where(or(eq(ciRelations.sourceId, p.ciId), eq(ciRelations.targetId, p.ciId))),
  { ciId: '00000000-0000-4000-8000-000000000001' },
);
