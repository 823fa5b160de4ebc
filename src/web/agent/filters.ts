// The agent queue's state lives in the URL: filters (status, team, request type, requester, words,
// SLA at risk / breached), the view (table or board) and the sort. These pure functions map the
// query string to that state and back, to the GET /api/v1/tickets query, and sort the loaded rows.

import type { z } from 'zod';
import type { Wire } from '../../shared/api/common';
import type { ticketKinds, ticketPageOut, ticketSearchQuery } from '../../shared/api/tickets';
import { compareUrgency, slaUrgency } from '../components/sla';
import type { Query } from '../lib/api';
import { statuses } from '../lib/format';

/** The query of GET /api/v1/tickets, as the browser sends it. */
type TicketSearchIn = z.input<typeof ticketSearchQuery>;

export const openStatuses: string[] = statuses.filter((s) => s !== 'closed' && s !== 'cancelled');

export interface QueueFilters {
  /** 'open' (default), 'all', or comma-separated status keys. */
  status: string;
  team: string;
  requestType: string;
  requester: string;
  /** "me", "none" (unassigned), an email, or '' for anyone. */
  assignee: string;
  q: string;
  /** Only tickets with an SLA clock at risk (past its warning, not breached yet) or breached (server side). */
  sla: SlaFilter;
  /** Only tickets of one kind ('' any): a saved query of incidents or changes, as a table or a board. */
  kind: KindFilter;
  /** Only requests naming this staging environment in their form ('' any; from an environment's page). */
  environment: string;
}

export type KindFilter = '' | (typeof ticketKinds)[number];
// Spelled out (type-checked against the contract's list) so the production bundle needs no zod.
const kinds: readonly string[] = [
  'request',
  'incident',
  'problem',
  'change',
] satisfies (typeof ticketKinds)[number][];
const parseKind = (raw: string | null): KindFilter => (kinds.includes(raw ?? '') ? (raw as KindFilter) : '');

export type SlaFilter = '' | NonNullable<TicketSearchIn['sla']>;

/** The sla= URL value; "risk" was the browser-side filter's value in older links. */
export function parseSlaFilter(raw: string | null): SlaFilter {
  if (raw === 'at_risk' || raw === 'breached') return raw;
  return raw === 'risk' ? 'at_risk' : '';
}

export type View = 'table' | 'board';
export const sortKeys = [
  'key',
  'requestType',
  'status',
  'requester',
  'assignee',
  'team',
  'created',
  'updated',
  'sla',
] as const;
export type SortKey = (typeof sortKeys)[number];
export type SortDir = NonNullable<TicketSearchIn['dir']>;

export interface QueueState {
  filters: QueueFilters;
  view: View;
  sort: SortKey;
  dir: SortDir;
}

export const defaultFilters: QueueFilters = {
  status: 'open',
  team: '',
  requestType: '',
  requester: '',
  assignee: '',
  q: '',
  sla: '',
  kind: '',
  environment: '',
};
export const defaultState: QueueState = {
  filters: defaultFilters,
  view: 'table',
  sort: 'updated',
  dir: 'desc',
};

function normaliseStatus(raw: string | null): string {
  if (!raw) return 'open';
  if (raw === 'open' || raw === 'all') return raw;
  const known = raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => (statuses as readonly string[]).includes(s));
  if (!known.length) return 'open';
  // Keep the workflow's order so equal sets give equal URLs.
  return statuses.filter((s) => known.includes(s)).join(',');
}

export function parseQueueParams(params: URLSearchParams): QueueState {
  const sort = params.get('sort');
  const dir = params.get('dir');
  return {
    filters: {
      status: normaliseStatus(params.get('status')),
      team: params.get('team')?.trim() ?? '',
      requestType: params.get('requestType')?.trim() ?? '',
      requester: params.get('requester')?.trim() ?? '',
      assignee: params.get('assignee')?.trim() ?? '',
      q: params.get('q') ?? '',
      sla: parseSlaFilter(params.get('sla')),
      kind: parseKind(params.get('kind')),
      environment: params.get('environment')?.trim() ?? '',
    },
    view: params.get('view') === 'board' ? 'board' : 'table',
    sort: (sortKeys as readonly string[]).includes(sort ?? '') ? (sort as SortKey) : defaultState.sort,
    dir: dir === 'asc' || dir === 'desc' ? dir : defaultState.dir,
  };
}

