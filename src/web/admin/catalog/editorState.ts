// The request type editor's state: the draft being edited, the fields with stable ids for React,
// and the server's last answer per field. A pure reducer, so it is tested without a browser.
import {
  type FieldDefinition,
  type FieldDefinitionInput,
  type FieldRules,
  type FieldType,
  fieldListSchema,
} from '../../../shared/fields';
import type { RequestTypeAdmin, RequestTypePatch } from './types';

export interface EditorField {
  uid: string;
  def: FieldDefinitionInput;
  /** A field added in this editor whose key nobody typed: it follows the label ("Database name" → databaseName). */
  keyFromLabel?: boolean;
}

export type Draft = Omit<RequestTypePatch, 'fields'> & { fields: EditorField[] };
export type TopLevelKey = Exclude<keyof Draft, 'fields'>;

export interface EditorState {
  draft: Draft;
  /** The saved request type as a PATCH body (JSON), to tell whether there are unsaved changes. */
  base: string;
  /** Problems the server reported, by path: `name`, `fields.2.key`, `fulfilment.environmentField`. */
  serverErrors: Record<string, string>;
  nextUid: number;
}

type RulesInput = NonNullable<FieldDefinitionInput['rules']>;
type RuleKey = keyof FieldRules;

export type EditorAction =
  | { type: 'load'; requestType: RequestTypeAdmin }
  | { type: 'set'; key: TopLevelKey; value: Draft[TopLevelKey] }
  | { type: 'addField' }
  | { type: 'removeField'; index: number }
  | { type: 'moveField'; index: number; to: number }
  | { type: 'updateField'; index: number; patch: Partial<FieldDefinitionInput> }
  | { type: 'updateRules'; index: number; patch: { [K in RuleKey]?: RulesInput[K] | undefined } }
  | { type: 'addOption'; index: number }
  | { type: 'updateOption'; index: number; option: number; patch: Partial<{ value: string; label: string }> }
  | { type: 'removeOption'; index: number; option: number }
  | { type: 'serverErrors'; errors: Record<string, string> };

/** Which rules the editor offers for each field type (the others are dropped when the type changes). */
export const rulesByType: Record<FieldType, RuleKey[]> = {
  text: ['pattern', 'minLength', 'maxLength', 'differsFrom'],
  longtext: ['pattern', 'minLength', 'maxLength', 'differsFrom'],
  number: ['min', 'max', 'differsFrom'],
  date: ['futureDate', 'differsFrom'],
  select: ['differsFrom'],
  multiselect: ['minItems', 'maxItems', 'differsFrom'],
  list: ['minItems', 'maxItems', 'itemPattern', 'differsFrom'],
  environment: ['environment', 'pattern', 'minLength', 'maxLength', 'differsFrom'],
  boolean: [],
};

export const hasOptions = (type: FieldType) => type === 'select' || type === 'multiselect';

function draftOf(type: RequestTypeAdmin, uid: (def: FieldDefinitionInput) => EditorField): Draft {
  return {
    category: type.category,
    name: type.name,
    description: type.description,
    documentation: type.documentation,
    docsUrl: type.docsUrl,
    icon: type.icon,
    fields: type.fields.map((def) => uid(structuredClone(def))),
    workflow: type.workflow,
    team: type.team,
    approval: type.approval,
    fulfilment: type.fulfilment,
    autoCloseDays: type.autoCloseDays,
    askSummary: type.askSummary ?? true,
    standardChange: type.standardChange ?? false,
    active: type.active,
    position: type.position,
  };
}

/** A field as it is saved: no empty texts, options only where they mean something. */
export function cleanField(def: FieldDefinitionInput): FieldDefinitionInput {
  const out: FieldDefinitionInput = { key: def.key, label: def.label, type: def.type };
  if (def.help) out.help = def.help;
  out.required = def.required ?? true;
  if (hasOptions(def.type) || def.options?.length) {
    if (def.options) out.options = def.options.map((option) => ({ ...option }));
  }
  if (def.placeholder) out.placeholder = def.placeholder;
  out.rules = { ...(def.rules ?? {}) };
  return out;
}

export function fieldList(draft: Draft): FieldDefinitionInput[] {
  return draft.fields.map((field) => cleanField(field.def));
}

export function toPatch(draft: Draft): RequestTypePatch {
  const { fields: _fields, ...rest } = draft;
  return { ...rest, docsUrl: rest.docsUrl ? rest.docsUrl : null, fields: fieldList(draft) };
}

export function initEditor(requestType: RequestTypeAdmin): EditorState {
  let next = 1;
  const draft = draftOf(requestType, (def) => ({ uid: `f${next++}`, def }));
  return { draft, base: JSON.stringify(toPatch(draft)), serverErrors: {}, nextUid: next };
}

