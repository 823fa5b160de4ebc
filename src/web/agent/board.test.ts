import { describe, expect, it } from 'vitest';
import type { BoardRow } from './board';
import { columnsOf, decideDrop, lanesOf } from './board';

const row = (key: string, status: string, priority: string, assignee: string | null) =>
  ({
    key,
    status,
    priority,
    assignee: assignee ? { id: assignee, displayName: assignee.toUpperCase(), email: `${assignee}@x` } : null,
  }) as unknown as BoardRow;

const rows = [
  row('A', 'in_progress', 'low', 'bo'),
  row('B', 'ack', 'critical', null),
  row('C', 'in_progress', 'high', 'al'),
];

describe('board', () => {
  it('groups swimlanes by priority in urgency order and by assignee with nobody last', () => {
    expect(lanesOf(rows, 'priority').map((l) => l.key)).toEqual(['critical', 'high', 'low']);
    expect(lanesOf(rows, 'assignee').map((l) => l.label)).toEqual(['AL', 'BO', 'Unassigned']);
    expect(lanesOf(rows, 'none')[0]!.rows).toHaveLength(3);
  });

  it('adds the statuses of other workflows as columns', () => {
    expect(columnsOf(['in_progress', 'closed'], rows)).toEqual(['in_progress', 'closed', 'ack']);
  });

  it('fires the transition leading to the column, or says why not', () => {
    const options = [
      {
        name: 'resolve',
        label: 'Resolve by hand',
        requiresComment: false,
        to: 'waiting_for_customer',
        guards: [],
      },
      { name: 'cancel', label: 'Cancel', requiresComment: false, to: 'cancelled', guards: [] },
    ];
    expect(decideDrop('REQ-1', 'need_further_support', 'waiting_for_customer', options)).toMatchObject({
      ok: true,
      transition: { name: 'resolve' },
    });
    expect(decideDrop('REQ-1', 'need_further_support', 'need_further_support', options)).toEqual({
      ok: 'same',
    });
    const refused = decideDrop('REQ-1', 'need_further_support', 'waiting_for_approval', options);
    expect(refused.ok).toBe(false);
    expect(refused.ok === false && refused.reason).toBe(
      'REQ-1 cannot move from Need further support to Waiting for approval: no transition you may fire leads there. Possible: Resolve by hand → Waiting for customer; Cancel → Cancelled.',
    );
  });
});