/** The query string for a state; defaults are left out so URLs stay short. */
export function toQueueParams(state: QueueState): URLSearchParams {
  const params = new URLSearchParams();
  const f = state.filters;
  if (f.status !== 'open') params.set('status', f.status);
  if (f.team) params.set('team', f.team);
  if (f.requestType) params.set('requestType', f.requestType);
  if (f.requester) params.set('requester', f.requester);
  if (f.assignee) params.set('assignee', f.assignee);
  if (f.q) params.set('q', f.q);
  if (f.sla) params.set('sla', f.sla);
  if (f.kind) params.set('kind', f.kind);
  if (f.environment) params.set('environment', f.environment);
  if (state.view !== 'table') params.set('view', state.view);
  if (state.sort !== defaultState.sort) params.set('sort', state.sort);
  if (state.dir !== defaultState.dir) params.set('dir', state.dir);
  return params;
}

/** The statuses a filter asks for (undefined: any). */
export function statusList(status: string): string[] | undefined {
  if (status === 'all') return undefined;
  if (status === 'open') return openStatuses;
  return status.split(',').filter(Boolean);
}

/** GET /api/v1/tickets query for the filters. */
export function ticketsQuery(filters: QueueFilters, limit = 50): Query {
  return {
    status: statusList(filters.status)?.join(','),
    team: filters.team || undefined,
    requestType: filters.requestType || undefined,
    requester: filters.requester || undefined,
    assignee: filters.assignee || undefined,
    q: filters.q.trim() || undefined,
    sla: filters.sla || undefined,
    kind: filters.kind || undefined,
    environment: filters.environment || undefined,
    limit,
  };
}

/**
 * The orders the API sorts by (over every page, with cursors of their own); the others (status,
 * requester, SLA …) sort the loaded rows.
 */
export function serverSort(
  sort: SortKey,
  dir: SortDir,
): { sort?: 'created' | 'updated' | 'key'; dir?: SortDir } {
  return sort === 'created' || sort === 'updated' || sort === 'key' ? { sort, dir } : {};
}

export const sameFilters = (a: QueueFilters, b: QueueFilters) =>
  a.status === b.status &&
  a.team === b.team &&
  a.requestType === b.requestType &&
  a.requester === b.requester &&
  a.assignee === b.assignee &&
  a.q.trim() === b.q.trim() &&
  a.sla === b.sla &&
  a.kind === b.kind &&
  a.environment === b.environment;

export interface Queue {
  id: string;
  label: string;
  filters: QueueFilters;
  /** A saved search's id (user-saved queues can be deleted). */
  savedId?: string;
}

export function predefinedQueues(teams: { key: string; name: string }[]): Queue[] {
  const q = (id: string, label: string, filters: Partial<QueueFilters>): Queue => ({
    id,
    label,
    filters: { ...defaultFilters, ...filters },
  });
  return [
    q('mine', 'Assigned to me', { assignee: 'me' }),
    q('unassigned', 'Unassigned', { assignee: 'none' }),
    q('open', 'All open', {}),
    q('nfs', 'Need further support', { status: 'need_further_support' }),
    q('approval', 'Waiting for approval', { status: 'waiting_for_approval' }),
    q('progress', 'In progress', { status: 'in_progress' }),
    q('customer', 'Waiting for customer', { status: 'waiting_for_customer' }),
    q('sla', 'SLA at risk', { sla: 'at_risk' }),
    q('sla-breached', 'SLA breached', { sla: 'breached' }),
    ...teams.map((team) => q(`team-${team.key}`, `Team: ${team.name}`, { team: team.key })),
    q('all', 'All tickets', { status: 'all' }),
  ];
}

