// Importing schedules, escalation policies and contact methods from Opsgenie or PagerDuty JSON.
// Everything is written in one transaction; a dry run does the very same work and rolls it back,
// so what it shows is what an import creates. Idempotent: what a previous import created (found
// by the source's id) is left unchanged. A file of another shape is a 400 naming the field.
import { eq, inArray } from 'drizzle-orm';
import type { z } from 'zod';
import type { importIn } from '../../../../shared/api/oncall.js';
import type { AppContext } from '../../../context.js';
import { type Actor, type Tx, withTransaction } from '../../../db/client.js';
import { invalidField, validationFailed } from '../../../lib/errors.js';
import { resolveCi } from '../../cmdb/index.js';
import { findUserByEmail, listTeams } from '../../identity/index.js';
import { contactMethods, escalationPolicies, oncallSchedules, type PolicyLevel } from '../oncall.schema.js';
import { insertPolicy, setServices } from '../policies.service.js';
import { insertSchedule } from '../schedules.service.js';
import { opsgenieExport, opsgeniePlan } from './opsgenie.js';
import { pagerdutyExport, pagerdutyPlan } from './pagerduty.js';
import type { ImportPlan } from './plan.js';

type ImportInput = z.infer<typeof importIn>;

export interface ImportResult {
  dryRun: boolean;
  created: { schedules: string[]; policies: string[]; contacts: string[] };
  unchanged: { schedules: string[]; policies: string[] };
  warnings: string[];
}

class DryRunRollback extends Error {
  constructor(readonly result: ImportResult) {
    super('dry run');
  }
}

const knownKeys = {
  opsgenie: ['schedules', 'escalations', 'users'],
  pagerduty: ['schedules', 'escalation_policies', 'users'],
};

export function planOf(input: Pick<ImportInput, 'source' | 'data'>): ImportPlan {
  const keys = knownKeys[input.source];
  if (!keys.some((key) => key in input.data))
    throw invalidField(
      'data',
      `not a ${input.source} export: it has none of ${keys.join(', ')}.`,
      'unknown_shape',
    );
  const parsed =
    input.source === 'opsgenie'
      ? opsgenieExport.safeParse(input.data)
      : pagerdutyExport.safeParse(input.data);
  if (!parsed.success)
    throw validationFailed(
      parsed.error.issues.map((issue) => ({
        field: ['data', ...issue.path].join('.'),
        message: issue.message,
      })),
      `The file is not a ${input.source} export of the expected shape`,
    );
  return input.source === 'opsgenie'
    ? opsgeniePlan(parsed.data as z.infer<typeof opsgenieExport>)
    : pagerdutyPlan(parsed.data as z.infer<typeof pagerdutyExport>);
}

async function existingRefs(
  tx: Tx,
  table: typeof oncallSchedules | typeof escalationPolicies,
  refs: string[],
) {
  if (refs.length === 0) return new Map<string, string>();
  const rows = await tx
    .select({ id: table.id, ref: table.externalRef })
    .from(table)
    .where(inArray(table.externalRef, refs));
  return new Map(rows.map((row) => [row.ref!, row.id]));
}

