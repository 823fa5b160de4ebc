// Calendars and SLA policies as admins manage them. A policy applies to request types (each type
// has at most one); saving a policy or a calendar re-measures the affected tickets through the
// `sla.recompute` job, enqueued in the same transaction, and keeps the catalog's `slaTargets`
// (the goals the portal shows) equal to the policy's goals.
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { z } from 'zod';
import {
  type calendarOut,
  type PolicyInput,
  policyInputSchema,
  type policyOut,
} from '../../../shared/api/sla.js';
import { type Actor, type Db, type Queryable, type Tx, withTransaction } from '../../db/client.js';
import { conflict, notFound, validationFailed } from '../../lib/errors.js';
import { findRequestType, getRequestTypeById, setSlaTargets } from '../catalog/index.js';
import { calendarSchema } from './calendar.js';
import { forgetSlaPolicies } from './sla.clocks.js';
import { allDayCalendarKey, slaTargetsOf } from './sla.definitions.js';
import { slaJobs } from './sla.jobs.js';
import { slaCalendars, slaPolicies, slaPolicyRequestTypes, slaPolicyScopes } from './sla.schema.js';

/** A calendar and a policy as the API answers them (src/shared/api/sla.ts). */
export type CalendarView = z.infer<typeof calendarOut>;
export type PolicyView = z.infer<typeof policyOut>;

function usingCalendar(policies: (typeof slaPolicies.$inferSelect)[], key: string): string[] {
  return policies
    .filter((policy) => policy.metrics.some((metric) => metric.calendar === key))
    .map((p) => p.key);
}

export async function listCalendars(q: Queryable): Promise<CalendarView[]> {
  const [calendars, policies] = await Promise.all([
    q.select().from(slaCalendars).orderBy(asc(slaCalendars.key)),
    q.select().from(slaPolicies),
  ]);
  return calendars.map((row) => ({
    key: row.key,
    calendar: row.definition,
    usedBy: usingCalendar(policies, row.key),
    updatedAt: row.updatedAt,
  }));
}

export async function getCalendarView(q: Queryable, key: string): Promise<CalendarView> {
  const found = (await listCalendars(q)).find((calendar) => calendar.key === key);
  if (!found) throw notFound(`The calendar ${key}`);
  return found;
}

/** Creates or replaces a calendar; the tickets of the policies using it are re-measured. */
export async function saveCalendar(
  db: Db,
  actor: Actor,
  key: string,
  input: z.input<typeof calendarSchema>,
): Promise<{ created: boolean }> {
  const definition = calendarSchema.parse(input);
  return withTransaction(db, actor, async (tx) => {
    const [existing] = await tx.select().from(slaCalendars).where(eq(slaCalendars.key, key)).for('update');
    if (!existing) {
      await tx.insert(slaCalendars).values({ key, definition });
      return { created: true };
    }
    await tx
      .update(slaCalendars)
      .set({ definition, updatedAt: new Date() })
      .where(eq(slaCalendars.id, existing.id));
    const policies = (await tx.select().from(slaPolicies)).filter((policy) =>
      policy.metrics.some((metric) => metric.calendar === key),
    );
    for (const policy of policies) {
      await tx
        .update(slaPolicies)
        .set({ version: policy.version + 1, updatedAt: new Date() })
        .where(eq(slaPolicies.id, policy.id));
    }
    await remeasure(
      tx,
      await typesOfPolicies(
        tx,
        policies.map((policy) => policy.id),
      ),
    );
    return { created: false };
  }).finally(forgetSlaPolicies);
}

export async function deleteCalendar(db: Db, actor: Actor, key: string): Promise<void> {
  if (key === allDayCalendarKey) throw conflict('calendar_built_in', `${key} is built in and stays.`);
  await withTransaction(db, actor, async (tx) => {
    const usedBy = usingCalendar(await tx.select().from(slaPolicies), key);
    if (usedBy.length > 0) {
      throw conflict('calendar_in_use', `The calendar ${key} is used by the policies ${usedBy.join(', ')}.`);
    }
    const deleted = await tx.delete(slaCalendars).where(eq(slaCalendars.key, key)).returning();
    if (deleted.length === 0) throw notFound(`The calendar ${key}`);
  }).finally(forgetSlaPolicies);
}

