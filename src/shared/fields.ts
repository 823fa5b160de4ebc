// Request-type form fields: their definitions (data an admin edits), the structural schema of a
// request (wrong types are refused outright, never stored), and the rules checked during
// verification (every problem reported at once, in words a requester understands). Shared by the
// server and the browser, so the portal checks exactly what the server checks.
import { z } from 'zod';

export const fieldTypes = [
  'text',
  'longtext',
  'number',
  'date',
  'select',
  'multiselect',
  'list',
  'environment',
  'boolean',
] as const;
export type FieldType = (typeof fieldTypes)[number];

const fieldKey = z.string().regex(/^[a-z][A-Za-z0-9]{0,62}$/, 'must be a camelCase identifier');

export const fieldRulesSchema = z
  .object({
    pattern: z.object({ regex: z.string(), message: z.string() }).strict().optional(),
    minLength: z.number().int().min(0).optional(),
    maxLength: z.number().int().min(1).optional(),
    min: z.number().optional(),
    max: z.number().optional(),
    minItems: z.number().int().min(0).optional(),
    maxItems: z.number().int().min(1).optional(),
    /** For list fields: every item must match. */
    itemPattern: z.object({ regex: z.string(), message: z.string() }).strict().optional(),
    /** For date fields: strictly after today (in UTC). */
    futureDate: z.boolean().optional(),
    /** The value must differ from another field's. */
    differsFrom: fieldKey.optional(),
    /** Inventory checks. environment fields: must exist (optionally be request-only); `mustNotExist` for new names. */
    environment: z
      .object({
        mustExist: z.boolean().default(true),
        requestOnly: z.boolean().optional(),
        mustNotExist: z.boolean().optional(),
      })
      .strict()
      .optional(),
  })
  .strict();
export type FieldRules = z.infer<typeof fieldRulesSchema>;

export const fieldDefinitionSchema = z
  .object({
    key: fieldKey,
    label: z.string().min(1).max(200),
    help: z.string().max(2000).optional(),
    type: z.enum(fieldTypes),
    required: z.boolean().default(true),
    options: z.array(z.object({ value: z.string().min(1), label: z.string().min(1) }).strict()).optional(),
    placeholder: z.string().max(200).optional(),
    rules: fieldRulesSchema.default({}),
  })
  .strict()
  .superRefine((field, ctx) => {
    if ((field.type === 'select' || field.type === 'multiselect') && !field.options?.length) {
      ctx.addIssue({ code: 'custom', path: ['options'], message: `a ${field.type} field needs options` });
    }
    for (const key of ['pattern', 'itemPattern'] as const) {
      const regex = field.rules[key]?.regex;
      if (regex === undefined) continue;
      try {
        new RegExp(regex, 'u');
      } catch (error) {
        ctx.addIssue({
          code: 'custom',
          path: ['rules', key, 'regex'],
          message: `not a valid regular expression: ${(error as Error).message}`,
        });
      }
    }
  });
export type FieldDefinition = z.infer<typeof fieldDefinitionSchema>;
export type FieldDefinitionInput = z.input<typeof fieldDefinitionSchema>;

export const fieldListSchema = z.array(fieldDefinitionSchema).superRefine((fields, ctx) => {
  const keys = new Set<string>();
  fields.forEach((field, index) => {
    if (keys.has(field.key))
      ctx.addIssue({ code: 'custom', path: [index, 'key'], message: `duplicate field key ${field.key}` });
    keys.add(field.key);
  });
  fields.forEach((field, index) => {
    const other = field.rules.differsFrom;
    if (other && !keys.has(other)) {
      ctx.addIssue({ code: 'custom', path: [index, 'rules', 'differsFrom'], message: `no field ${other}` });
    }
  });
});

export type FieldValue = string | number | boolean | string[];
export type FieldValues = Record<string, FieldValue>;

const builtValueSchemasLimit = 500;
const builtValueSchemas = new Map<string, z.ZodType<FieldValues>>();

/**
 * The structural schema of a request's fields: types, required presence, no unknown fields.
 * A request failing it is refused with a 4xx and never stored.
 */
export function fieldValuesSchema(fields: FieldDefinition[]): z.ZodType<FieldValues> {
  // Every filed request and CI write checks its fields: building the schema (and zod compiling
  // it on its first parse) costs more than the check, so each shape is built once per process.
  const key = fields
    .map((field) => `${field.key}\u0000${field.type}\u0000${field.required ? 1 : 0}`)
    .join('\u0001');
  const known = builtValueSchemas.get(key);
  if (known) return known;
  if (builtValueSchemas.size >= builtValueSchemasLimit) builtValueSchemas.clear();
  const built = buildFieldValuesSchema(fields);
  builtValueSchemas.set(key, built);
  return built;
}

