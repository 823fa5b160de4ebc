// The request form's logic, kept apart from React so it can be tested: form state ↔ the request
// payload, the browser-side check (the server's own `checkFieldRules`, fed with the inventory),
// environment choices, and merging the server's answer into per-field messages.
import type { Wire } from '../../shared/api/common';
import type { environmentOut } from '../../shared/api/inventory';
import {
  type DatabaseCheck,
  databaseCheckProblems,
  type InventoryEnvironment,
} from '../../shared/database-check';
import {
  checkFieldRules,
  type EnvironmentFacts,
  type FieldDefinition,
  type FieldProblem,
  type FieldValues,
  type RuleContext,
} from '../../shared/fields';
import type { Ticket } from '../ticket/types';

/** What the inputs hold: a list for multiselect fields, text otherwise (list fields: one item per line). */
export type FormValues = Record<string, string | string[]>;

type EnvironmentOut = Wire<typeof environmentOut>;
/** What the form reads of an environment (GET /api/v1/environments). */
export type Environment = Pick<EnvironmentOut, 'name' | 'requestOnly' | 'state'> &
  Partial<Pick<EnvironmentOut, 'region'>>;

const isMulti = (field: FieldDefinition) => field.type === 'multiselect';

/** A list field's text: items on their own lines or separated by commas. */
export const splitItems = (text: string) =>
  text
    .split(/[\n,]+/)
    .map((item) => item.trim())
    .filter(Boolean);

export function initialValues(fields: FieldDefinition[]): FormValues {
  const values: FormValues = {};
  for (const field of fields) values[field.key] = isMulti(field) ? [] : '';
  return values;
}

const numberText = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;

/**
 * The `fields` of POST /api/v1/requests: single-line text trimmed, numbers as numbers, list items
 * split (lines or commas), trimmed and blank ones dropped, empty values left out (the server treats absent as empty).
 * A number field that is not a number stays text, so the check reports it.
 */
export function toPayload(fields: FieldDefinition[], values: FormValues): FieldValues {
  const payload: FieldValues = {};
  for (const field of fields) {
    const raw = values[field.key];
    if (raw === undefined) continue;
    if (Array.isArray(raw)) {
      const items = raw.map((item) => item.trim()).filter(Boolean);
      if (items.length) payload[field.key] = items;
      continue;
    }
    if (field.type === 'list') {
      const items = splitItems(raw);
      if (items.length) payload[field.key] = items;
      continue;
    }
    if (field.type === 'boolean') {
      // A checkbox: ticked is "true"; unticked sends false only when the field is required.
      if (raw === 'true') payload[field.key] = true;
      else if (field.required) payload[field.key] = false;
      continue;
    }
    const text = field.type === 'longtext' ? raw : raw.trim();
    if (!text.trim()) continue;
    if (field.type === 'number') {
      payload[field.key] = numberText.test(text) ? Number(text) : text;
      continue;
    }
    payload[field.key] = text;
  }
  return payload;
}

export function todayUtc(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

export function ruleContext(environments: EnvironmentFacts[], now: Date = new Date()): RuleContext {
  const byName = new Map(environments.map((environment) => [environment.name, environment]));
  return { today: todayUtc(now), environment: (name) => byName.get(name) ?? null };
}

/** Without the inventory the browser cannot judge existence: those checks are left to the server. */
function withoutInventoryRules(fields: FieldDefinition[]): FieldDefinition[] {
  return fields.map((field) =>
    field.rules.environment ? { ...field, rules: { ...field.rules, environment: undefined } } : field,
  );
}

/**
 * Every problem of the form as the server would find it; `environments` undefined = inventory
 * unknown. A database copy (`databaseCheck`) is also checked against the databases the inventory lists.
 */
export function checkForm(
  fields: FieldDefinition[],
  values: FormValues,
  environments: (EnvironmentFacts & InventoryEnvironment)[] | undefined,
  now: Date = new Date(),
  databaseCheck?: DatabaseCheck | null,
): Record<string, string> {
  const payload = toPayload(fields, values);
  const problems: FieldProblem[] = [];
  for (const field of fields) {
    const value = payload[field.key];
    if (field.type === 'number' && typeof value === 'string') {
      problems.push({ field: field.key, message: `${field.label} must be a number.` });
    }
  }
  const checked = environments ? fields : withoutInventoryRules(fields);
  problems.push(...checkFieldRules(checked, payload, ruleContext(environments ?? [], now)));
  if (databaseCheck && environments) {
    const reported = new Set(problems.map((problem) => problem.field));
    problems.push(
      ...databaseCheckProblems(databaseCheck, payload, environments).filter(
        (problem) => !reported.has(problem.field),
      ),
    );
  }
  return problemsByField(problems);
}

/** One message per field (several problems of a field are joined). */
export function problemsByField(problems: FieldProblem[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { field, message } of problems) {
    const key = field.replace(/^(body\.)?(fields\.)?/, '');
    out[key] = out[key] ? `${out[key]} ${message}` : message;
  }
  return out;
}

/**
 * The message shown under each field: the server's answer wins where it has one; the browser's own
 * check shows for fields the person has left (or after an attempt to submit).
 */
export function visibleErrors(
  browser: Record<string, string>,
  server: Record<string, string>,
  touched: Record<string, boolean>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, message] of Object.entries(browser)) if (touched[key]) out[key] = message;
  return { ...out, ...server };
}

export interface Choice {
  value: string;
  label: string;
}

/**
 * The environments an environment field offers: none for a new name (`mustNotExist`: free text),
 * only request-only ones when the rule asks for it, never terminated ones.
 */
export function environmentChoices(field: FieldDefinition, environments: Environment[]): Choice[] | null {
  const rule = field.rules.environment;
  if (rule?.mustNotExist) return null;
  return environments
    .filter((environment) => environment.state !== 'terminated')
    .filter((environment) => !rule?.requestOnly || environment.requestOnly)
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((environment) => ({
      value: environment.name,
      label: `${environment.name} (${environment.state}${environment.requestOnly ? ', request-only' : ''})`,
    }));
}

/** What is read of the answer to POST /api/v1/requests (the filed ticket). */
type FiledTicket = Pick<Ticket, 'key' | 'status'> & {
  comments?: Pick<Ticket['comments'][number], 'kind' | 'body' | 'data'>[];
};

/** Problems the server already found when the answer to the POST says the request was cancelled. */
export function cancelledProblems(
  ticket: FiledTicket,
): { messages: string[]; byField: Record<string, string> } | null {
  if (ticket.status !== 'cancelled') return null;
  const problems: FieldProblem[] = [];
  const bodies: string[] = [];
  for (const comment of ticket.comments ?? []) {
    const data = comment.data as { problems?: FieldProblem[] } | undefined;
    if (Array.isArray(data?.problems))
      problems.push(...data.problems.filter((p) => typeof p?.field === 'string'));
    else if (comment.kind === 'verification' && comment.body) bodies.push(comment.body);
  }
  return {
    messages: problems.length ? problems.map((p) => p.message) : bodies,
    byField: problemsByField(problems),
  };
}
