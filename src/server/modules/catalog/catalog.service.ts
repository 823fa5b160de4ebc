// The service catalog: categories and request types (form fields, workflow, approval policy,
// fulfilment action and its parameter mapping), managed by admins. A type's SLA targets are the
// goals of the SLA policy that measures it: the SLA module writes them here (setSlaTargets).
import { asc, eq, inArray } from 'drizzle-orm';
import { type FieldDefinition, fieldListSchema } from '../../../shared/fields.js';
import {
  type Actor,
  type Db,
  isUniqueViolation,
  type Queryable,
  type Tx,
  withTransaction,
} from '../../db/client.js';
import { ttlCache } from '../../lib/cache.js';
import { badRequest, conflict, notFound, validationFailed } from '../../lib/errors.js';
import { externalExecutorKinds } from '../../providers/executors/index.js';
import { getTeam } from '../identity/index.js';
import { findConnection } from '../inventory/index.js';
import { getWorkflow } from '../workflow/index.js';
import type { ApprovalPolicy } from './approval-policy.js';
import { catalogCategories, requestTypes, type SlaTarget } from './catalog.schema.js';
import type { FulfilmentSpec } from './fulfilment-spec.js';

export type CategoryRow = typeof catalogCategories.$inferSelect;
export type RequestTypeRow = typeof requestTypes.$inferSelect;

export async function getCatalog(db: Queryable, options: { includeInactive?: boolean } = {}) {
  const categories = await db
    .select()
    .from(catalogCategories)
    .orderBy(asc(catalogCategories.position), asc(catalogCategories.name));
  const types = await db
    .select()
    .from(requestTypes)
    .orderBy(asc(requestTypes.position), asc(requestTypes.name));
  return categories.map((category) => ({
    ...category,
    requestTypes: types.filter(
      (type) => type.categoryId === category.id && (options.includeInactive || type.active),
    ),
  }));
}

// Request types change rarely and every step of a ticket's life reads one: each process keeps them
// for a few seconds. Admin reads and writes bypass the cache and clear it.
const typeCache = ttlCache<RequestTypeRow>(5_000);

const allTypesCache = ttlCache<RequestTypeRow[]>(5_000);

export function forgetRequestTypes(): void {
  typeCache.clear();
  allTypesCache.clear();
}

/** Every request type, inactive ones too (cached like the single ones). */
export async function allRequestTypes(db: Queryable): Promise<RequestTypeRow[]> {
  return (await allTypesCache.get('all', () => db.select().from(requestTypes))) ?? [];
}

export async function getRequestType(db: Queryable, key: string): Promise<RequestTypeRow> {
  const [type] = await db.select().from(requestTypes).where(eq(requestTypes.key, key));
  if (!type) throw notFound(`The request type ${key}`);
  return type;
}

export async function findRequestType(db: Queryable, key: string): Promise<RequestTypeRow | undefined> {
  return typeCache.get(
    `key:${key}`,
    async () => (await db.select().from(requestTypes).where(eq(requestTypes.key, key)))[0],
  );
}

export async function getRequestTypeById(db: Queryable, id: string): Promise<RequestTypeRow> {
  const type = await typeCache.get(
    `id:${id}`,
    async () => (await db.select().from(requestTypes).where(eq(requestTypes.id, id)))[0],
  );
  if (!type) throw notFound('The request type');
  return type;
}

async function getCategory(db: Queryable, key: string): Promise<CategoryRow> {
  const [category] = await db.select().from(catalogCategories).where(eq(catalogCategories.key, key));
  if (!category) throw badRequest('unknown_category', `category: there is no category ${key}.`);
  return category;
}

export interface CategoryInput {
  key: string;
  name: string;
  description?: string | undefined;
  position?: number | undefined;
}

export async function createCategory(db: Db, actor: Actor, input: CategoryInput): Promise<CategoryRow> {
  return withTransaction(db, actor, async (tx) => {
    try {
      const [category] = await tx.insert(catalogCategories).values(input).returning();
      return category!;
    } catch (error) {
      if (isUniqueViolation(error))
        throw conflict('category_exists', `key: a category ${input.key} exists already.`);
      throw error;
    }
  });
}

