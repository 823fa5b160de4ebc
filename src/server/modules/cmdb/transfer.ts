// Import and export formats, pure: CSV of one class (a column per attribute) and YAML of CIs with
// their relations. Parsing turns text into rows of CI input with the row (or item) each came
// from, and every problem of form (not of content) named by row and field.
import { parse as parseCsvText } from 'csv-parse/sync';
import { parse as parseYamlText, stringify as stringifyYaml } from 'yaml';
import type { FieldDefinition } from '../../../shared/fields.js';
import type { FieldProblem } from '../../lib/errors.js';

export interface ImportRow {
  /** Where it came from: "row 3" (CSV, 1 = the first data row) or "cis[2]" (YAML). */
  at: string;
  class: string;
  name: string;
  status?: string | undefined;
  team?: string | null | undefined;
  tags?: string[] | undefined;
  attributes?: Record<string, unknown> | undefined;
  externalIds?: { source: string; externalId: string }[] | undefined;
}
export interface ImportRelation {
  at: string;
  source: string;
  type: string;
  target: string;
}
export interface ParsedImport {
  rows: ImportRow[];
  relations: ImportRelation[];
  problems: FieldProblem[];
}

const fixed = ['name', 'status', 'team', 'tags', 'external_ids'];
const split = (text: string) =>
  text
    .split(';')
    .map((item) => item.trim())
    .filter(Boolean);
