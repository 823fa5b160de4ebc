// The CMDB pages' pure parts: types from the API contract, the impact graph's layout (columns by
// depth, each CI drawn once, edges along the paths the server returned), how attribute values and
// history entries read.

import type {
  ciClassOut,
  ciDetailOut,
  ciOut,
  historyOut,
  impactOut,
  serviceSummaryOut,
} from '../../shared/api/cmdb';
import type { Wire } from '../../shared/api/common';
import type { FieldDefinition } from '../../shared/fields';

export type Ci = Wire<typeof ciOut>;
export type CiDetail = Wire<typeof ciDetailOut>;
export type CiClass = Wire<typeof ciClassOut>;
export type ImpactEntry = Wire<typeof impactOut>[number];
export type HistoryEntry = Wire<typeof historyOut>[number];
export type ServiceSummary = Wire<typeof serviceSummaryOut>;

/** The lifecycle statuses (the contract's `ciStatuses`; not imported, so no zod ships). */
export const ciStatuses = ['planned', 'active', 'maintenance', 'retired'] as const;
export const relationTypes = ['depends_on', 'runs_on', 'part_of', 'connects_to', 'located_at'] as const;

export const ciStatusColors: Record<string, string> = {
  planned: 'gray',
  active: 'green',
  maintenance: 'yellow',
  retired: 'dark',
};

export const serviceStatusLabels: Record<string, string> = {
  operational: 'Operational',
  degraded_performance: 'Degraded performance',
  partial_outage: 'Partial outage',
  major_outage: 'Major outage',
  under_maintenance: 'Under maintenance',
};
export const serviceStatusColors: Record<string, string> = {
  operational: 'green',
  degraded_performance: 'yellow',
  partial_outage: 'orange',
  major_outage: 'red',
  under_maintenance: 'blue',
};

export const relationLabels: Record<string, { outgoing: string; incoming: string }> = {
  depends_on: { outgoing: 'depends on', incoming: 'is depended on by' },
  runs_on: { outgoing: 'runs on', incoming: 'runs' },
  part_of: { outgoing: 'is part of', incoming: 'contains' },
  connects_to: { outgoing: 'connects to', incoming: 'is connected from' },
  located_at: { outgoing: 'is located at', incoming: 'is the site of' },
};

/** The URL of a CI's page. */
export const ciPath = (id: string) => `/cmdb/cis/${id}`;

