// Schedules: create and replace (layers whole, one transaction), overrides (refused when they
// overlap another covering the same person), who is on call at an instant, the shifts of a window.
import { and, asc, eq, gt, inArray } from 'drizzle-orm';
import type { z } from 'zod';
import type { overrideIn, scheduleIn } from '../../../shared/api/oncall.js';
import type { AppContext } from '../../context.js';
import { type Actor, isUniqueViolation, type Queryable, type Tx, withTransaction } from '../../db/client.js';
import { conflict, invalidField, notFound, validationFailed } from '../../lib/errors.js';
import { findTeamByKey, teamsByIds, type UserRow, usersByIds } from '../identity/index.js';
import { oncallOverrides, oncallSchedules } from './oncall.schema.js';
import {
  type Layer,
  overlappingOverride,
  type ScheduleDefinition,
  shiftsBetween,
  whoIsOnCall,
} from './rotation.js';

export type ScheduleRow = typeof oncallSchedules.$inferSelect;
export type OverrideRow = typeof oncallOverrides.$inferSelect;
export type ScheduleInput = z.infer<typeof scheduleIn>;

const maxShiftWindowDays = 93;

/** Every member named must be an active user: a 400 naming the member's field otherwise. */
async function checkMembers(db: Queryable, layers: ScheduleInput['layers']): Promise<void> {
  const found = await usersByIds(
    db,
    layers.flatMap((layer) => layer.members),
  );
  const problems = layers.flatMap((layer, index) =>
    layer.members.flatMap((id, position) =>
      found.get(id)?.active
        ? []
        : [{ field: `layers.${index}.members.${position}`, message: `there is no active user ${id}` }],
    ),
  );
  if (problems.length > 0) throw validationFailed(problems, 'The schedule is not valid');
}

async function teamIdOf(db: Queryable, key: string | null | undefined): Promise<string | null> {
  if (!key) return null;
  const team = await findTeamByKey(db, key);
  if (!team) throw invalidField('team', `there is no team ${key}.`, 'unknown_team');
  return team.id;
}

function layersOf(input: ScheduleInput): Layer[] {
  return input.layers.map((layer) => ({
    name: layer.name,
    rotation: layer.rotation,
    ...(layer.rotation === 'custom' ? { shiftHours: layer.shiftHours } : {}),
    handoffTime: layer.handoffTime,
    startDate: layer.startDate,
    members: layer.members,
    ...(layer.restrictions && layer.restrictions.length > 0 ? { restrictions: layer.restrictions } : {}),
  }));
}

const nameTaken = (name: string) =>
  conflict('schedule_exists', `name: a schedule named ${name} exists already.`, [
    { field: 'name', message: 'already taken' },
  ]);