export const isDirty = (state: EditorState) => JSON.stringify(toPatch(state.draft)) !== state.base;

/** "Database name (optional)" → "databaseName" (a camelCase field key; "field" when no letter is left). */
export function fieldKeyFromLabel(label: string): string {
  const words = label
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/\([^)]*\)/g, ' ')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  const camel = words.map((word, i) => (i === 0 ? word : word[0]!.toUpperCase() + word.slice(1))).join('');
  const key = camel.replace(/^[^a-z]+/, '').slice(0, 60);
  return key || 'field';
}

/** The key from `label`, made unique among the other fields (databaseName, databaseName2, …). */
function newFieldKey(fields: EditorField[], label: string, except?: string): string {
  const used = new Set(fields.filter((field) => field.uid !== except).map((field) => field.def.key));
  const base = fieldKeyFromLabel(label);
  if (!used.has(base)) return base;
  let n = 2;
  while (used.has(`${base}${n}`)) n++;
  return `${base}${n}`;
}

/** Drops server problems about fields (their indexes no longer match after a move or removal). */
const withoutFieldErrors = (errors: Record<string, string>, index?: number) =>
  Object.fromEntries(
    Object.entries(errors).filter(([path]) =>
      index === undefined
        ? !path.startsWith('fields')
        : path !== `fields.${index}` && !path.startsWith(`fields.${index}.`),
    ),
  );

function mapField(
  state: EditorState,
  index: number,
  update: (def: FieldDefinitionInput) => FieldDefinitionInput,
) {
  const fields = state.draft.fields.map((field, i) =>
    i === index ? { ...field, def: update(field.def) } : field,
  );
  return {
    ...state,
    draft: { ...state.draft, fields },
    serverErrors: withoutFieldErrors(state.serverErrors, index),
  };
}

export function editorReducer(state: EditorState, action: EditorAction): EditorState {
  switch (action.type) {
    case 'load':
      return initEditor(action.requestType);
    case 'set': {
      const { [action.key]: _cleared, ...serverErrors } = state.serverErrors;
      for (const path of Object.keys(serverErrors))
        if (path.startsWith(`${action.key}.`)) delete serverErrors[path];
      return { ...state, draft: { ...state.draft, [action.key]: action.value }, serverErrors };
    }
    case 'addField': {
      const def: FieldDefinitionInput = {
        key: newFieldKey(state.draft.fields, 'New field'),
        label: 'New field',
        type: 'text',
        required: true,
        rules: {},
      };
      return {
        ...state,
        draft: {
          ...state.draft,
          fields: [...state.draft.fields, { uid: `f${state.nextUid}`, def, keyFromLabel: true }],
        },
        nextUid: state.nextUid + 1,
      };
    }
    case 'removeField':
      return {
        ...state,
        draft: { ...state.draft, fields: state.draft.fields.filter((_, i) => i !== action.index) },
        serverErrors: withoutFieldErrors(state.serverErrors),
      };
    case 'moveField': {
      const fields = [...state.draft.fields];
      if (action.to < 0 || action.to >= fields.length || action.index === action.to) return state;
      const [moved] = fields.splice(action.index, 1);
      fields.splice(action.to, 0, moved!);
      return {
        ...state,
        draft: { ...state.draft, fields },
        serverErrors: withoutFieldErrors(state.serverErrors),
      };
    }
    case 'updateField': {
      const field = state.draft.fields[action.index];
      // A typed key is kept from then on; until then a new field's key follows its label.
      const follows = field?.keyFromLabel === true && action.patch.key === undefined;
      const patched = mapField(state, action.index, (def) => {
        const next = { ...def, ...action.patch };
        if (follows && action.patch.label !== undefined)
          next.key = newFieldKey(state.draft.fields, action.patch.label, field.uid);
        if (action.patch.type && action.patch.type !== def.type) {
          const allowed = rulesByType[action.patch.type];
          next.rules = Object.fromEntries(
            Object.entries(def.rules ?? {}).filter(([rule]) => allowed.includes(rule as RuleKey)),
          );
          if (hasOptions(action.patch.type) && !next.options?.length)
            next.options = [{ value: 'option1', label: 'Option 1' }];
          if (!hasOptions(action.patch.type)) delete next.options;
        }
        return next;
      });
      if (action.patch.key === undefined || !field?.keyFromLabel) return patched;
      return {
        ...patched,
        draft: {
          ...patched.draft,
          fields: patched.draft.fields.map((f, i) =>
            i === action.index ? { ...f, keyFromLabel: false } : f,
          ),
        },
      };
    }
    case 'updateRules':
      return mapField(state, action.index, (def) => {
        const rules: Record<string, unknown> = { ...(def.rules ?? {}) };
        for (const [rule, value] of Object.entries(action.patch)) {
          if (value === undefined) delete rules[rule];
          else rules[rule] = value;
        }
        return { ...def, rules: rules as RulesInput };
      });
    case 'addOption':
      return mapField(state, action.index, (def) => {
        const options = def.options ?? [];
        const n = options.length + 1;
        return { ...def, options: [...options, { value: `option${n}`, label: `Option ${n}` }] };
      });
    case 'updateOption':
      return mapField(state, action.index, (def) => ({
        ...def,
        options: (def.options ?? []).map((option, i) =>
          i === action.option ? { ...option, ...action.patch } : option,
        ),
      }));
    case 'removeOption':
      return mapField(state, action.index, (def) => ({
        ...def,
        options: (def.options ?? []).filter((_, i) => i !== action.option),
      }));
    case 'serverErrors':
      return { ...state, serverErrors: action.errors };
  }
}