/** The query key of the caller's saved searches (their queues). */
export const savedSearchesKey = ['notifications', 'saved-searches'] as const;

/** A saved search (GET /api/v1/notifications/saved-searches) as a queue. */
export function savedSearchQueue(saved: { id: string; name: string; query: Record<string, string> }): Queue {
  const params = new URLSearchParams(saved.query);
  // A saved search without a status means every status.
  if (!saved.query.status) params.set('status', 'all');
  return {
    id: `saved-${saved.id}`,
    label: saved.name,
    filters: parseQueueParams(params).filters,
    savedId: saved.id,
  };
}

/** The saved-search body for the current filters (the ticket search's parameters, no limit). */
export function savedSearchQuery(filters: QueueFilters): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(ticketsQuery(filters))) {
    if (key === 'limit' || value === undefined || value === null || value === '') continue;
    out[key] = String(value);
  }
  return out;
}

type TicketRow = Wire<typeof ticketPageOut>['items'][number];
/** What the queue reads of a row of GET /api/v1/tickets (its SLA: the most pressing clock, or null). */
export type QueueRow = Pick<
  TicketRow,
  'key' | 'title' | 'requestType' | 'status' | 'team' | 'createdAt' | 'updatedAt' | 'sla'
> & {
  requester: Pick<TicketRow['requester'], 'displayName' | 'email'>;
  assignee?: Pick<NonNullable<TicketRow['assignee']>, 'displayName' | 'email'> | null;
  outcome?: TicketRow['outcome'];
};

const keyNumber = (key: string) => Number(/-(\d+)$/.exec(key)?.[1] ?? 0);

/**
 * Sorts the loaded rows (for the orders the API cannot sort by; see serverSort). By SLA: most
 * urgent first when ascending (breached, at risk, on track, paused, not started, met; then by breach
 * time at `now`); rows without an SLA come last whatever the direction.
 */
export function sortRows<T extends QueueRow>(rows: T[], sort: SortKey, dir: SortDir, now = Date.now()): T[] {
  const sign = dir === 'asc' ? 1 : -1;
  const text = (a: string, b: string) => a.localeCompare(b, 'en', { sensitivity: 'base' });
  const compare = (a: T, b: T): number | null => {
    switch (sort) {
      case 'key':
        return keyNumber(a.key) - keyNumber(b.key);
      case 'requestType':
        return text(a.requestType ?? '', b.requestType ?? '');
      case 'status':
        return (
          (statuses as readonly string[]).indexOf(a.status) -
          (statuses as readonly string[]).indexOf(b.status)
        );
      case 'requester':
        return text(a.requester.displayName, b.requester.displayName);
      case 'assignee':
        return text(a.assignee?.displayName ?? '', b.assignee?.displayName ?? '');
      case 'team':
        return text(a.team?.name ?? '', b.team?.name ?? '');
      case 'created':
        return Date.parse(a.createdAt) - Date.parse(b.createdAt);
      case 'updated':
        return Date.parse(a.updatedAt) - Date.parse(b.updatedAt);
      case 'sla':
        return null;
    }
  };
  const indexed = rows.map((row, index) => ({
    row,
    index,
    urgency: sort === 'sla' ? slaUrgency(row.sla, now) : null,
  }));
  indexed.sort((x, y) => {
    if (sort === 'sla') {
      if (!x.urgency || !y.urgency) return compareUrgency(x.urgency, y.urgency) || x.index - y.index;
      return sign * compareUrgency(x.urgency, y.urgency) || x.index - y.index;
    }
    return sign * (compare(x.row, y.row) ?? 0) || x.index - y.index;
  });
  return indexed.map((entry) => entry.row);
}

/** Board columns: the statuses of the filter, in workflow order. */
export const boardColumns = (filters: QueueFilters): string[] => statusList(filters.status) ?? [...statuses];