export async function updateCategory(
  db: Db,
  actor: Actor,
  key: string,
  patch: Partial<Omit<CategoryInput, 'key'>>,
) {
  return withTransaction(db, actor, async (tx) => {
    const category = await getCategory(tx, key);
    const [updated] = await tx
      .update(catalogCategories)
      .set(patch)
      .where(eq(catalogCategories.id, category.id))
      .returning();
    return updated!;
  });
}

export interface RequestTypeInput {
  key: string;
  category: string;
  name: string;
  description?: string | undefined;
  documentation?: string | undefined;
  docsUrl?: string | null | undefined;
  icon?: string | undefined;
  fields: FieldDefinition[];
  workflow?: string | undefined;
  team?: string | null | undefined;
  approval: ApprovalPolicy;
  fulfilment?: FulfilmentSpec | null | undefined;
  autoCloseDays?: number | null | undefined;
  askSummary?: boolean | undefined;
  standardChange?: boolean | undefined;
  active?: boolean | undefined;
  position?: number | undefined;
}

/** Checks that the parts of a request type fit together; every problem at once, naming the field. */
async function assertCoherent(
  db: Queryable,
  input: Pick<RequestTypeInput, 'fields' | 'fulfilment' | 'approval' | 'workflow'>,
) {
  const problems: { field: string; message: string }[] = [];
  const fields = fieldListSchema.safeParse(input.fields);
  if (!fields.success) {
    for (const issue of fields.error.issues)
      problems.push({ field: `fields.${issue.path.join('.')}`, message: issue.message });
  }
  const byKey = new Map(input.fields.map((field) => [field.key, field]));
  const spec = input.fulfilment;
  if (spec) {
    const environmentField = spec.environmentField ? byKey.get(spec.environmentField) : undefined;
    if (spec.executor === 'provider' && environmentField?.type !== 'environment') {
      problems.push({
        field: 'fulfilment.environmentField',
        message: `must name a field of type environment (${spec.environmentField} is not one)`,
      });
    }
    if (spec.executor === 'external') {
      if (spec.environmentField && environmentField?.type !== 'environment') {
        problems.push({
          field: 'fulfilment.environmentField',
          message: `must name a field of type environment (${spec.environmentField} is not one)`,
        });
      }
      const connection = await findConnection(db, spec.connection);
      if (!connection || !(externalExecutorKinds as readonly string[]).includes(connection.kind)) {
        problems.push({
          field: 'fulfilment.connection',
          message: `there is no webhook, ansible or awx connection named ${spec.connection}`,
        });
      }
    }
    for (const [param, source] of Object.entries(spec.params)) {
      if ('field' in source && !byKey.has(source.field)) {
        problems.push({ field: `fulfilment.params.${param}`, message: `refers to no field ${source.field}` });
      }
    }
  }
  if (input.approval.kind !== 'none') {
    const team = input.approval.kind === 'manager' ? input.approval.fallbackTeam : input.approval.team;
    await getTeam(db, team).catch(() =>
      problems.push({ field: 'approval', message: `there is no team ${team}` }),
    );
  }
  if (input.workflow) {
    await getWorkflow(db, input.workflow).catch(() =>
      problems.push({ field: 'workflow', message: `there is no workflow ${input.workflow}` }),
    );
  }
  if (problems.length > 0) throw validationFailed(problems, 'The request type does not fit together');
}

async function teamId(db: Queryable, key: string | null | undefined): Promise<string | null> {
  if (!key) return null;
  return (
    await getTeam(db, key).catch(() => {
      throw badRequest('unknown_team', `team: there is no team ${key}.`);
    })
  ).id;
}

/**
 * The workflow a request type gets when the admin names none: automation runs only when there is
 * an action to run; without one the team works the request by hand (a request is never sent to
 * "Need further support" just because it has nothing to automate).
 */
export const defaultWorkflowFor = (fulfilment: FulfilmentSpec | null | undefined) =>
  fulfilment ? 'fulfilment' : 'manual';

/**
 * A workflow that still fits after the fulfilment action changed: the two built-in request
 * workflows follow the action (added: automation; removed: by hand); an admin's own is kept.
 */
