// A connection kind's settings (a JSON Schema from GET /api/v1/connections/kinds) turned into form
// fields, and the form's values back into the `config` of POST / PATCH /api/v1/connections.
// Secrets are write-only: the form never shows them, and sends one only when it is (re)placed.
import type { Wire } from '../../../shared/api/common';
import type { connectionKindListOut } from '../../../shared/api/inventory';

/** The part of JSON Schema (the standard) the settings forms understand. */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  default?: unknown;
  description?: string;
}

/** GET /api/v1/connections/kinds: the API says `settings` is a JSON Schema; this is what of it forms read. */
export type ConnectionKind = Omit<Wire<typeof connectionKindListOut>[number], 'settings'> & {
  settings: JsonSchema;
};

export type FieldKind = 'text' | 'url' | 'integer' | 'number' | 'boolean' | 'select' | 'list';

export interface SettingField {
  /** Dotted path in config: 'region', 'dns.hostedZoneId'. */
  path: string;
  /** The top-level setting it belongs to ('dns' for 'dns.hostedZoneId'). */
  root: string;
  label: string;
  /** Heading of the nested group, or null for a top-level setting. */
  group: string | null;
  kind: FieldKind;
  required: boolean;
  /** A nested key its group requires once the group is filled in. */
  requiredInGroup: boolean;
  secret: boolean;
  options?: string[];
  hint: string;
  defaultValue?: unknown;
}

export type FormValues = Record<string, string | boolean>;

const ACRONYMS: Record<string, string> = {
  id: 'ID',
  url: 'URL',
  arn: 'ARN',
  ms: '(ms)',
  dns: 'DNS',
  ttl: 'TTL',
};

/** 'discoveryRegions' → 'Discovery regions', 'roleArn' → 'Role ARN', 'timeoutMs' → 'Timeout (ms)'. */
export function humanize(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[\s_-]+/)
    .filter(Boolean)
    .map((word) => ACRONYMS[word.toLowerCase()] ?? word.toLowerCase());
  const text = words.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const typeOf = (schema: JsonSchema) => (Array.isArray(schema.type) ? schema.type[0] : schema.type);

function hintOf(schema: JsonSchema, kind: FieldKind): string {
  const parts: string[] = [];
  if (schema.description) parts.push(schema.description);
  if (kind === 'list') parts.push('One per line.');
  const min =
    schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : undefined);
  if (kind === 'integer' || kind === 'number') {
    if (min !== undefined && schema.maximum !== undefined && schema.maximum < 1e15)
      parts.push(`${min} to ${schema.maximum}.`);
    else if (min !== undefined) parts.push(`At least ${min}.`);
  }
  if (kind === 'text' && schema.minLength && schema.minLength > 1)
    parts.push(`At least ${schema.minLength} characters.`);
  if (schema.default !== undefined && typeof schema.default !== 'object')
    parts.push(`Default: ${String(schema.default)}.`);
  return parts.join(' ');
}

function fieldKind(schema: JsonSchema): FieldKind {
  if (schema.enum) return 'select';
  const type = typeOf(schema);
  if (type === 'integer') return 'integer';
  if (type === 'number') return 'number';
  if (type === 'boolean') return 'boolean';
  if (type === 'array') return 'list';
  if (schema.format === 'uri') return 'url';
  return 'text';
}

