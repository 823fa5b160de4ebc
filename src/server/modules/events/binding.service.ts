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
  type CiReferences,
  type CiRow,
  cisReferencedBy,
  externallyReferencedCi,
  listClasses,
  nearestServices,
  referencedCi,
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

function lookup(refs: CiReferences, rule: BindingRule, value: string): CiRow | undefined {
  if (rule.by === 'external_id') {
    const found = externallyReferencedCi(refs, rule.externalSource ?? null, value);
    return found && (!rule.classKey || found.classKey === rule.classKey) ? found : undefined;
  }
  return referencedCi(refs, value, rule.classKey ?? (rule.target === 'service' ? 'service' : undefined));
}

const keyOf = (integrationId: string, labels: Record<string, string>) =>
  `${integrationId}\u0000${JSON.stringify(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))}`;

/**
 * The CI, service and site an alert with these labels binds to. `bound`: what `bindAll` found
 * for the message this alert came in.
 */
export async function bindLabels(
  db: Queryable,
  integrationId: string,
  labels: Record<string, string>,
  bound?: ReadonlyMap<string, Binding>,
): Promise<Binding> {
  const key = keyOf(integrationId, labels);
  return bound?.get(key) ?? (await bindAll(db, integrationId, [labels])).get(key)!;
}

/**
 * The bindings of label sets (a delivered message's new alerts) at once: the CIs their values
 * may name in two statements, their nearest services in one walk, however many alerts. Keyed for
 * `bindLabels`' `bound`; a binding that found a CI is kept a few seconds.
 */
export async function bindAll(
  db: Queryable,
  integrationId: string,
  labelSets: readonly Record<string, string>[],
): Promise<Map<string, Binding>> {
  const bound = new Map<string, Binding>();
  const todo = new Map<string, Record<string, string>>();
  for (const labels of labelSets) {
    const key = keyOf(integrationId, labels);
    const known = boundCache.peek(key);
    if (known) bound.set(key, known);
    else todo.set(key, labels);
  }
  if (todo.size === 0) return bound;
  const rules = (await bindingRules(db)).filter(
    (rule) => !rule.integrationId || rule.integrationId === integrationId,
  );
  const values: string[] = [];
  for (const labels of todo.values()) {
    for (const rule of rules) {
      const value = ruleValue(rule, labels);
      if (value) values.push(value);
    }
    for (const label of builtInLabels) if (labels[label]) values.push(withoutPort(labels[label]));
  }
  const refs = await cisReferencedBy(db, values);
  const matched = new Map([...todo].map(([key, labels]) => [key, match(refs, rules, labels)]));
  const nearest = await nearestServices(
    db,
    [...matched.values()].flatMap(({ ci, service }) => (ci && !service ? [ci.id] : [])),
  );
  for (const [key, { ci, service }] of matched) {
    const binding = bindingOf(ci, service ?? (ci ? nearest.get(ci.id) : undefined));
    bound.set(key, binding);
    if (binding.ciId) boundCache.set(key, binding);
  }
  return bound;
}

/** The admins' rules (of this integration) in order, then the built-in labels; a service CI is its own service. */
function match(
  refs: CiReferences,
  rules: readonly BindingRule[],
  labels: Record<string, string>,
): { ci: CiRow | undefined; service: CiRow | undefined } {
  let ci: CiRow | undefined;
  let service: CiRow | undefined;
  for (const rule of rules) {
    if (rule.target === 'ci' && ci) continue;
    if (rule.target === 'service' && service) continue;
    const value = ruleValue(rule, labels);
    const found = value ? lookup(refs, rule, value) : undefined;
    if (!found) continue;
    if (rule.target === 'service') service = found;
    else ci = found;
    if (ci && service) break;
  }
  for (const label of builtInLabels) {
    if (ci || !labels[label]) continue;
    const value = withoutPort(labels[label]);
    ci =
      referencedCi(refs, value, label === 'service' ? 'service' : undefined) ??
      externallyReferencedCi(refs, null, value);
  }
  if (!service && ci?.classKey === 'service') service = ci;
  return { ci, service };
}

function bindingOf(ci: CiRow | undefined, service: CiRow | undefined): Binding {
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