function fittingWorkflow(current: string, fulfilment: FulfilmentSpec | null): string {
  if (current === 'fulfilment' || current === 'manual') return defaultWorkflowFor(fulfilment);
  return current;
}

export async function createRequestType(
  db: Db,
  actor: Actor,
  input: RequestTypeInput,
): Promise<RequestTypeRow> {
  return withTransaction(db, actor, async (tx) => {
    await assertCoherent(tx, input);
    const category = await getCategory(tx, input.category);
    try {
      const [type] = await tx
        .insert(requestTypes)
        .values({
          key: input.key,
          categoryId: category.id,
          name: input.name,
          description: input.description ?? '',
          documentation: input.documentation ?? '',
          docsUrl: input.docsUrl ?? null,
          icon: input.icon ?? 'server',
          fields: input.fields,
          workflowKey: input.workflow ?? defaultWorkflowFor(input.fulfilment),
          teamId: await teamId(tx, input.team),
          approval: input.approval,
          fulfilment: input.fulfilment ?? null,
          autoCloseDays: input.autoCloseDays ?? null,
          askSummary: input.askSummary ?? true,
          standardChange: input.standardChange ?? false,
          active: input.active ?? true,
          position: input.position ?? 0,
        })
        .returning();
      return type!;
    } catch (error) {
      if (isUniqueViolation(error))
        throw conflict('request_type_exists', `key: a request type ${input.key} exists already.`);
      throw error;
    }
  });
}

export async function updateRequestType(
  db: Db,
  actor: Actor,
  key: string,
  patch: Partial<Omit<RequestTypeInput, 'key'>>,
): Promise<RequestTypeRow> {
  const updated = await withTransaction(db, actor, async (tx) => {
    const current = await getRequestType(tx, key);
    const merged = {
      fields: patch.fields ?? current.fields,
      fulfilment: patch.fulfilment !== undefined ? patch.fulfilment : current.fulfilment,
      approval: patch.approval ?? current.approval,
      // The editor sends its whole draft: a workflow left as it was follows a changed action.
      workflow:
        patch.fulfilment !== undefined && (patch.workflow ?? current.workflowKey) === current.workflowKey
          ? fittingWorkflow(current.workflowKey, patch.fulfilment)
          : (patch.workflow ?? current.workflowKey),
    };
    await assertCoherent(tx, merged);
    const [updated] = await tx
      .update(requestTypes)
      .set({
        ...(patch.category ? { categoryId: (await getCategory(tx, patch.category)).id } : {}),
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.description !== undefined ? { description: patch.description } : {}),
        ...(patch.documentation !== undefined ? { documentation: patch.documentation } : {}),
        ...(patch.docsUrl !== undefined ? { docsUrl: patch.docsUrl } : {}),
        ...(patch.icon !== undefined ? { icon: patch.icon } : {}),
        ...(patch.team !== undefined ? { teamId: await teamId(tx, patch.team) } : {}),
        ...(patch.autoCloseDays !== undefined ? { autoCloseDays: patch.autoCloseDays } : {}),
        ...(patch.active !== undefined ? { active: patch.active } : {}),
        ...(patch.askSummary !== undefined ? { askSummary: patch.askSummary } : {}),
        ...(patch.standardChange !== undefined ? { standardChange: patch.standardChange } : {}),
        ...(patch.position !== undefined ? { position: patch.position } : {}),
        fields: merged.fields,
        fulfilment: merged.fulfilment,
        approval: merged.approval,
        workflowKey: merged.workflow,
        updatedAt: new Date(),
      })
      .where(eq(requestTypes.id, current.id))
      .returning();
    return updated!;
  });
  forgetRequestTypes();
  return updated;
}

/** The goals the portal shows for these request types; written by the SLA module only. */
export async function setSlaTargets(tx: Tx, requestTypeIds: string[], targets: SlaTarget[]): Promise<void> {
  if (requestTypeIds.length === 0) return;
  await tx
    .update(requestTypes)
    .set({ slaTargets: targets, updatedAt: new Date() })
    .where(inArray(requestTypes.id, requestTypeIds));
}
