// The continual improvement register: initiatives through the seven CSI steps, their notes, and
// "did we get there" measured from ticket data.
import { asc, eq } from 'drizzle-orm';
import { IANAZone } from 'luxon';
import type { z } from 'zod';
import type { AppContext } from '../../context.js';
import { type Actor, isUniqueViolation, type Queryable, withTransaction } from '../../db/client.js';
import { conflict, notFound, validationFailed } from '../../lib/errors.js';
import { findBaselineById, getBaseline } from '../baseline/index.js';
import { findRequestType } from '../catalog/index.js';
import { findTicketByKey } from '../tickets/index.js';
import {
  type InitiativeFields,
  initiativeCreateSchema,
  initiativePatchSchema,
  noteSchema,
} from './improvement.definitions.js';
import { measurementRange, measureProgress, type Progress } from './improvement.progress.js';
import { improvementInitiatives, improvementNotes } from './improvement.schema.js';

export type InitiativeRow = typeof improvementInitiatives.$inferSelect;
export type NoteRow = typeof improvementNotes.$inferSelect;

/** Checks what an initiative refers to (request types, tickets, baseline, zone); every problem at once. */
async function resolveReferences(context: AppContext, q: Queryable, fields: Partial<InitiativeFields>) {
  const problems: { field: string; message: string }[] = [];
  const typeExists = async (field: string, key: string | null) => {
    if (key !== null && !(await findRequestType(q, key)))
      problems.push({ field, message: `there is no request type ${key}` });
  };
  for (const [index, target] of (fields.targets ?? []).entries()) {
    await typeExists(`targets.${index}.requestType`, target.requestType);
  }
  for (const [index, item] of (fields.plan ?? []).entries())
    await typeExists(`plan.${index}.requestType`, item.requestType);
  for (const [index, action] of (fields.actions ?? []).entries()) {
    if (action.kind === 'request_type') await typeExists(`actions.${index}.requestType`, action.requestType);
    if (action.kind === 'ticket' && !(await findTicketByKey(context, action.ticket)))
      problems.push({ field: `actions.${index}.ticket`, message: `there is no ticket ${action.ticket}` });
  }
  if (fields.timeZone !== undefined && !IANAZone.isValidZone(fields.timeZone))
    problems.push({ field: 'timeZone', message: 'not an IANA time zone, e.g. Asia/Jakarta' });
  if (fields.measureFrom && fields.measureTo && fields.measureTo < fields.measureFrom)
    problems.push({ field: 'measureTo', message: 'must not be before measureFrom' });
  let baselineId: string | null | undefined;
  if (fields.baseline !== undefined) {
    baselineId = null;
    if (fields.baseline !== null) {
      baselineId = await getBaseline(q, fields.baseline).then(
        (baseline) => baseline.id,
        () => {
          problems.push({ field: 'baseline', message: `there is no baseline ${fields.baseline}` });
          return null;
        },
      );
    }
  }
  if (problems.length > 0) throw validationFailed(problems, 'The initiative does not fit together');
  return { baselineId };
}

/** The table's columns: the baseline is stored by id. */
function columnsOf<F extends Partial<InitiativeFields>>(fields: F, baselineId: string | null | undefined) {
  const { baseline: _baseline, ...rest } = fields;
  return { ...rest, ...(baselineId !== undefined ? { baselineId } : {}) };
}

export async function createInitiative(
  context: AppContext,
  actor: Actor,
  input: z.input<typeof initiativeCreateSchema>,
): Promise<InitiativeRow> {
  const { key, ...fields } = initiativeCreateSchema.parse(input);
  return withTransaction(context.db, actor, async (tx) => {
    const { baselineId } = await resolveReferences(context, tx, fields);
    try {
      const [row] = await tx
        .insert(improvementInitiatives)
        .values({ key, ...columnsOf(fields, baselineId) })
        .returning();
      return row!;
    } catch (error) {
      if (isUniqueViolation(error))
        throw conflict('initiative_exists', `key: an initiative ${key} exists already.`);
      throw error;
    }
  });
}

export async function updateInitiative(
  context: AppContext,
  actor: Actor,
  key: string,
  input: z.input<typeof initiativePatchSchema>,
): Promise<InitiativeRow> {
  const patch = initiativePatchSchema.parse(input);
  return withTransaction(context.db, actor, async (tx) => {
    const current = await getInitiative(tx, key);
    const { baselineId } = await resolveReferences(context, tx, {
      ...patch,
      measureFrom: patch.measureFrom ?? current.measureFrom,
      measureTo: patch.measureTo !== undefined ? patch.measureTo : current.measureTo,
    });
    const [row] = await tx
      .update(improvementInitiatives)
      .set({ ...columnsOf(patch, baselineId), updatedAt: new Date() })
      .where(eq(improvementInitiatives.id, current.id))
      .returning();
    return row!;
  });
}

export async function listInitiatives(q: Queryable): Promise<InitiativeRow[]> {
  return q.select().from(improvementInitiatives).orderBy(asc(improvementInitiatives.createdAt));
}

export async function getInitiative(q: Queryable, key: string): Promise<InitiativeRow> {
  const [row] = await q.select().from(improvementInitiatives).where(eq(improvementInitiatives.key, key));
  if (!row) throw notFound(`The improvement initiative ${key}`);
  return row;
}

export async function deleteInitiative(context: AppContext, actor: Actor, key: string): Promise<void> {
  await withTransaction(context.db, actor, async (tx) => {
    const deleted = await tx
      .delete(improvementInitiatives)
      .where(eq(improvementInitiatives.key, key))
      .returning();
    if (deleted.length === 0) throw notFound(`The improvement initiative ${key}`);
  });
}

export async function addNote(
  context: AppContext,
  actor: Actor,
  key: string,
  input: z.input<typeof noteSchema>,
): Promise<NoteRow> {
  const note = noteSchema.parse(input);
  return withTransaction(context.db, actor, async (tx) => {
    const initiative = await getInitiative(tx, key);
    const [row] = await tx
      .insert(improvementNotes)
      .values({ initiativeId: initiative.id, ...note, author: actor.label, at: context.clock.now() })
      .returning();
    return row!;
  });
}

export async function notesOf(q: Queryable, initiativeId: string): Promise<NoteRow[]> {
  return q
    .select()
    .from(improvementNotes)
    .where(eq(improvementNotes.initiativeId, initiativeId))
    .orderBy(asc(improvementNotes.at));
}

/** Step 6 over the initiative's period, or another range. */
export async function progressOf(
  context: AppContext,
  initiative: InitiativeRow,
  override?: { from: Date; to: Date },
): Promise<Progress> {
  const baseline = initiative.baselineId
    ? await findBaselineById(context.db, initiative.baselineId)
    : undefined;
  const range = { ...measurementRange(initiative, context.clock.now()), ...override };
  return measureProgress(context.db, initiative.targets, baseline?.table ?? null, range);
}
