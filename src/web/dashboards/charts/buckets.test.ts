import { describe, expect, it } from 'vitest';
import { bucketLabel, bucketTitle, toBuckets } from './buckets';

const day = (d: string, created: number, resolved: number) => ({ day: d, created, resolved });

describe('toBuckets', () => {
  const days = [
    day('2026-11-14', 1, 0), // Saturday
    day('2026-11-15', 2, 1), // Sunday
    day('2026-11-16', 3, 2), // Monday
    day('2026-11-17', 0, 4),
  ];
  it('keeps days as they are', () => {
    expect(toBuckets(days, 'day')).toHaveLength(4);
  });
  it('groups weeks from Monday', () => {
    expect(toBuckets(days, 'week')).toEqual([
      { start: '2026-11-14', end: '2026-11-15', created: 3, resolved: 1 },
      { start: '2026-11-16', end: '2026-11-17', created: 3, resolved: 6 },
    ]);
  });
  it('groups months', () => {
    const buckets = toBuckets([day('2026-10-31', 1, 1), day('2026-11-01', 2, 0)], 'month');
    expect(buckets.map((b) => [b.start, b.created])).toEqual([
      ['2026-10-31', 1],
      ['2026-11-01', 2],
    ]);
  });
  it('labels buckets', () => {
    const [first] = toBuckets(days, 'week');
    expect(bucketLabel(first, 'week')).toBe('14 Nov');
    expect(bucketTitle(first, 'week')).toBe('Week of 14 Nov 2026');
    expect(bucketLabel(first, 'month')).toBe('Nov 2026');
  });
});
