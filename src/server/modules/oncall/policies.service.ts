// Escalation policies: ordered levels, each notifying users, schedules or teams, with a timeout
// before the next and a repeat count; the services each pages for (kept here, keyed by the
// service's CI id). Every target must exist: a 400 naming its field, nothing written.
import { asc, eq, inArray } from 'drizzle-orm';
import type { z } from 'zod';
import type { policyIn } from '../../../shared/api/oncall.js';
import type { AppContext } from '../../context.js';
import { type Actor, isUniqueViolation, type Queryable, type Tx, withTransaction } from '../../db/client.js';
import { conflict, type FieldProblem, invalidField, notFound, validationFailed } from '../../lib/errors.js';
import { cisByIds, resolveCi } from '../cmdb/index.js';
import { teamsByIds, usersByIds } from '../identity/index.js';
import { chatWebhookExists } from '../notifications/index.js';
import { escalationPolicies, oncallSchedules, type PolicyLevel, servicePolicies } from './oncall.schema.js';

export type PolicyRow = typeof escalationPolicies.$inferSelect;
export type PolicyInput = z.infer<typeof policyIn>;

async function checkTargets(db: Queryable, levels: PolicyLevel[]): Promise<void> {
  const ids = (type: string) =>
    levels.flatMap((level) => level.targets.filter((t) => t.type === type).map((t) => t.id));
  const people = await usersByIds(db, ids('user'));
  const teams = await teamsByIds(db, ids('team'));
  const scheduleIds = ids('schedule');
  const schedules = new Set(
    scheduleIds.length === 0
      ? []
      : (
          await db
            .select({ id: oncallSchedules.id })
            .from(oncallSchedules)
            .where(inArray(oncallSchedules.id, scheduleIds))
        ).map((row) => row.id),
  );
  const problems: FieldProblem[] = [];
  for (const [index, level] of levels.entries()) {
    for (const [position, target] of level.targets.entries()) {
      const known =
        target.type === 'user'
          ? people.get(target.id)?.active === true
          : target.type === 'team'
            ? teams.has(target.id)
            : schedules.has(target.id);
      if (!known)
        problems.push({
          field: `levels.${index}.targets.${position}.id`,
          message: `there is no ${target.type === 'user' ? 'active user' : target.type} ${target.id}`,
        });
    }
  }
  if (problems.length > 0) throw validationFailed(problems, 'The escalation policy is not valid');
}

async function serviceIdsOf(db: Queryable, refs: string[] | undefined): Promise<string[] | undefined> {
  if (refs === undefined) return undefined;
  const ids: string[] = [];
  for (const [index, ref] of refs.entries())
    ids.push((await resolveCi(db, ref, { field: `services.${index}`, classKey: 'service' })).id);
  return [...new Set(ids)];
}

async function checked(context: AppContext, input: PolicyInput) {
  await checkTargets(context.db, input.levels);
  if (input.chatWebhookId && !(await chatWebhookExists(context, input.chatWebhookId)))
    throw invalidField('chatWebhookId', `there is no chat webhook ${input.chatWebhookId}.`);
  return serviceIdsOf(context.db, input.services);
}

/** The services this policy pages for become exactly these (a service has one policy: the last set wins). */
export async function setServices(tx: Tx, policyId: string, serviceIds: string[]): Promise<void> {
  await tx.delete(servicePolicies).where(eq(servicePolicies.policyId, policyId));
  if (serviceIds.length === 0) return;
  await tx
    .insert(servicePolicies)
    .values(serviceIds.map((serviceId) => ({ serviceId, policyId })))
    .onConflictDoUpdate({ target: servicePolicies.serviceId, set: { policyId } });
}

const nameTaken = (name: string) =>
  conflict('policy_exists', `name: an escalation policy named ${name} exists already.`, [
    { field: 'name', message: 'already taken' },
  ]);

