import { describe, expect, it } from 'vitest';
import { rejectionOf } from './rejection';
import type { TicketComment } from './types';

const body = [
  'This request was cancelled because some of its fields are not valid:',
  '- Environment: no such environment',
  '- Start date must be today or later',
  '',
  'Please correct them and file the request again.',
].join('\n');

const comment = (over: Partial<TicketComment> = {}): TicketComment => ({
  id: 'c1',
  at: '2026-11-21T10:00:00Z',
  author: { kind: 'system', id: null, name: 'system:verification' },
  body,
  internal: false,
  kind: 'verification',
  data: {
    problems: [
      { field: 'environment', message: 'no such environment' },
      { field: 'startDate', message: 'Start date must be today or later' },
    ],
  },
  ...over,
});

describe('rejectionOf', () => {
  it('lists the problems with the fields labels', () => {
    const labels = new Map([
      ['environment', 'Environment'],
      ['startDate', 'Start date'],
    ]);
    expect(rejectionOf({ status: 'cancelled', comments: [comment()] }, labels)?.problems).toEqual([
      'Environment: no such environment',
      'Start date must be today or later',
    ]);
  });

  it('falls back on the comment lines without labels or data', () => {
    expect(rejectionOf({ status: 'cancelled', comments: [comment()] })?.problems).toEqual([
      'Environment: no such environment',
      'Start date must be today or later',
    ]);
    expect(rejectionOf({ status: 'cancelled', comments: [comment({ data: undefined })] })?.problems).toEqual([
      'Environment: no such environment',
      'Start date must be today or later',
    ]);
    expect(
      rejectionOf({ status: 'cancelled', comments: [comment({ data: undefined, body: 'Not valid.' })] }),
    ).toMatchObject({ problems: [], body: 'Not valid.' });
  });

  it('is null unless a cancelled ticket has a verification comment', () => {
    expect(rejectionOf({ status: 'in_progress', comments: [comment()] })).toBeNull();
    expect(rejectionOf({ status: 'cancelled', comments: [comment({ kind: 'comment' })] })).toBeNull();
    expect(rejectionOf({ status: 'cancelled', comments: [] })).toBeNull();
  });
});