/** The kind's settings as a flat list of fields (nested objects one level deep become groups). */
export function settingFields(kind: ConnectionKind): SettingField[] {
  const fields: SettingField[] = [];
  const topRequired = new Set(kind.settings.required ?? []);
  const secrets = new Set(kind.secretFields);
  for (const [name, schema] of Object.entries(kind.settings.properties ?? {})) {
    if (typeOf(schema) === 'object' && schema.properties) {
      const inner = new Set(schema.required ?? []);
      for (const [child, childSchema] of Object.entries(schema.properties)) {
        const childKind = fieldKind(childSchema);
        fields.push({
          path: `${name}.${child}`,
          root: name,
          label: humanize(child),
          group: humanize(name),
          kind: childKind,
          // A required key of an optional group is only required once the group is filled in.
          required: topRequired.has(name) && inner.has(child),
          requiredInGroup: inner.has(child),
          secret: secrets.has(name),
          options: childSchema.enum?.map(String),
          hint: hintOf(childSchema, childKind),
          defaultValue: childSchema.default,
        });
      }
      continue;
    }
    const kindOfField = fieldKind(schema);
    fields.push({
      path: name,
      root: name,
      label: humanize(name),
      group: null,
      kind: kindOfField,
      required: topRequired.has(name),
      requiredInGroup: false,
      secret: secrets.has(name),
      options: schema.enum?.map(String),
      hint: hintOf(schema, kindOfField),
      defaultValue: schema.default,
    });
  }
  return fields;
}

function getPath(config: Record<string, unknown>, path: string): unknown {
  let current: unknown = config;
  for (const part of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/** Form values for a stored config (secrets stay empty: they are never returned). */
export function initialValues(fields: SettingField[], config: Record<string, unknown> = {}): FormValues {
  const values: FormValues = {};
  for (const field of fields) {
    if (field.secret) {
      values[field.path] = '';
      continue;
    }
    const value = getPath(config, field.path);
    if (field.kind === 'boolean')
      values[field.path] = value === undefined ? field.defaultValue === true : value === true;
    else if (Array.isArray(value)) values[field.path] = value.map(String).join('\n');
    else values[field.path] = value === undefined || value === null ? '' : String(value);
  }
  return values;
}

function convert(field: SettingField, raw: string | boolean): { value?: unknown; error?: string } {
  if (field.kind === 'boolean') return { value: raw === true };
  const text = String(raw).trim();
  if (!text) return {};
  if (field.kind === 'integer' || field.kind === 'number') {
    const number = Number(text);
    if (!Number.isFinite(number) || (field.kind === 'integer' && !Number.isInteger(number)))
      return { error: field.kind === 'integer' ? 'Enter a whole number.' : 'Enter a number.' };
    return { value: number };
  }
  if (field.kind === 'list')
    return {
      value: text
        .split(/[\n,]/)
        .map((item) => item.trim())
        .filter(Boolean),
    };
  return { value: text };
}

/**
 * The `config` to send. On create every filled-in setting is sent; on edit every non-secret setting
 * is sent (an emptied one as null, which removes it), and a secret only when `replace` holds its root.
 */
export function buildConfig(
  fields: SettingField[],
  values: FormValues,
  options: { mode: 'create' | 'edit'; replace?: Set<string>; stored?: Record<string, unknown> },
): { config: Record<string, unknown>; errors: Record<string, string> } {
  const config: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  const roots = new Map<string, SettingField[]>();
  for (const field of fields) roots.set(field.root, [...(roots.get(field.root) ?? []), field]);

  for (const [root, group] of roots) {
    const first = group[0]!;
    if (first.secret && options.mode === 'edit' && !options.replace?.has(root)) continue;
    const nested = first.group !== null;
    const object: Record<string, unknown> = {};
    let filled = false;
    for (const field of group) {
      const result = convert(field, values[field.path] ?? '');
      if (result.error) {
        errors[field.path] = result.error;
        filled = true;
      }
      if (result.value === undefined) continue;
      if (nested) object[field.path.slice(root.length + 1)] = result.value;
      else config[root] = result.value;
      if (field.kind !== 'boolean') filled = true;
    }
    if (nested && filled) {
      config[root] = object;
      // Once a group is used, the keys its own schema requires are required.
      for (const field of group)
        if (field.requiredInGroup && object[field.path.slice(root.length + 1)] === undefined)
          errors[field.path] ??= 'Required.';
    }
    if (config[root] === undefined) {
      for (const field of group) if (field.required) errors[field.path] ??= 'Required.';
      if (options.mode === 'edit' && (first.secret || options.stored?.[root] !== undefined))
        config[root] = null;
    }
  }
  return { config, errors };
}
