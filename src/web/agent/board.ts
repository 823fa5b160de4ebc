// The board's pure side: swimlanes (by assignee or priority), work-in-progress limits kept in the
// browser, and what a drop onto a column means for a ticket (the transition it fires, or why not).
import { priorities } from '../../shared/api/tickets';
import { statusLabel } from '../lib/format';
import type { QueueRow } from './filters';

export type Lanes = 'none' | 'assignee' | 'priority';
export const parseLanes = (raw: string | null): Lanes =>
  raw === 'assignee' || raw === 'priority' ? raw : 'none';

/** A queue row as the board shows it (it knows the priority too). */
export type BoardRow = QueueRow & { priority: string };

export interface Lane {
  key: string;
  label: string;
  rows: BoardRow[];
}

const priorityWords: Record<string, string> = {
  critical: 'Critical',
  high: 'High',
  moderate: 'Moderate',
  low: 'Low',
  planning: 'Planning',
};

/** Rows grouped into lanes, in a stable order (priorities by urgency, people by name, nobody last). */
export function lanesOf(rows: BoardRow[], lanes: Lanes): Lane[] {
  if (lanes === 'none') return [{ key: 'all', label: 'All', rows }];
  const groups = new Map<string, Lane>();
  for (const row of rows) {
    const key = lanes === 'priority' ? row.priority : (row.assignee?.email ?? 'none');
    const label =
      lanes === 'priority'
        ? (priorityWords[row.priority] ?? row.priority)
        : (row.assignee?.displayName ?? 'Unassigned');
    const lane = groups.get(key) ?? { key, label, rows: [] };
    lane.rows.push(row);
    groups.set(key, lane);
  }
  const order = (lane: Lane) =>
    lanes === 'priority'
      ? (priorities as readonly string[]).indexOf(lane.key)
      : lane.key === 'none'
        ? Number.POSITIVE_INFINITY
        : 0;
  return [...groups.values()].sort((a, b) => order(a) - order(b) || a.label.localeCompare(b.label));
}

/** Board columns: the filter's statuses, then any other status a loaded ticket is in (other workflows). */
export function columnsOf(filterColumns: string[], rows: QueueRow[]): string[] {
  const extra = [...new Set(rows.map((row) => row.status))].filter((s) => !filterColumns.includes(s));
  return [...filterColumns, ...extra];
}

export interface MoveOption {
  name: string;
  label: string;
  requiresComment: boolean;
  to: string;
  guards: string[];
}

export type DropDecision =
  | { ok: true; transition: MoveOption }
  | { ok: false; reason: string }
  | { ok: 'same' };

/** What dropping `key` (in `from`) on the column `to` does, given the transitions the viewer may fire. */
export function decideDrop(key: string, from: string, to: string, options: MoveOption[]): DropDecision {
  if (from === to) return { ok: 'same' };
  const transition = options.find((option) => option.to === to);
  if (transition) return { ok: true, transition };
  const possible = [...new Map(options.map((o) => [o.to, o])).values()]
    .map((o) => `${o.label} → ${statusLabel(o.to)}`)
    .join('; ');
  return {
    ok: false,
    reason: `${key} cannot move from ${statusLabel(from)} to ${statusLabel(to)}: no transition you may fire leads there.${
      possible ? ` Possible: ${possible}.` : ' Nothing can be done with it from here.'
    }`,
  };
}

// Work-in-progress limits, per status, kept in this browser.
const wipStorageKey = 'opsdesk.board.wip';
export function loadWipLimits(): Record<string, number> {
  try {
    const raw = JSON.parse(localStorage.getItem(wipStorageKey) ?? '{}') as Record<string, unknown>;
    return Object.fromEntries(
      Object.entries(raw).filter(
        (entry): entry is [string, number] => typeof entry[1] === 'number' && entry[1] > 0,
      ),
    );
  } catch {
    return {};
  }
}
export function saveWipLimits(limits: Record<string, number>): void {
  try {
    localStorage.setItem(wipStorageKey, JSON.stringify(limits));
  } catch {
    // private mode: the limits last for this page only
  }
}