async function typesOfPolicies(q: Queryable, policyIds: string[]): Promise<string[]> {
  if (policyIds.length === 0) return [];
  const rows = await q
    .select({ id: slaPolicyRequestTypes.requestTypeId })
    .from(slaPolicyRequestTypes)
    .where(inArray(slaPolicyRequestTypes.policyId, policyIds));
  return rows.map((row) => row.id);
}

/** Re-measures the tickets of these request types after commit (open ones first). */
async function remeasure(tx: Tx, requestTypeIds: string[]): Promise<void> {
  if (requestTypeIds.length === 0) return;
  await slaJobs.enqueue(tx, 'sla.recompute', { requestTypeIds, phase: 'open', after: null });
}

export async function listPolicies(q: Queryable): Promise<PolicyView[]> {
  const policies = await q.select().from(slaPolicies).orderBy(asc(slaPolicies.key));
  const assignments = await q.select().from(slaPolicyRequestTypes);
  const scopes = await q
    .select()
    .from(slaPolicyScopes)
    .orderBy(asc(slaPolicyScopes.kind), asc(slaPolicyScopes.priority));
  const typeKeys = new Map<string, string>();
  for (const { requestTypeId } of assignments) {
    typeKeys.set(requestTypeId, (await getRequestTypeById(q, requestTypeId)).key);
  }
  return policies.map((policy) => ({
    key: policy.key,
    name: policy.name,
    description: policy.description,
    metrics: policy.metrics,
    requestTypes: assignments
      .filter((assignment) => assignment.policyId === policy.id)
      .map((assignment) => typeKeys.get(assignment.requestTypeId)!)
      .sort(),
    appliesTo: scopes
      .filter((scope) => scope.policyId === policy.id)
      .map((scope) => ({ kind: scope.kind, priority: scope.priority })),
    version: policy.version,
    updatedAt: policy.updatedAt,
  }));
}

export async function getPolicyView(q: Queryable, key: string): Promise<PolicyView> {
  const found = (await listPolicies(q)).find((policy) => policy.key === key);
  if (!found) throw notFound(`The SLA policy ${key}`);
  return found;
}

/** Checks the calendars and request types a policy names; every problem at once. */
async function resolveReferences(tx: Tx, policyKey: string, input: z.output<typeof policyInputSchema>) {
  const problems: { field: string; message: string }[] = [];
  const calendarKeys = new Set(
    (await tx.select({ key: slaCalendars.key }).from(slaCalendars)).map((row) => row.key),
  );
  input.metrics.forEach((metric, index) => {
    if (!calendarKeys.has(metric.calendar))
      problems.push({
        field: `metrics.${index}.calendar`,
        message: `there is no calendar ${metric.calendar}`,
      });
  });
  const typeIds: string[] = [];
  for (const [index, typeKey] of input.requestTypes.entries()) {
    const type = await findRequestType(tx, typeKey);
    if (!type) {
      problems.push({ field: `requestTypes.${index}`, message: `there is no request type ${typeKey}` });
      continue;
    }
    const [other] = await tx
      .select({ key: slaPolicies.key })
      .from(slaPolicyRequestTypes)
      .innerJoin(slaPolicies, eq(slaPolicies.id, slaPolicyRequestTypes.policyId))
      .where(eq(slaPolicyRequestTypes.requestTypeId, type.id));
    if (other && other.key !== policyKey) {
      problems.push({
        field: `requestTypes.${index}`,
        message: `${typeKey} is measured by the policy ${other.key}; remove it there first`,
      });
    }
    typeIds.push(type.id);
  }
  for (const [index, scope] of input.appliesTo.entries()) {
    const [other] = await tx
      .select({ key: slaPolicies.key })
      .from(slaPolicyScopes)
      .innerJoin(slaPolicies, eq(slaPolicies.id, slaPolicyScopes.policyId))
      .where(
        and(
          eq(slaPolicyScopes.kind, scope.kind),
          scope.priority === null
            ? isNull(slaPolicyScopes.priority)
            : eq(slaPolicyScopes.priority, scope.priority),
        ),
      );
    if (other && other.key !== policyKey) {
      problems.push({
        field: `appliesTo.${index}`,
        message: `${scope.kind} tickets of ${scope.priority ?? 'any'} priority are measured by the policy ${other.key}; remove them there first`,
      });
    }
    if (input.appliesTo.findIndex((o) => o.kind === scope.kind && o.priority === scope.priority) !== index) {
      problems.push({ field: `appliesTo.${index}`, message: 'is listed twice' });
    }
  }
  if (problems.length > 0) throw validationFailed(problems, 'The SLA policy does not fit together');
  return typeIds;
}

