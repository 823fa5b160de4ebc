// What change managers and admins set: freeze windows, services' maintenance windows, the risk
// questionnaire. Each write is one transaction.
import { asc, eq, inArray, notInArray } from 'drizzle-orm';
import type { z } from 'zod';
import type { freezeIn, maintenanceWindowIn, riskQuestionnaireIn } from '../../../shared/api/changes.js';
import type { Actor, Db, Queryable } from '../../db/client.js';
import { withTransaction } from '../../db/client.js';
import { invalidField, notFound } from '../../lib/errors.js';
import { cisByIds, resolveCi } from '../cmdb/index.js';
import { riskQuestions } from './assess.service.js';
import { freezesOut } from './calendar.service.js';
import { changeFreezes, changeMaintenanceWindows, changeRiskQuestions } from './changes.schema.js';

export async function createFreeze(db: Db, actor: Actor, input: z.output<typeof freezeIn>) {
  const startsAt = new Date(input.startsAt);
  const endsAt = new Date(input.endsAt);
  if (endsAt <= startsAt) throw invalidField('endsAt', 'the freeze must end after it starts.');
  const service = input.service
    ? await resolveCi(db, input.service, { field: 'service', classKey: 'service' })
    : null;
  const [row] = await withTransaction(db, actor, (tx) =>
    tx
      .insert(changeFreezes)
      .values({ name: input.name, reason: input.reason, startsAt, endsAt, serviceId: service?.id ?? null })
      .returning(),
  );
  return (await freezesOut(db, [row!]))[0]!;
}

export async function listFreezes(db: Queryable) {
  return freezesOut(
    db,
    await db.select().from(changeFreezes).orderBy(asc(changeFreezes.startsAt)).limit(500),
  );
}

export async function deleteFreeze(db: Db, actor: Actor, id: string) {
  const deleted = await withTransaction(db, actor, (tx) =>
    tx.delete(changeFreezes).where(eq(changeFreezes.id, id)).returning(),
  );
  if (deleted.length === 0) throw notFound('The freeze');
}

const hhmm = (minute: number) =>
  `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;

async function windowsOut(db: Queryable, rows: (typeof changeMaintenanceWindows.$inferSelect)[]) {
  const services = await cisByIds(
    db,
    rows.map((row) => row.serviceId),
  );
  return rows.map((row) => ({
    id: row.id,
    service: { id: row.serviceId, name: services.get(row.serviceId)?.name ?? '' },
    name: row.name,
    days: row.days,
    start: hhmm(row.startMinute),
    durationMinutes: row.durationMinutes,
  }));
}

export async function createMaintenanceWindow(
  db: Db,
  actor: Actor,
  input: z.output<typeof maintenanceWindowIn>,
) {
  const service = await resolveCi(db, input.service, { field: 'service', classKey: 'service' });
  const [hours, minutes] = input.start.split(':').map(Number);
  const [row] = await withTransaction(db, actor, (tx) =>
    tx
      .insert(changeMaintenanceWindows)
      .values({
        serviceId: service.id,
        name: input.name,
        days: [...new Set(input.days)].sort(),
        startMinute: hours! * 60 + minutes!,
        durationMinutes: input.durationMinutes,
      })
      .returning(),
  );
  return (await windowsOut(db, [row!]))[0]!;
}

export async function listMaintenanceWindows(db: Queryable) {
  return windowsOut(db, await db.select().from(changeMaintenanceWindows).limit(500));
}

export async function questionnaire(db: Queryable) {
  return (await riskQuestions(db)).map((row) => ({
    id: row.id,
    text: row.text,
    weight: row.weight,
    position: row.position,
  }));
}

/** Replaces the questionnaire: questions sent with an id are kept (answers stay valid), others retire. */
export async function saveQuestionnaire(db: Db, actor: Actor, input: z.output<typeof riskQuestionnaireIn>) {
  const ids = input.questions.flatMap((question) => (question.id ? [question.id] : []));
  const existing =
    ids.length > 0
      ? await db.select().from(changeRiskQuestions).where(inArray(changeRiskQuestions.id, ids))
      : [];
  const known = new Set(existing.map((row) => row.id));
  input.questions.forEach((question, index) => {
    if (question.id && !known.has(question.id))
      throw invalidField(`questions.${index}.id`, 'there is no such question.');
  });
  await withTransaction(db, actor, async (tx) => {
    await tx
      .update(changeRiskQuestions)
      .set({ active: false })
      .where(ids.length > 0 ? notInArray(changeRiskQuestions.id, ids) : undefined);
    for (const [position, question] of input.questions.entries()) {
      if (question.id)
        await tx
          .update(changeRiskQuestions)
          .set({ text: question.text, weight: question.weight, position, active: true })
          .where(eq(changeRiskQuestions.id, question.id));
      else
        await tx
          .insert(changeRiskQuestions)
          .values({ text: question.text, weight: question.weight, position });
    }
  });
  return questionnaire(db);
}