export async function insertSchedule(
  tx: Tx,
  input: ScheduleInput,
  teamId: string | null,
  now: Date,
  externalRef: string | null = null,
): Promise<ScheduleRow> {
  try {
    const [row] = await tx
      .insert(oncallSchedules)
      .values({
        name: input.name,
        description: input.description ?? '',
        timeZone: input.timeZone,
        teamId,
        layers: layersOf(input),
        externalRef,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    return row!;
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken(input.name);
    throw error;
  }
}

export async function createSchedule(context: AppContext, actor: Actor, input: ScheduleInput) {
  await checkMembers(context.db, input.layers);
  const teamId = await teamIdOf(context.db, input.team);
  return withTransaction(context.db, actor, (tx) => insertSchedule(tx, input, teamId, context.clock.now()));
}

export async function replaceSchedule(context: AppContext, actor: Actor, id: string, input: ScheduleInput) {
  await getSchedule(context.db, id);
  await checkMembers(context.db, input.layers);
  const teamId = await teamIdOf(context.db, input.team);
  try {
    return await withTransaction(context.db, actor, async (tx) => {
      const [row] = await tx
        .update(oncallSchedules)
        .set({
          name: input.name,
          description: input.description ?? '',
          timeZone: input.timeZone,
          teamId,
          layers: layersOf(input),
          updatedAt: context.clock.now(),
        })
        .where(eq(oncallSchedules.id, id))
        .returning();
      return row!;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken(input.name);
    throw error;
  }
}

export async function deleteSchedule(context: AppContext, actor: Actor, id: string): Promise<void> {
  await getSchedule(context.db, id);
  await withTransaction(context.db, actor, (tx) =>
    tx.delete(oncallSchedules).where(eq(oncallSchedules.id, id)),
  );
}

export async function getSchedule(db: Queryable, id: string): Promise<ScheduleRow> {
  const [row] = await db.select().from(oncallSchedules).where(eq(oncallSchedules.id, id));
  if (!row) throw notFound('The schedule');
  return row;
}

export async function listScheduleRows(db: Queryable): Promise<ScheduleRow[]> {
  return db.select().from(oncallSchedules).orderBy(asc(oncallSchedules.name));
}

/** Overrides of these schedules that end after `after` (the past ones change no answer now). */
export async function overridesOf(
  db: Queryable,
  scheduleIds: string[],
  after?: Date,
): Promise<OverrideRow[]> {
  if (scheduleIds.length === 0) return [];
  return db
    .select()
    .from(oncallOverrides)
    .where(
      and(
        inArray(oncallOverrides.scheduleId, scheduleIds),
        after ? gt(oncallOverrides.endsAt, after) : undefined,
      ),
    )
    .orderBy(asc(oncallOverrides.startsAt));
}

export function definitionOf(schedule: ScheduleRow, overrides: OverrideRow[]): ScheduleDefinition {
  return {
    timeZone: schedule.timeZone,
    layers: schedule.layers,
    overrides: overrides
      .filter((override) => override.scheduleId === schedule.id)
      .map((override) => ({
        userId: override.userId,
        replacesUserId: override.replacesUserId,
        startsAt: override.startsAt,
        endsAt: override.endsAt,
      })),
  };
}

/** Who is on call on a schedule at `at`: active users only, in the order the schedule gives. */
export async function onCallAt(db: Queryable, id: string, at: Date): Promise<UserRow[]> {
  const schedule = await getSchedule(db, id);
  const overrides = await overridesOf(db, [id], at);
  const ids = whoIsOnCall(definitionOf(schedule, overrides), at);
  const found = await usersByIds(db, ids);
  return ids.flatMap((userId) => {
    const user = found.get(userId);
    return user?.active ? [user] : [];
  });
}

export async function shiftsOf(db: Queryable, id: string, from: Date, to: Date) {
  if (to.getTime() <= from.getTime()) throw invalidField('to', 'must be after from.');
  if (to.getTime() - from.getTime() > maxShiftWindowDays * 86_400_000)
    throw invalidField('to', `a window is at most ${maxShiftWindowDays} days.`);
  const schedule = await getSchedule(db, id);
  const overrides = await overridesOf(db, [id], from);
  return shiftsBetween(definitionOf(schedule, overrides), from, to);
}

export async function addOverride(
  context: AppContext,
  actor: Actor,
  scheduleId: string,
  input: z.infer<typeof overrideIn>,
): Promise<OverrideRow> {
  const startsAt = new Date(input.startsAt);
  const endsAt = new Date(input.endsAt);
  if (endsAt.getTime() <= startsAt.getTime()) throw invalidField('endsAt', 'must be after startsAt.');
  const people = await usersByIds(context.db, [input.user, ...(input.replaces ? [input.replaces] : [])]);
  if (!people.get(input.user)?.active) throw invalidField('user', `there is no active user ${input.user}.`);
  if (input.replaces && !people.has(input.replaces))
    throw invalidField('replaces', `there is no user ${input.replaces}.`);
  if (input.replaces === input.user) throw invalidField('replaces', 'a person cannot cover themselves.');
  return withTransaction(context.db, actor, async (tx) => {
    // One override at a time per schedule: the overlap check and the insert cannot interleave.
    const [locked] = await tx
      .select({ id: oncallSchedules.id })
      .from(oncallSchedules)
      .where(eq(oncallSchedules.id, scheduleId))
      .for('update');
    if (!locked) throw notFound('The schedule');
    const existing = await overridesOf(tx, [scheduleId], startsAt);
    const candidate = { userId: input.user, replacesUserId: input.replaces ?? null, startsAt, endsAt };
    const clash = overlappingOverride(existing, candidate);
    if (clash)
      throw conflict(
        'overlapping_override',
        `startsAt: overlaps the override from ${clash.startsAt.toISOString()} to ${clash.endsAt.toISOString()} covering the same person.`,
        [{ field: 'startsAt', message: 'overlaps another override' }],
      );
    const [row] = await tx
      .insert(oncallOverrides)
      .values({ scheduleId, ...candidate, reason: input.reason ?? '', createdAt: context.clock.now() })
      .returning();
    return row!;
  });
}

export async function removeOverride(
  context: AppContext,
  actor: Actor,
  scheduleId: string,
  overrideId: string,
) {
  const rows = await withTransaction(context.db, actor, (tx) =>
    tx
      .delete(oncallOverrides)
      .where(and(eq(oncallOverrides.id, overrideId), eq(oncallOverrides.scheduleId, scheduleId)))
      .returning({ id: oncallOverrides.id }),
  );
  if (rows.length === 0) throw notFound('The override');
}

/** Schedules as the API shows them, with who is on call now (two queries for the users). */
export async function schedulesOut(db: Queryable, rows: ScheduleRow[], now: Date) {
  const overrides = await overridesOf(
    db,
    rows.map((row) => row.id),
    now,
  );
  const onCall = new Map(rows.map((row) => [row.id, whoIsOnCall(definitionOf(row, overrides), now)]));
  const people = await usersByIds(db, [
    ...rows.flatMap((row) => row.layers.flatMap((layer) => layer.members)),
    ...overrides.flatMap((override) => [
      override.userId,
      ...(override.replacesUserId ? [override.replacesUserId] : []),
    ]),
    ...[...onCall.values()].flat(),
  ]);
  const teams = await teamsByIds(
    db,
    rows.flatMap((row) => (row.teamId ? [row.teamId] : [])),
  );
  const ref = (id: string) => ({ id, name: people.get(id)?.displayName ?? 'unknown user' });
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    description: row.description,
    timeZone: row.timeZone,
    team: row.teamId ? (teams.get(row.teamId)?.key ?? null) : null,
    layers: row.layers,
    members: [...new Set(row.layers.flatMap((layer) => layer.members))].map(ref),
    overrides: overrides
      .filter((override) => override.scheduleId === row.id)
      .map((override) => ({
        id: override.id,
        user: ref(override.userId),
        replaces: override.replacesUserId ? ref(override.replacesUserId) : null,
        startsAt: override.startsAt,
        endsAt: override.endsAt,
        reason: override.reason,
      })),
    onCallNow: (onCall.get(row.id) ?? []).filter((id) => people.get(id)?.active).map(ref),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  }));
}