export async function insertPolicy(
  tx: Tx,
  input: Omit<PolicyInput, 'services'>,
  now: Date,
  externalRef: string | null = null,
): Promise<PolicyRow> {
  try {
    const [row] = await tx
      .insert(escalationPolicies)
      .values({
        name: input.name,
        description: input.description ?? '',
        repeat: input.repeat,
        levels: input.levels,
        chatWebhookId: input.chatWebhookId ?? null,
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

export async function createPolicy(
  context: AppContext,
  actor: Actor,
  input: PolicyInput,
): Promise<PolicyRow> {
  const serviceIds = await checked(context, input);
  return withTransaction(context.db, actor, async (tx) => {
    const row = await insertPolicy(tx, input, context.clock.now());
    if (serviceIds) await setServices(tx, row.id, serviceIds);
    return row;
  });
}

export async function replacePolicy(context: AppContext, actor: Actor, id: string, input: PolicyInput) {
  await getPolicy(context.db, id);
  const serviceIds = await checked(context, input);
  try {
    return await withTransaction(context.db, actor, async (tx) => {
      const [row] = await tx
        .update(escalationPolicies)
        .set({
          name: input.name,
          description: input.description ?? '',
          repeat: input.repeat,
          levels: input.levels,
          chatWebhookId: input.chatWebhookId ?? null,
          updatedAt: context.clock.now(),
        })
        .where(eq(escalationPolicies.id, id))
        .returning();
      if (serviceIds) await setServices(tx, id, serviceIds);
      return row!;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken(input.name);
    throw error;
  }
}

export async function deletePolicy(context: AppContext, actor: Actor, id: string): Promise<void> {
  await getPolicy(context.db, id);
  await withTransaction(context.db, actor, (tx) =>
    tx.delete(escalationPolicies).where(eq(escalationPolicies.id, id)),
  );
}

export async function getPolicy(db: Queryable, id: string): Promise<PolicyRow> {
  const [row] = await db.select().from(escalationPolicies).where(eq(escalationPolicies.id, id));
  if (!row) throw notFound('The escalation policy');
  return row;
}

export async function listPolicyRows(db: Queryable): Promise<PolicyRow[]> {
  return db.select().from(escalationPolicies).orderBy(asc(escalationPolicies.name));
}

/** The policies of these services, in the order given (the named service first). */
export async function policiesForServices(db: Queryable, serviceIds: string[]): Promise<Map<string, string>> {
  if (serviceIds.length === 0) return new Map();
  const rows = await db.select().from(servicePolicies).where(inArray(servicePolicies.serviceId, serviceIds));
  return new Map(rows.map((row) => [row.serviceId, row.policyId]));
}

export async function policiesOut(db: Queryable, rows: PolicyRow[]) {
  const links =
    rows.length === 0
      ? []
      : await db
          .select()
          .from(servicePolicies)
          .where(
            inArray(
              servicePolicies.policyId,
              rows.map((row) => row.id),
            ),
          );
  const services = await cisByIds(
    db,
    links.map((link) => link.serviceId),
  );
  const targets = rows.flatMap((row) => row.levels.flatMap((level) => level.targets));
  const ids = (type: string) => targets.filter((t) => t.type === type).map((t) => t.id);
  const people = await usersByIds(db, ids('user'));
  const teams = await teamsByIds(db, ids('team'));
  const scheduleIds = ids('schedule');
  const schedules = new Map(
    (scheduleIds.length === 0
      ? []
      : await db
          .select({ id: oncallSchedules.id, name: oncallSchedules.name })
          .from(oncallSchedules)
          .where(inArray(oncallSchedules.id, scheduleIds))
    ).map((row) => [row.id, row.name]),
  );
  const nameOf = (target: PolicyLevel['targets'][number]) =>
    (target.type === 'user'
      ? people.get(target.id)?.displayName
      : target.type === 'team'
        ? teams.get(target.id)?.name
        : schedules.get(target.id)) ?? `removed ${target.type}`;
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    description: row.description,
    repeat: row.repeat,
    levels: row.levels.map((level) => ({
      timeoutMinutes: level.timeoutMinutes,
      targets: level.targets.map((target) => ({ ...target, name: nameOf(target) })),
    })),
    services: links
      .filter((link) => link.policyId === row.id)
      .map((link) => ({ id: link.serviceId, name: services.get(link.serviceId)?.name ?? 'removed service' })),
    chatWebhookId: row.chatWebhookId,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  }));
}