/** An attribute's value as a person reads it. */
export function formatAttribute(value: unknown, field?: FieldDefinition): string {
  if (value === undefined || value === null || value === '') return '—';
  if (Array.isArray(value)) return value.length ? value.map(String).join(', ') : '—';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (field?.options && typeof value === 'string')
    return field.options.find((option) => option.value === value)?.label ?? value;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** The attributes to show: the class's own in its order, then any others the CI carries. */
export function attributeRows(
  attributes: Record<string, unknown>,
  fields: FieldDefinition[],
): { key: string; label: string; value: string }[] {
  const rows = fields
    .filter((field) => attributes[field.key] !== undefined)
    .map((field) => ({
      key: field.key,
      label: field.label,
      value: formatAttribute(attributes[field.key], field),
    }));
  const known = new Set(fields.map((field) => field.key));
  for (const [key, value] of Object.entries(attributes))
    if (!known.has(key)) rows.push({ key, label: key, value: formatAttribute(value) });
  return rows;
}

const changeLabels: Record<string, string> = {
  created: 'Created',
  updated: 'Changed',
  retired: 'Retired',
  relation_added: 'Relation added',
  relation_removed: 'Relation removed',
};

/** What a history entry changed, field by field: "status: active → maintenance". */
export function describeHistory(entry: HistoryEntry): { title: string; lines: string[] } {
  const title = changeLabels[entry.change] ?? entry.change;
  const before = (entry.before ?? {}) as Record<string, unknown>;
  const after = (entry.after ?? {}) as Record<string, unknown>;
  if (entry.change === 'relation_added' || entry.change === 'relation_removed') {
    const relation = (entry.change === 'relation_added' ? after : before) as {
      type?: string;
      source?: string;
      target?: string;
    };
    return { title, lines: [relationText(relation)] };
  }
  if (entry.change === 'created') return { title, lines: [] };
  const lines: string[] = [];
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  for (const key of keys) {
    const from = before[key];
    const to = after[key];
    if (JSON.stringify(from) === JSON.stringify(to)) continue;
    if (key === 'attributes' && isRecord(from) && isRecord(to)) {
      for (const name of new Set([...Object.keys(from), ...Object.keys(to)])) {
        if (JSON.stringify(from[name]) !== JSON.stringify(to[name]))
          lines.push(`${name}: ${formatAttribute(from[name])} → ${formatAttribute(to[name])}`);
      }
      continue;
    }
    lines.push(`${key}: ${formatAttribute(from)} → ${formatAttribute(to)}`);
  }
  return { title, lines };
}

function relationText(relation: { type?: string; source?: string; target?: string; [k: string]: unknown }) {
  const name = (side: unknown) =>
    isRecord(side) ? String(side.name ?? side.id ?? '?') : typeof side === 'string' ? side : '?';
  const record = relation as Record<string, unknown>;
  const type = relation.type ? (relationLabels[relation.type]?.outgoing ?? relation.type) : 'related to';
  return `${name(record.source ?? record.sourceName)} ${type} ${name(record.target ?? record.targetName)}`;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

// --- the impact graph -------------------------------------------------------------------------

export interface GraphNode {
  id: string;
  name: string;
  class: string;
  depth: number;
  x: number;
  y: number;
}
export interface GraphEdge {
  from: string;
  to: string;
}
export interface GraphLayout {
  nodes: GraphNode[];
  edges: GraphEdge[];
  width: number;
  height: number;
  /** CIs left out of the drawing (the list shows them all). */
  hidden: number;
}

export const graphBox = { width: 176, height: 44, columnGap: 56, rowGap: 14, margin: 8 };

/**
 * Columns by depth (the queried CI at 0), rows in the server's order (services first); each CI
 * once; an edge from the previous CI of its path. At most `maxPerColumn` CIs a column are drawn.
 */
export function layoutImpact(
  root: { id: string; name: string; class: string },
  entries: ImpactEntry[],
  maxPerColumn = 12,
): GraphLayout {
  const columns: GraphNode[][] = [[{ ...root, depth: 0, x: 0, y: 0 }]];
  const drawn = new Set([root.id]);
  const edges: GraphEdge[] = [];
  let hidden = 0;
  for (const entry of entries) {
    if (drawn.has(entry.ci.id)) continue;
    columns[entry.depth] ??= [];
    const column = columns[entry.depth]!;
    const parent = entry.path.at(-2);
    if (column.length >= maxPerColumn || !parent || !drawn.has(parent)) {
      hidden++;
      continue;
    }
    column.push({ ...entry.ci, depth: entry.depth, x: 0, y: 0 });
    drawn.add(entry.ci.id);
    edges.push({ from: parent, to: entry.ci.id });
  }
  const { width: w, height: h, columnGap, rowGap, margin } = graphBox;
  const filled = columns.filter((column) => column?.length);
  const tallest = Math.max(...filled.map((column) => column.length));
  const height = margin * 2 + tallest * h + (tallest - 1) * rowGap;
  const nodes: GraphNode[] = [];
  filled.forEach((column, index) => {
    const top = (height - (column.length * h + (column.length - 1) * rowGap)) / 2;
    column.forEach((node, row) => {
      nodes.push({ ...node, x: margin + index * (w + columnGap), y: top + row * (h + rowGap) });
    });
  });
  const width = margin * 2 + filled.length * w + (filled.length - 1) * columnGap;
  return { nodes, edges, width, height, hidden };
}

/** The names along an entry's path: "rtr-jkt-01 → VPN → Finance app". */
export function pathText(entry: ImpactEntry, names: Map<string, string>): string {
  return entry.path.map((id) => names.get(id) ?? id.slice(0, 8)).join(' → ');
}
