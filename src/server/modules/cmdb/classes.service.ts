// CI classes as admins manage them, and the check of a CI's attributes against its class.
import { asc, eq } from 'drizzle-orm';
import {
  checkFieldRules,
  type FieldDefinition,
  type FieldProblem,
  type FieldValues,
  fieldListSchema,
  fieldValuesSchema,
} from '../../../shared/fields.js';
import { type Actor, type Db, isUniqueViolation, type Queryable, withTransaction } from '../../db/client.js';
import { ttlCache } from '../../lib/cache.js';
import { conflict, invalidField, notFound, validationFailed } from '../../lib/errors.js';
import { ciClasses } from './cmdb.schema.js';

export type CiClassRow = typeof ciClasses.$inferSelect;

// Every CI write checks its class: each process keeps the classes a few seconds; writes here clear it.
const classCache = ttlCache<CiClassRow[]>(5_000);

export function forgetClasses(): void {
  classCache.clear();
}

export async function listClasses(db: Queryable): Promise<CiClassRow[]> {
  return (await classCache.get('all', () => db.select().from(ciClasses).orderBy(asc(ciClasses.name)))) ?? [];
}

export async function findClass(db: Queryable, key: string): Promise<CiClassRow | undefined> {
  return (await listClasses(db)).find((row) => row.key === key);
}

/** The class named in an input field, or a 400 naming that field and the known classes. */
export async function classOf(db: Queryable, key: string, field = 'class'): Promise<CiClassRow> {
  const found = await findClass(db, key);
  if (!found) {
    const known = (await listClasses(db)).map((row) => row.key).join(', ');
    throw invalidField(field, `there is no CI class ${key} (known: ${known}).`, 'unknown_class');
  }
  return found;
}

/**
 * Checks attributes against a class: types and unknown keys first (refused), then every rule.
 * Problems name `attributes.<key>`; all of them at once.
 */
export function attributeProblems(
  definitions: FieldDefinition[],
  values: Record<string, unknown>,
  prefix = 'attributes',
): FieldProblem[] {
  // Every attribute is optional on a CI unless the class says so: absent ones are simply unknown.
  const parsed = fieldValuesSchema(definitions).safeParse(values);
  if (!parsed.success) {
    return parsed.error.issues.map((issue) => ({
      field: [prefix, ...issue.path].join('.'),
      message:
        issue.code === 'unrecognized_keys'
          ? `unknown attribute(s) ${issue.keys.join(', ')} for this class`
          : issue.message,
    }));
  }
  return checkFieldRules(definitions, parsed.data, {
    today: new Date().toISOString().slice(0, 10),
    environment: () => null,
  }).map((problem) => ({ field: `${prefix}.${problem.field}`, message: problem.message }));
}

export function assertAttributes(
  definitions: FieldDefinition[],
  values: Record<string, unknown>,
  prefix?: string,
) {
  const problems = attributeProblems(definitions, values, prefix);
  if (problems.length > 0) throw validationFailed(problems, 'The attributes do not fit the class');
  return values as FieldValues;
}

export interface ClassInput {
  name: string;
  icon?: string | undefined;
  description?: string | undefined;
  attributes: unknown[];
}

function checkedAttributes(raw: unknown[]): FieldDefinition[] {
  const parsed = fieldListSchema.safeParse(raw);
  if (!parsed.success) {
    throw validationFailed(
      parsed.error.issues.map((issue) => ({
        field: ['attributes', ...issue.path].join('.'),
        message: issue.message,
      })),
      'The class does not fit together',
    );
  }
  return parsed.data;
}

export async function createClass(db: Db, actor: Actor, key: string, input: ClassInput): Promise<CiClassRow> {
  const attributes = checkedAttributes(input.attributes);
  try {
    const [row] = await withTransaction(db, actor, (tx) =>
      tx
        .insert(ciClasses)
        .values({
          key,
          name: input.name,
          icon: input.icon ?? 'box',
          description: input.description ?? '',
          attributes,
        })
        .returning(),
    );
    return row!;
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict('class_exists', `key: a CI class ${key} exists already.`);
    throw error;
  } finally {
    forgetClasses();
  }
}

/**
 * Changes a class. Attributes may be added, and a built-in class keeps its built-in attributes
 * (admins extend it); removing an attribute leaves the values stored on CIs untouched but unchecked.
 */
export async function updateClass(
  db: Db,
  actor: Actor,
  key: string,
  input: Partial<ClassInput>,
): Promise<CiClassRow> {
  const existing = await findClass(db, key);
  if (!existing) throw notFound(`The CI class ${key}`);
  const attributes = input.attributes ? checkedAttributes(input.attributes) : undefined;
  if (existing.builtIn && attributes) {
    const kept = new Set(attributes.map((attribute) => attribute.key));
    const dropped = existing.attributes.filter((attribute) => !kept.has(attribute.key));
    if (dropped.length > 0) {
      throw invalidField(
        'attributes',
        `${key} is built in: its attributes ${dropped.map((a) => a.key).join(', ')} cannot be removed (add your own beside them).`,
        'built_in_attribute',
      );
    }
  }
  try {
    const [row] = await withTransaction(db, actor, (tx) =>
      tx
        .update(ciClasses)
        .set({
          ...(input.name !== undefined ? { name: input.name } : {}),
          ...(input.icon !== undefined ? { icon: input.icon } : {}),
          ...(input.description !== undefined ? { description: input.description } : {}),
          ...(attributes ? { attributes } : {}),
          updatedAt: new Date(),
        })
        .where(eq(ciClasses.key, key))
        .returning(),
    );
    return row!;
  } finally {
    forgetClasses();
  }
}