function buildFieldValuesSchema(fields: FieldDefinition[]): z.ZodType<FieldValues> {
  const shape: Record<string, z.ZodType> = {};
  for (const field of fields) {
    let schema: z.ZodType;
    switch (field.type) {
      case 'number':
        schema = z.number({ error: 'must be a number' });
        break;
      case 'date':
        schema = z
          .string({ error: 'must be a date (YYYY-MM-DD)' })
          .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date (YYYY-MM-DD)');
        break;
      case 'boolean':
        schema = z.boolean({ error: 'must be true or false' });
        break;
      case 'multiselect':
      case 'list':
        schema = z.array(z.string({ error: 'each item must be text' }), {
          error: 'must be a list of text values',
        });
        break;
      default:
        schema = z.string({ error: 'must be text' });
    }
    shape[field.key] = field.required ? schema : schema.optional();
  }
  return z.strictObject(shape) as unknown as z.ZodType<FieldValues>;
}

export interface EnvironmentFacts {
  name: string;
  requestOnly: boolean;
  state: string;
}

export interface FieldProblem {
  field: string;
  message: string;
}

export interface RuleContext {
  /** The day verification happens, YYYY-MM-DD (UTC). */
  today: string;
  /** Looks an environment up in the inventory (null when it does not exist). */
  environment(name: string): EnvironmentFacts | null;
}

const isEmpty = (value: FieldValue | undefined) =>
  value === undefined || value === '' || (Array.isArray(value) && value.length === 0);

function describe(field: FieldDefinition): string {
  return field.label;
}

/** Checks every rule of every field; returns every problem found (an empty list when valid). */
export function checkFieldRules(
  fields: FieldDefinition[],
  values: FieldValues,
  context: RuleContext,
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const problem = (field: FieldDefinition, message: string) => problems.push({ field: field.key, message });
  for (const field of fields) {
    const value = values[field.key];
    const label = describe(field);
    if (isEmpty(value)) {
      if (field.required) problem(field, `${label} is required.`);
      continue;
    }
    const rules = field.rules;
    if (typeof value === 'string') {
      const trimmed = value.trim();
      if (rules.minLength !== undefined && trimmed.length < rules.minLength) {
        problem(field, `${label} must have at least ${rules.minLength} characters.`);
      }
      if (rules.maxLength !== undefined && trimmed.length > rules.maxLength) {
        problem(
          field,
          `${label} must have at most ${rules.maxLength} characters (it has ${trimmed.length}).`,
        );
      }
      if (rules.pattern && !new RegExp(rules.pattern.regex, 'u').test(value)) {
        problem(field, `${label} "${value}" is not valid: ${rules.pattern.message}`);
      }
      if (
        (field.type === 'select' || field.type === 'multiselect') &&
        field.options &&
        !field.options.some((o) => o.value === value)
      ) {
        problem(field, `${label} must be one of: ${field.options.map((o) => o.value).join(', ')}.`);
      }
      if (field.type === 'date') {
        const valid =
          !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) &&
          new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);
        if (!valid) problem(field, `${label} "${value}" is not a real date.`);
        else if (rules.futureDate && value <= context.today)
          problem(field, `${label} must be a date in the future (after ${context.today}).`);
      }
      if (field.type === 'environment' && rules.environment) {
        const environment = context.environment(trimmed);
        const { mustExist, requestOnly, mustNotExist } = rules.environment;
        if (mustNotExist && environment && environment.state !== 'terminated') {
          problem(field, `${label}: a staging environment named "${trimmed}" already exists.`);
        } else if (!mustNotExist && mustExist && (!environment || environment.state === 'terminated')) {
          problem(field, `${label}: there is no staging environment named "${trimmed}".`);
        } else if (requestOnly && environment && !environment.requestOnly) {
          problem(
            field,
            `${label}: "${trimmed}" is not a request-only environment (it runs all the time, no request needed).`,
          );
        }
      }
    }
    if (typeof value === 'number') {
      if (rules.min !== undefined && value < rules.min)
        problem(field, `${label} must be at least ${rules.min}.`);
      if (rules.max !== undefined && value > rules.max)
        problem(field, `${label} must be at most ${rules.max}.`);
    }
    if (Array.isArray(value)) {
      if (rules.minItems !== undefined && value.length < rules.minItems)
        problem(field, `${label} needs at least ${rules.minItems} item(s).`);
      if (rules.maxItems !== undefined && value.length > rules.maxItems)
        problem(field, `${label} takes at most ${rules.maxItems} items.`);
      const duplicates = value.filter((item, index) => value.indexOf(item) !== index);
      if (duplicates.length > 0)
        problem(field, `${label} lists ${[...new Set(duplicates)].join(', ')} more than once.`);
      if (rules.itemPattern) {
        const regex = new RegExp(rules.itemPattern.regex, 'u');
        for (const item of value.filter((entry) => !regex.test(entry))) {
          problem(field, `${label}: "${item}" is not valid: ${rules.itemPattern.message}`);
        }
      }
      if (field.type === 'multiselect' && field.options) {
        for (const item of value.filter((entry) => !field.options!.some((o) => o.value === entry))) {
          problem(field, `${label}: "${item}" is not one of the choices.`);
        }
      }
    }
    if (rules.differsFrom) {
      const other = fields.find((candidate) => candidate.key === rules.differsFrom);
      const otherValue = values[rules.differsFrom];
      if (other && !isEmpty(otherValue) && JSON.stringify(otherValue) === JSON.stringify(value)) {
        problem(field, `${label} must differ from ${other.label} ("${String(value)}").`);
      }
    }
  }
  return problems;
}
