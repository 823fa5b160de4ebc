// Binding alerts to the CMDB: the admins' rules (in order), then the built-in label lookup; the
// service is the rule's, or the one the CI reaches nearest (impact analysis); the site is the CI's.
// Unbound alerts are listed for an admin to write a rule, and rebinding applies new rules to them.
import { and, asc, eq, isNull, ne } from 'drizzle-orm';
import type { z } from 'zod';
import type { bindingRuleIn } from '../../../shared/api/events.js';
import { type Actor, type Db, type Queryable, withTransaction } from '../../db/client.js';
import { ttlCache } from '../../lib/cache.js';
import { invalidField, notFound } from '../../lib/errors.js';
import {
  type CiRow,
  findCiByAnyExternalId,
  findCiByExternalId,
  listClasses,
  resolveCi,
  servicesAffectedBy,
} from '../cmdb/index.js';
import { type BindingRule, builtInLabels, patternProblem, ruleValue, withoutPort } from './binding.js';
import { alertBindingRules, alerts, eventIntegrations } from './events.schema.js';

export interface Binding {
  ciId: string | null;
  serviceId: string | null;
  siteId: string | null;
}

const rulesCache = ttlCache<BindingRule[]>(5_000, 1);
// Intake binds the same labels again and again (every repeat of a storm's alerts): a binding that
// found a CI is remembered a few seconds per integration and labels (a miss is looked up again).
const boundCache = ttlCache<Binding>(5_000, 20_000);

export async function bindingRules(db: Queryable): Promise<BindingRule[]> {
  return (await rulesCache.get('all', async () => {
    const rows = await db
      .select()
      .from(alertBindingRules)
      .orderBy(asc(alertBindingRules.position), asc(alertBindingRules.createdAt));
    return rows.map((row) => ({ ...row }));
  }))!;
}

async function ciNamed(db: Queryable, value: string, classKey: string | null): Promise<CiRow | undefined> {
  try {
    return await resolveCi(db, value, { field: 'label', ...(classKey ? { classKey } : {}) });
  } catch {
    return undefined;
  }
}

async function lookup(db: Queryable, rule: BindingRule, value: string): Promise<CiRow | undefined> {
  if (rule.by === 'external_id') {
    const found = rule.externalSource
      ? await findCiByExternalId(db, rule.externalSource, value)
      : await findCiByAnyExternalId(db, value);
    return found && (!rule.classKey || found.classKey === rule.classKey) ? found : undefined;
  }
  return ciNamed(db, value, rule.classKey ?? (rule.target === 'service' ? 'service' : null));
}

/** The CI, service and site an alert with these labels binds to. */
export async function bindLabels(
  db: Queryable,
  integrationId: string,
  labels: Record<string, string>,
): Promise<Binding> {
  const key = `${integrationId}\u0000${JSON.stringify(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))}`;
  const known = boundCache.peek(key);
  if (known) return known;
  const binding = await bindNow(db, integrationId, labels);
  if (binding.ciId) boundCache.set(key, binding);
  return binding;
}

async function bindNow(
  db: Queryable,
  integrationId: string,
  labels: Record<string, string>,
): Promise<Binding> {
  let ci: CiRow | undefined;
  let service: CiRow | undefined;
  for (const rule of await bindingRules(db)) {
    if (rule.integrationId && rule.integrationId !== integrationId) continue;
    if (rule.target === 'ci' && ci) continue;
    if (rule.target === 'service' && service) continue;
    const value = ruleValue(rule, labels);
    if (!value) continue;
    const found = await lookup(db, rule, value);
    if (!found) continue;
    if (rule.target === 'service') service = found;
    else ci = found;
    if (ci && service) break;
  }
  if (!ci) {
    for (const label of builtInLabels) {
      const raw = labels[label];
      if (!raw) continue;
      const value = withoutPort(raw);
      const found =
        (await ciNamed(db, value, label === 'service' ? 'service' : null)) ??
        (await findCiByAnyExternalId(db, value));
      if (found) {
        ci = found;
        break;
      }
    }
  }
  if (!service && ci) {
    if (ci.classKey === 'service') service = ci;
    else service = (await servicesAffectedBy(db, [ci.id]))[0]?.ci;
  }
  const siteId = ci ? (ci.classKey === 'site' ? ci.id : ci.siteId) : (service?.siteId ?? null);
  return { ciId: ci?.id ?? null, serviceId: service?.id ?? null, siteId: siteId ?? null };
}

export type BindingRuleInput = z.output<typeof bindingRuleIn>;

export async function createBindingRule(db: Db, actor: Actor, input: BindingRuleInput) {
  if (input.pattern) {
    const problem = patternProblem(input.pattern);
    if (problem) throw invalidField('pattern', `is not a regular expression: ${problem}`);
  }
  if (input.class && !(await listClasses(db)).some((entry) => entry.key === input.class))
    throw invalidField('class', `there is no CI class ${input.class}.`);
  if (input.integration) {
    const [found] = await db
      .select()
      .from(eventIntegrations)
      .where(eq(eventIntegrations.id, input.integration));
    if (!found) throw invalidField('integration', `there is no integration ${input.integration}.`);
  }
  const [row] = await withTransaction(db, actor, (tx) =>
    tx
      .insert(alertBindingRules)
      .values({
        name: input.name,
        position: input.position ?? 100,
        label: input.label,
        pattern: input.pattern ?? null,
        target: input.target,
        classKey: input.class ?? null,
        by: input.by,
        externalSource: input.externalSource ?? null,
        stripPort: input.stripPort,
        integrationId: input.integration ?? null,
      })
      .returning(),
  );
  rulesCache.clear();
  boundCache.clear();
  return row!;
}

export async function deleteBindingRule(db: Db, actor: Actor, id: string) {
  const deleted = await withTransaction(db, actor, (tx) =>
    tx.delete(alertBindingRules).where(eq(alertBindingRules.id, id)).returning(),
  );
  if (deleted.length === 0) throw notFound(`The binding rule ${id}`);
  rulesCache.clear();
  boundCache.clear();
}

export async function listBindingRules(db: Queryable) {
  return db
    .select()
    .from(alertBindingRules)
    .orderBy(asc(alertBindingRules.position), asc(alertBindingRules.createdAt));
}

export function forgetBindingRules(): void {
  rulesCache.clear();
  boundCache.clear();
}

/** Applies the rules again to the open alerts bound to no CI. */
export async function rebindUnbound(db: Db, actor: Actor): Promise<{ bound: number; stillUnbound: number }> {
  rulesCache.clear();
  boundCache.clear();
  const unbound = await db
    .select({ id: alerts.id, integrationId: alerts.integrationId, labels: alerts.labels })
    .from(alerts)
    .where(and(isNull(alerts.ciId), ne(alerts.status, 'resolved')))
    .limit(5000);
  let bound = 0;
  for (const alert of unbound) {
    const binding = await bindLabels(db, alert.integrationId, alert.labels);
    if (!binding.ciId && !binding.serviceId) continue;
    await withTransaction(db, actor, (tx) =>
      tx
        .update(alerts)
        .set({ ciId: binding.ciId, serviceId: binding.serviceId, siteId: binding.siteId })
        .where(eq(alerts.id, alert.id)),
    );
    if (binding.ciId) bound++;
  }
  return { bound, stillUnbound: unbound.length - bound };
}