async function apply(context: AppContext, tx: Tx, plan: ImportPlan, dryRun: boolean): Promise<ImportResult> {
  const now = context.clock.now();
  const result: ImportResult = {
    dryRun,
    created: { schedules: [], policies: [], contacts: [] },
    unchanged: { schedules: [], policies: [] },
    warnings: [...plan.warnings],
  };
  const emails = [
    ...new Set([
      ...plan.schedules.flatMap((s) => s.layers.flatMap((l) => l.members)),
      ...plan.policies.flatMap((p) =>
        p.levels.flatMap((l) => l.targets.flatMap((t) => (t.type === 'user' ? [t.email] : []))),
      ),
      ...plan.contacts.map((c) => c.email),
    ]),
  ];
  const people = new Map<string, string>();
  for (const email of emails) {
    const user = await findUserByEmail(tx, email);
    if (user?.active) people.set(email, user.id);
    else result.warnings.push(`${email} has no active Opsdesk account: skipped wherever named.`);
  }

  const scheduleIds = await existingRefs(
    tx,
    oncallSchedules,
    plan.schedules.map((s) => s.ref),
  );
  for (const schedule of plan.schedules) {
    if (scheduleIds.has(schedule.ref)) {
      result.unchanged.schedules.push(schedule.name);
      continue;
    }
    const layers = schedule.layers.flatMap((layer) => {
      const members = layer.members.flatMap((email) => people.get(email) ?? []);
      if (members.length > 0) return [{ ...layer, members }];
      result.warnings.push(
        `${schedule.name} / ${layer.name}: nobody in it has an account; the layer is skipped.`,
      );
      return [];
    });
    if (layers.length === 0) {
      result.warnings.push(`${schedule.name}: no layer with people; the schedule is skipped.`);
      continue;
    }
    const [taken] = await tx
      .select({ id: oncallSchedules.id })
      .from(oncallSchedules)
      .where(eq(oncallSchedules.name, schedule.name));
    if (taken) {
      result.warnings.push(`${schedule.name}: a schedule of that name exists (not imported); skipped.`);
      continue;
    }
    const row = await insertSchedule(tx, { ...schedule, layers }, null, now, schedule.ref);
    scheduleIds.set(schedule.ref, row.id);
    result.created.schedules.push(schedule.name);
  }

  const policyIds = await existingRefs(
    tx,
    escalationPolicies,
    plan.policies.map((p) => p.ref),
  );
  const teams = await listTeams(tx);
  for (const policy of plan.policies) {
    if (policyIds.has(policy.ref)) {
      result.unchanged.policies.push(policy.name);
      continue;
    }
    const levels: PolicyLevel[] = policy.levels.flatMap((level, index) => {
      const targets = level.targets.flatMap((target): PolicyLevel['targets'] => {
        if (target.type === 'user')
          return people.has(target.email) ? [{ type: 'user', id: people.get(target.email)! }] : [];
        if (target.type === 'schedule') {
          const id = scheduleIds.get(target.ref);
          if (!id) result.warnings.push(`${policy.name}: schedule ${target.ref} was not imported; skipped.`);
          return id ? [{ type: 'schedule', id }] : [];
        }
        const team = teams.find((t) => [t.key, t.name.toLowerCase()].includes(target.name.toLowerCase()));
        if (!team) result.warnings.push(`${policy.name}: there is no team ${target.name}; skipped.`);
        return team ? [{ type: 'team', id: team.id }] : [];
      });
      if (targets.length > 0) return [{ timeoutMinutes: level.timeoutMinutes, targets }];
      result.warnings.push(`${policy.name}: level ${index + 1} has nobody left; skipped.`);
      return [];
    });
    if (levels.length === 0) {
      result.warnings.push(`${policy.name}: no level with targets; the policy is skipped.`);
      continue;
    }
    const [taken] = await tx
      .select({ id: escalationPolicies.id })
      .from(escalationPolicies)
      .where(eq(escalationPolicies.name, policy.name));
    if (taken) {
      result.warnings.push(`${policy.name}: a policy of that name exists (not imported); skipped.`);
      continue;
    }
    const row = await insertPolicy(
      tx,
      { name: policy.name, description: policy.description, repeat: policy.repeat, levels },
      now,
      policy.ref,
    );
    const services: string[] = [];
    for (const name of policy.services) {
      const ci = await resolveCi(tx, name, { field: 'services', classKey: 'service' }).catch(() => undefined);
      if (ci) services.push(ci.id);
      else result.warnings.push(`${policy.name}: there is no service ${name} in the CMDB; not linked.`);
    }
    if (services.length > 0) await setServices(tx, row.id, services);
    result.created.policies.push(policy.name);
  }

  for (const contact of plan.contacts) {
    const userId = people.get(contact.email);
    if (!userId) continue;
    const inserted = await tx
      .insert(contactMethods)
      .values({ userId, kind: contact.kind, address: contact.address })
      .onConflictDoNothing()
      .returning({ id: contactMethods.id });
    if (inserted.length > 0)
      result.created.contacts.push(`${contact.email}: ${contact.kind} ${contact.address}`);
  }
  return result;
}

export async function runImport(
  context: AppContext,
  actor: Actor,
  input: ImportInput,
): Promise<ImportResult> {
  const plan = planOf(input);
  try {
    return await withTransaction(context.db, actor, async (tx) => {
      const result = await apply(context, tx, plan, input.dryRun);
      if (input.dryRun) throw new DryRunRollback(result);
      return result;
    });
  } catch (error) {
    if (error instanceof DryRunRollback) return error.result;
    throw error;
  }
}
