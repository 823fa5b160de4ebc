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
  findCiByAnyExternalId,
  findCiByExternalId,
  listClasses,
  nearestServices,
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

/** How a binding finds CIs: a query each, or from what one read for a whole message found. */
interface Lookups {
  /** The CI an id, name or `class/name` names (resolveCi), or none when unknown or ambiguous. */
  named(value: string, classKey: string | null): Promise<CiRow | undefined>;
  /** The CI with this external id of `source`, or of any source when it is the only one. */
  external(source: string | null, value: string): Promise<CiRow | undefined>;
}

const queried = (db: Queryable): Lookups => ({
  named: (value, classKey) => ciNamed(db, value, classKey),
  external: (source, value) =>
    source ? findCiByExternalId(db, source, value) : findCiByAnyExternalId(db, value),
});

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The same answers as `queried`, from `cisReferencedBy`'s read of every value a message names. */
const prefetched = (refs: CiReferences): Lookups => ({
  async named(value, classKey) {
    const byId = uuidPattern.test(value) ? refs.byId.get(value.toLowerCase()) : undefined;
    if (byId) return classKey && byId.classKey !== classKey ? undefined : byId;
    const slash = value.indexOf('/');
    const [inClass, name] =
      !classKey && slash > 0 ? [value.slice(0, slash), value.slice(slash + 1)] : [classKey, value];
    const rows = (refs.byName.get(name.toLowerCase()) ?? []).filter(
      (row) => !inClass || row.classKey === inClass,
    );
    return rows.length === 1 ? rows[0] : undefined;
  },
  async external(source, value) {
    const entries = refs.byExternalId.get(value) ?? [];
    if (source) return entries.find((entry) => entry.source === source)?.ci;
    return entries.length === 1 ? entries[0]!.ci : undefined;
  },
});

async function lookup(lookups: Lookups, rule: BindingRule, value: string): Promise<CiRow | undefined> {
  if (rule.by === 'external_id') {
    const found = await lookups.external(rule.externalSource ?? null, value);
    return found && (!rule.classKey || found.classKey === rule.classKey) ? found : undefined;
  }
  return lookups.named(value, rule.classKey ?? (rule.target === 'service' ? 'service' : null));
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
  const known = bound?.get(key) ?? boundCache.peek(key);
  if (known) return known;
  const rules = await bindingRules(db);
  const { ci, service } = await match(queried(db), rules, integrationId, labels);
  const nearest = ci && !service ? (await servicesAffectedBy(db, [ci.id]))[0]?.ci : undefined;
  const binding = bindingOf(ci, service ?? nearest);
  if (binding.ciId) boundCache.set(key, binding);
  return binding;
}

/**
 * The bindings of many label sets (a delivered message's new alerts) at once: the CIs their
 * values may name in two statements, their nearest services in one walk, instead of several
 * queries per alert. Keyed for `bindLabels`' `bound`.
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
  const lookups = prefetched(await cisReferencedBy(db, values));
  const matched = new Map<string, Matched>();
  for (const [key, labels] of todo) matched.set(key, await match(lookups, rules, integrationId, labels));
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

interface Matched {
  ci: CiRow | undefined;
  service: CiRow | undefined;
}

/** The admins' rules in order, then the built-in labels; a service CI is its own service. */
async function match(
  lookups: Lookups,
  rules: readonly BindingRule[],
  integrationId: string,
  labels: Record<string, string>,
): Promise<Matched> {
  let ci: CiRow | undefined;
  let service: CiRow | undefined;
  for (const rule of rules) {
    if (rule.integrationId && rule.integrationId !== integrationId) continue;
    if (rule.target === 'ci' && ci) continue;
    if (rule.target === 'service' && service) continue;
    const value = ruleValue(rule, labels);
    if (!value) continue;
    const found = await lookup(lookups, rule, value);
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
        (await lookups.named(value, label === 'service' ? 'service' : null)) ??
        (await lookups.external(null, value));
      if (found) {
        ci = found;
        break;
      }
    }
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