/** Creates or replaces a policy and the request types it applies to. */
export async function savePolicy(
  db: Db,
  actor: Actor,
  key: string,
  raw: PolicyInput,
): Promise<{ created: boolean }> {
  const input = policyInputSchema.parse(raw);
  return withTransaction(db, actor, async (tx) => {
    const typeIds = await resolveReferences(tx, key, input);
    const [existing] = await tx.select().from(slaPolicies).where(eq(slaPolicies.key, key)).for('update');
    const fields = { name: input.name, description: input.description, metrics: input.metrics };
    const [policy] = existing
      ? await tx
          .update(slaPolicies)
          .set({ ...fields, version: existing.version + 1, updatedAt: new Date() })
          .where(eq(slaPolicies.id, existing.id))
          .returning()
      : await tx
          .insert(slaPolicies)
          .values({ key, ...fields })
          .returning();
    const before = existing ? await typesOfPolicies(tx, [existing.id]) : [];
    await tx.delete(slaPolicyRequestTypes).where(eq(slaPolicyRequestTypes.policyId, policy!.id));
    if (typeIds.length > 0) {
      await tx
        .insert(slaPolicyRequestTypes)
        .values(typeIds.map((requestTypeId) => ({ requestTypeId, policyId: policy!.id })));
    }
    const scopesBefore = await tx
      .select()
      .from(slaPolicyScopes)
      .where(eq(slaPolicyScopes.policyId, policy!.id));
    await tx.delete(slaPolicyScopes).where(eq(slaPolicyScopes.policyId, policy!.id));
    if (input.appliesTo.length > 0) {
      await tx.insert(slaPolicyScopes).values(
        input.appliesTo.map((scope) => ({
          policyId: policy!.id,
          kind: scope.kind,
          priority: scope.priority,
        })),
      );
    }
    await setSlaTargets(tx, typeIds, slaTargetsOf(input.metrics));
    await setSlaTargets(
      tx,
      before.filter((id) => !typeIds.includes(id)),
      [],
    );
    // Scoped by kind: every open ticket may be concerned, re-measure them all.
    if (scopesBefore.length > 0 || input.appliesTo.length > 0)
      await slaJobs.enqueue(tx, 'sla.recompute', { requestTypeIds: null, phase: 'open', after: null });
    else await remeasure(tx, [...new Set([...before, ...typeIds])]);
    return { created: !existing };
  }).finally(forgetSlaPolicies);
}

export async function deletePolicy(db: Db, actor: Actor, key: string): Promise<void> {
  await withTransaction(db, actor, async (tx) => {
    const [policy] = await tx.select().from(slaPolicies).where(eq(slaPolicies.key, key));
    if (!policy) throw notFound(`The SLA policy ${key}`);
    const typeIds = await typesOfPolicies(tx, [policy.id]);
    const scoped = await tx.select().from(slaPolicyScopes).where(eq(slaPolicyScopes.policyId, policy.id));
    await tx.delete(slaPolicies).where(eq(slaPolicies.id, policy.id));
    await setSlaTargets(tx, typeIds, []);
    if (scoped.length > 0)
      await slaJobs.enqueue(tx, 'sla.recompute', { requestTypeIds: null, phase: 'open', after: null });
    else await remeasure(tx, typeIds);
  }).finally(forgetSlaPolicies);
}

export interface SlaGoal {
  policyKey: string;
  metricKey: string;
  goalSeconds: number;
}

/** The goals in force per request type id, in the policy's metric order (for the reports). */
export async function slaGoalsByRequestType(q: Queryable): Promise<Map<string, SlaGoal[]>> {
  const rows = await q
    .select({ requestTypeId: slaPolicyRequestTypes.requestTypeId, policy: slaPolicies })
    .from(slaPolicyRequestTypes)
    .innerJoin(slaPolicies, eq(slaPolicies.id, slaPolicyRequestTypes.policyId));
  return new Map(
    rows.map(({ requestTypeId, policy }) => [
      requestTypeId,
      slaTargetsOf(policy.metrics).map((target) => ({
        policyKey: policy.key,
        metricKey: target.metric,
        goalSeconds: target.goalSeconds,
      })),
    ]),
  );
}