/** Our CSV export guards spreadsheets with a leading ' before =, +, - or @: undone here. */
const unguard = (text: string) => (/^'[=+\-@]/.test(text) ? text.slice(1) : text);

function typed(field: FieldDefinition, text: string): unknown {
  switch (field.type) {
    case 'number':
      return /^[-+]?\d+(\.\d+)?$/.test(text) ? Number(text) : text;
    case 'boolean':
      return /^(true|yes|1)$/i.test(text) ? true : /^(false|no|0)$/i.test(text) ? false : text;
    case 'list':
    case 'multiselect':
      return split(text);
    default:
      return text;
  }
}

function cellOf(field: FieldDefinition | undefined, value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.join(';');
  if (field?.type === 'boolean') return value ? 'true' : 'false';
  return String(value);
}

export function exportColumns(attributes: FieldDefinition[]): string[] {
  return [...fixed, ...attributes.map((field) => field.key)];
}

/** A CI as a CSV row of its class's columns. */
export function csvRow(
  ci: {
    name: string;
    status: string;
    team: string | null;
    tags: string[];
    attributes: Record<string, unknown>;
    externalIds: { source: string; externalId: string }[];
  },
  attributes: FieldDefinition[],
): Record<string, string> {
  const row: Record<string, string> = {
    name: ci.name,
    status: ci.status,
    team: ci.team ?? '',
    tags: ci.tags.join(';'),
    external_ids: ci.externalIds.map((entry) => `${entry.source}:${entry.externalId}`).join(';'),
  };
  for (const field of attributes) row[field.key] = cellOf(field, ci.attributes[field.key]);
  return row;
}

/** CSV of one class: a header line, then one CI a line. Unknown columns are problems. */
export function parseCsv(classKey: string, text: string, attributes: FieldDefinition[]): ParsedImport {
  const problems: FieldProblem[] = [];
  let records: Record<string, string>[];
  try {
    records = parseCsvText(text, { columns: true, skip_empty_lines: true, trim: true, bom: true });
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    return {
      rows: [],
      relations: [],
      problems: [{ field: line ? `line ${line}` : 'content', message: (error as Error).message }],
    };
  }
  const byKey = new Map(attributes.map((field) => [field.key, field]));
  const headers = records.length ? Object.keys(records[0]!) : [];
  for (const header of headers) {
    if (!fixed.includes(header) && !byKey.has(header))
      problems.push({ field: `column ${header}`, message: `${classKey} has no attribute ${header}.` });
  }
  if (records.length && !headers.includes('name'))
    problems.push({ field: 'column name', message: 'a name column is required.' });
  const rows: ImportRow[] = records.map((record, index) => {
    const at = `row ${index + 1}`;
    const attributesOf: Record<string, unknown> = {};
    for (const [key, raw] of Object.entries(record)) {
      const field = byKey.get(key);
      if (!field || fixed.includes(key)) continue;
      const text = unguard(raw);
      attributesOf[key] = text === '' ? null : typed(field, text);
    }
    const externalIds = record.external_ids
      ? split(record.external_ids).map((entry) => {
          const colon = entry.indexOf(':');
          if (colon <= 0)
            problems.push({ field: `${at}.external_ids`, message: `${entry}: write source:id.` });
          return { source: entry.slice(0, colon), externalId: entry.slice(colon + 1) };
        })
      : undefined;
    if (!record.name) problems.push({ field: `${at}.name`, message: 'a name is required.' });
    return {
      at,
      class: classKey,
      name: unguard(record.name ?? ''),
      status: record.status || undefined,
      team: 'team' in record ? record.team || null : undefined,
      tags: 'tags' in record ? split(record.tags ?? '') : undefined,
      attributes: attributesOf,
      externalIds,
    };
  });
  return { rows, relations: [], problems };
}

interface YamlDocument {
  cis?: unknown;
  relations?: unknown;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** YAML: `cis:` (class, name, status, team, tags, attributes, externalIds) and `relations:` (source, type, target as class/name). */
export function parseYaml(text: string): ParsedImport {
  const problems: FieldProblem[] = [];
  let document: YamlDocument;
  try {
    document = (parseYamlText(text) ?? {}) as YamlDocument;
  } catch (error) {
    return { rows: [], relations: [], problems: [{ field: 'content', message: (error as Error).message }] };
  }
  if (!isRecord(document))
    return {
      rows: [],
      relations: [],
      problems: [{ field: 'content', message: 'expected cis: and relations:' }],
    };
  const rows: ImportRow[] = [];
  const cis = document.cis ?? [];
  if (!Array.isArray(cis)) problems.push({ field: 'cis', message: 'must be a list.' });
  else
    cis.forEach((item, index) => {
      const at = `cis[${index}]`;
      if (!isRecord(item)) {
        problems.push({ field: at, message: 'must be a mapping.' });
        return;
      }
      for (const key of ['class', 'name'] as const)
        if (typeof item[key] !== 'string' || !item[key])
          problems.push({ field: `${at}.${key}`, message: 'required (text).' });
      if (item.attributes !== undefined && !isRecord(item.attributes))
        problems.push({ field: `${at}.attributes`, message: 'must be a mapping.' });
      if (item.tags !== undefined && !Array.isArray(item.tags))
        problems.push({ field: `${at}.tags`, message: 'must be a list.' });
      rows.push({
        at,
        class: String(item.class ?? ''),
        name: String(item.name ?? ''),
        status: typeof item.status === 'string' ? item.status : undefined,
        team: item.team === null ? null : typeof item.team === 'string' ? item.team : undefined,
        tags: Array.isArray(item.tags) ? item.tags.map(String) : undefined,
        attributes: isRecord(item.attributes) ? item.attributes : undefined,
        externalIds: Array.isArray(item.externalIds)
          ? item.externalIds.filter(isRecord).map((entry) => ({
              source: String(entry.source ?? ''),
              externalId: String(entry.externalId ?? ''),
            }))
          : undefined,
      });
    });
  const relations: ImportRelation[] = [];
  const list = document.relations ?? [];
  if (!Array.isArray(list)) problems.push({ field: 'relations', message: 'must be a list.' });
  else
    list.forEach((item, index) => {
      const at = `relations[${index}]`;
      if (!isRecord(item)) {
        problems.push({ field: at, message: 'must be a mapping.' });
        return;
      }
      for (const key of ['source', 'type', 'target'] as const)
        if (typeof item[key] !== 'string' || !item[key])
          problems.push({ field: `${at}.${key}`, message: 'required (text).' });
      relations.push({
        at,
        source: String(item.source ?? ''),
        type: String(item.type ?? ''),
        target: String(item.target ?? ''),
      });
    });
  return { rows, relations, problems };
}

export function toYaml(document: { cis: unknown[]; relations: unknown[] }): string {
  return stringifyYaml(document, { lineWidth: 0 });
}
