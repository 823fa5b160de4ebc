import { describe, expect, it } from 'vitest';
import { actorName, describeStatusChange, mergeTimeline } from './timeline';
import type { HistoryEntry, TicketComment } from './types';

const user = { kind: 'user', id: 'u1', name: 'Dewi Developer' };
const automation = { kind: 'automation', id: null, name: 'automation:sandbox' };

const history: HistoryEntry[] = [
  {
    at: '2026-01-01T10:00:00.000Z',
    actor: user,
    transition: 'create',
    from: null,
    to: 'waiting_for_verification',
  },
  {
    at: '2026-01-01T10:05:00.000Z',
    actor: automation,
    transition: 'fulfilment_failed',
    from: 'in_progress',
    to: 'need_further_support',
  },
];
const comments: TicketComment[] = [
  {
    id: 'c2',
    at: '2026-01-01T10:05:00.000Z',
    author: automation,
    body: 'failed',
    internal: false,
    kind: 'fulfilment',
  },
  { id: 'c1', at: '2026-01-01T10:01:00.000Z', author: user, body: 'hello', internal: true, kind: 'comment' },
];

describe('mergeTimeline', () => {
  it('merges history and comments oldest first, the explaining comment before its status change', () => {
    const items = mergeTimeline({ history, comments });
    expect(items.map((i) => (i.type === 'status' ? `status:${i.to}` : `comment:${i.id}`))).toEqual([
      'status:waiting_for_verification',
      'comment:c1',
      'comment:c2',
      'status:need_further_support',
    ]);
  });

  it('keeps the internal flag and readable actor names', () => {
    const items = mergeTimeline({ history, comments });
    const internal = items.find((i) => i.type === 'comment' && i.id === 'c1');
    expect(internal).toMatchObject({ internal: true, actor: 'Dewi Developer' });
    expect(items.at(-1)).toMatchObject({ actor: 'Automation (sandbox)', actorKind: 'automation' });
  });

  it('handles an empty ticket', () => {
    expect(mergeTimeline({ history: [], comments: [] })).toEqual([]);
  });
});

describe('words', () => {
  it('names system actors', () => {
    expect(actorName({ kind: 'system', name: 'system:approvals' })).toBe('Opsdesk (approvals)');
    expect(actorName({ kind: 'user', name: 'Lena Lead' })).toBe('Lena Lead');
  });
  it('describes status changes', () => {
    expect(describeStatusChange({ from: null, to: 'waiting_for_verification', transition: 'create' })).toBe(
      'created the ticket (Waiting for verification)',
    );
    expect(describeStatusChange({ from: 'in_progress', to: 'need_further_support', transition: 'x' })).toBe(
      'moved it from In progress to Need further support',
    );
  });
});