export interface DraftProblems {
  /** Per field index, problems by path inside the field (`key`, `options`, `rules.pattern.regex`). */
  fields: Record<number, Record<string, string>>;
  /** Problems with the top-level properties (`name`, `fulfilment.environmentField`). */
  top: Record<string, string>;
  count: number;
  /** The field list as the server would store it, when valid. */
  parsed: FieldDefinition[] | null;
}

/** Checks the draft as the server will: `fieldListSchema` for the form, plus what the editor itself needs. */
export function checkDraft(draft: Draft): DraftProblems {
  const problems: DraftProblems = { fields: {}, top: {}, count: 0, parsed: null };
  const addField = (index: number, path: string, message: string) => {
    problems.fields[index] ??= {};
    const slot = problems.fields[index];
    if (!slot[path]) {
      slot[path] = message;
      problems.count++;
    }
  };
  const addTop = (path: string, message: string) => {
    if (!problems.top[path]) {
      problems.top[path] = message;
      problems.count++;
    }
  };
  const list = fieldList(draft);
  const result = fieldListSchema.safeParse(list);
  if (result.success) problems.parsed = result.data;
  else {
    for (const issue of result.error.issues) {
      const [index, ...rest] = issue.path;
      if (typeof index === 'number') addField(index, rest.join('.') || 'field', issue.message);
      else addTop('fields', issue.message);
    }
  }
  list.forEach((field, index) => {
    for (const rule of ['pattern', 'itemPattern'] as const) {
      const pattern = field.rules?.[rule];
      if (pattern && !pattern.regex) addField(index, `rules.${rule}.regex`, 'enter a regular expression');
      if (pattern && !pattern.message.trim())
        addField(index, `rules.${rule}.message`, 'say what a valid value looks like');
    }
    if (field.rules?.differsFrom && field.rules.differsFrom === field.key)
      addField(index, 'rules.differsFrom', 'a field cannot differ from itself');
  });
  if (!draft.name.trim()) addTop('name', 'a request type needs a name');
  const fulfilment = draft.fulfilment;
  if (fulfilment) {
    if (!fulfilment.resultTemplate.trim())
      addTop('fulfilment.resultTemplate', 'say what the requester is told');
    const environmentFields = list.filter((field) => field.type === 'environment').map((field) => field.key);
    if (fulfilment.executor === 'provider' && !environmentFields.includes(fulfilment.environmentField))
      addTop('fulfilment.environmentField', 'choose a field of type environment');
    if (fulfilment.executor === 'external' && !fulfilment.connection.trim())
      addTop('fulfilment.connection', 'choose a connection');
    const keys = new Set(list.map((field) => field.key));
    for (const [name, source] of Object.entries(fulfilment.params ?? {}))
      if ('field' in source && !keys.has(source.field))
        addTop(`fulfilment.params.${name}`, `refers to no field ${source.field}`);
  }
  return problems;
}

/** The problems of a 400 by path (`body.fields.0.key` → `fields.0.key`); `key: message` texts too. */
export function serverProblems(details: unknown, message: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (Array.isArray(details)) {
    for (const problem of details as { field?: unknown; message?: unknown }[]) {
      if (!problem || typeof problem.field !== 'string' || typeof problem.message !== 'string') continue;
      out[problem.field.replace(/^body\./, '')] ??= problem.message;
    }
  }
  if (Object.keys(out).length === 0) {
    const match = /^([a-zA-Z][\w.]*): (.+)$/.exec(message);
    if (match) out[match[1]!] = match[2]!;
  }
  return out;
}

/** The server problems of one field, by path inside the field. */
export function fieldServerErrors(errors: Record<string, string>, index: number): Record<string, string> {
  const prefix = `fields.${index}.`;
  const out: Record<string, string> = {};
  for (const [path, message] of Object.entries(errors)) {
    if (path === `fields.${index}`) out.field = message;
    else if (path.startsWith(prefix)) out[path.slice(prefix.length)] = message;
  }
  return out;
}
