import { describe, expect, it } from 'vitest';
import {
  defaultState,
  openStatuses,
  parseQueueParams,
  predefinedQueues,
  type QueueRow,
  sameFilters,
  savedSearchQuery,
  savedSearchQueue,
  serverSort,
  sortRows,
  ticketsQuery,
  toQueueParams,
} from './filters';

const parse = (query: string) => parseQueueParams(new URLSearchParams(query));

describe('queue URL ↔ state', () => {
  it('defaults to all open tickets in a table sorted by last update', () => {
    expect(parse('')).toEqual(defaultState);
    expect(toQueueParams(defaultState).toString()).toBe('');
  });

  it('round-trips every filter, the view and the sort', () => {
    const query =
      'status=need_further_support&team=infrastructure&requestType=recreate-staging&assignee=me&q=promo&sla=breached&kind=change&environment=bugfix1x2&view=board&sort=sla&dir=asc';
    const state = parse(query);
    expect(state.filters).toEqual({
      status: 'need_further_support',
      team: 'infrastructure',
      requestType: 'recreate-staging',
      requester: '',
      assignee: 'me',
      q: 'promo',
      sla: 'breached',
      kind: 'change',
      environment: 'bugfix1x2',
    });
    expect(state.view).toBe('board');
    expect(parse(toQueueParams(state).toString())).toEqual(state);
  });

  it('drops unknown statuses, sorts and views, and orders status lists by the workflow', () => {
    expect(parse('status=bogus').filters.status).toBe('open');
    expect(parse('status=closed,bogus,in_progress').filters.status).toBe('in_progress,closed');
    expect(parse('sort=nope&dir=sideways&view=grid')).toMatchObject({
      sort: 'updated',
      dir: 'desc',
      view: 'table',
    });
    expect(parse('sla=yes').filters.sla).toBe('');
    // Links from before the server-side filter.
    expect(parse('sla=risk').filters.sla).toBe('at_risk');
  });
});

describe('API query', () => {
  it('maps open/all/lists to the comma-separated status parameter and leaves out empty filters', () => {
    expect(ticketsQuery(parse('').filters, 25)).toEqual({
      status: openStatuses.join(','),
      team: undefined,
      requestType: undefined,
      requester: undefined,
      q: undefined,
      limit: 25,
    });
    expect(ticketsQuery(parse('status=all').filters).status).toBeUndefined();
    expect(ticketsQuery(parse('status=closed,cancelled&q=%20x%20').filters)).toMatchObject({
      status: 'closed,cancelled',
      q: 'x',
    });
  });

  it('saves the search parameters, the SLA filter included (no limit)', () => {
    expect(savedSearchQuery(parse('status=in_progress&team=infra&sla=at_risk').filters)).toEqual({
      status: 'in_progress',
      team: 'infra',
      sla: 'at_risk',
    });
  });

  it('asks the server for the SLA filter', () => {
    expect(ticketsQuery(parse('sla=at_risk').filters).sla).toBe('at_risk');
    expect(ticketsQuery(parse('sla=breached').filters).sla).toBe('breached');
    expect(ticketsQuery(parse('').filters).sla).toBeUndefined();
  });
});

describe('queues', () => {
  it('has the predefined queues, one per team, and recognises the active one', () => {
    const queues = predefinedQueues([{ key: 'infra', name: 'Infrastructure' }]);
    expect(queues.map((q) => q.label)).toEqual([
      'Assigned to me',
      'Unassigned',
      'All open',
      'Need further support',
      'Waiting for approval',
      'In progress',
      'Waiting for customer',
      'SLA at risk',
      'SLA breached',
      'Team: Infrastructure',
      'All tickets',
    ]);
    const active = queues.find((q) => sameFilters(q.filters, parse('team=infra').filters));
    expect(active?.id).toBe('team-infra');
    expect(queues.find((q) => sameFilters(q.filters, parse('assignee=me').filters))?.id).toBe('mine');
    expect(queues.find((q) => sameFilters(q.filters, parse('assignee=none').filters))?.id).toBe('unassigned');
    expect(queues.find((q) => sameFilters(q.filters, parse('sla=at_risk').filters))?.id).toBe('sla');
    expect(queues.find((q) => sameFilters(q.filters, parse('sla=breached').filters))?.id).toBe(
      'sla-breached',
    );
  });

  it('turns a saved search into a queue (no status saved = every status)', () => {
    const queue = savedSearchQueue({ id: 'a1', name: 'Mine', query: { team: 'infra' } });
    expect(queue).toMatchObject({ id: 'saved-a1', label: 'Mine', savedId: 'a1' });
    expect(queue.filters).toMatchObject({ status: 'all', team: 'infra' });
    expect(
      savedSearchQueue({ id: 'b', name: 'NFS', query: { status: 'need_further_support' } }).filters.status,
    ).toBe('need_further_support');
  });

  it('a saved query of incidents shows only incidents, as a table or a board (kind is kept)', () => {
    const queue = savedSearchQueue({
      id: 'i',
      name: 'Major incidents',
      query: { kind: 'incident', priority: 'critical' },
    });
    expect(queue.filters.kind).toBe('incident');
    expect(ticketsQuery(queue.filters)).toMatchObject({ kind: 'incident' });
    expect(savedSearchQuery(queue.filters)).toMatchObject({ kind: 'incident' });
    const board = toQueueParams({ ...defaultState, view: 'board', filters: queue.filters });
    expect(parseQueueParams(board).filters.kind).toBe('incident');
    expect(parse('kind=nonsense').filters.kind).toBe('');
    expect(sameFilters(queue.filters, { ...queue.filters, kind: 'change' })).toBe(false);
  });
});

describe('sortRows', () => {
  const row = (key: string, over: Partial<QueueRow> = {}): QueueRow => ({
    key,
    title: key,
    requestType: 'b',
    status: 'in_progress',
    requester: { displayName: 'Bo', email: 'bo@x' },
    team: null,
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
    sla: null,
    ...over,
  });
  const rows = [
    row('REQ-2', {
      status: 'closed',
      requester: { displayName: 'carl', email: '' },
      updatedAt: '2026-01-03T00:00:00Z',
    }),
    row('REQ-10', { status: 'waiting_for_approval', requester: { displayName: 'Anna', email: '' } }),
    row('REQ-9', { status: 'need_further_support', updatedAt: '2026-01-02T00:00:00Z' }),
  ];
  const keys = (list: QueueRow[]) => list.map((r) => r.key);

  it('sorts keys numerically', () => {
    expect(keys(sortRows(rows, 'key', 'asc'))).toEqual(['REQ-2', 'REQ-9', 'REQ-10']);
    expect(keys(sortRows(rows, 'key', 'desc'))).toEqual(['REQ-10', 'REQ-9', 'REQ-2']);
  });

  it('sorts statuses in workflow order and names case-insensitively', () => {
    expect(keys(sortRows(rows, 'status', 'asc'))).toEqual(['REQ-10', 'REQ-9', 'REQ-2']);
    expect(keys(sortRows(rows, 'requester', 'asc'))).toEqual(['REQ-10', 'REQ-9', 'REQ-2']);
  });

  it('sorts by time and keeps the original order for ties', () => {
    expect(keys(sortRows(rows, 'updated', 'desc'))).toEqual(['REQ-2', 'REQ-9', 'REQ-10']);
    expect(keys(sortRows(rows, 'created', 'asc'))).toEqual(['REQ-2', 'REQ-10', 'REQ-9']);
  });

  it('sorts by SLA urgency with tickets without an SLA last in both directions', () => {
    const now = Date.parse('2026-01-05T10:00:00Z');
    const sla = (status: NonNullable<QueueRow['sla']>['status'], breachAt: string | null) => ({
      metric: 'time_to_resolution',
      status,
      goalSeconds: 3600,
      elapsedSeconds: status === 'breached' ? 4000 : 1800,
      computedAt: '2026-01-05T10:00:00Z',
      warnAt: null,
      breachAt,
    });
    const list = [
      row('REQ-1', { sla: sla('met', null) }),
      row('REQ-3'),
      row('REQ-4', { sla: sla('on_track', '2026-01-05T10:30:00Z') }),
      row('REQ-5', { sla: sla('breached', '2026-01-05T09:50:00Z') }),
      row('REQ-6', { sla: sla('at_risk', '2026-01-05T10:05:00Z') }),
      row('REQ-7', { sla: sla('on_track', '2026-01-05T10:20:00Z') }),
    ];
    expect(keys(sortRows(list, 'sla', 'asc', now))).toEqual([
      'REQ-5',
      'REQ-6',
      'REQ-7',
      'REQ-4',
      'REQ-1',
      'REQ-3',
    ]);
    expect(keys(sortRows(list, 'sla', 'desc', now))).toEqual([
      'REQ-1',
      'REQ-4',
      'REQ-7',
      'REQ-6',
      'REQ-5',
      'REQ-3',
    ]);
  });

  it('does not mutate its input', () => {
    const copy = [...rows];
    sortRows(rows, 'key', 'asc');
    expect(rows).toEqual(copy);
  });
});

describe('server-side sort', () => {
  it('asks the API to sort by creation, last change and key, and sorts the rest locally', () => {
    expect(serverSort('updated', 'desc')).toEqual({ sort: 'updated', dir: 'desc' });
    expect(serverSort('key', 'asc')).toEqual({ sort: 'key', dir: 'asc' });
    expect(serverSort('sla', 'asc')).toEqual({});
    expect(serverSort('requester', 'desc')).toEqual({});
  });
});
