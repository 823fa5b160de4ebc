import { describe, expect, it } from 'vitest';
import { rangeQuery, reportRange } from './range.js';

const now = new Date('2023-10-25T12:00:00Z');
const range = (query: Record<string, string>) => reportRange(rangeQuery.parse(query), now);

describe('report ranges', () => {
  it('reads dates as whole local days, the end day included', () => {
    expect(range({ from: '2023-09-13', to: '2023-10-20', timeZone: 'Asia/Jakarta' })).toEqual({
      from: new Date('2023-09-12T17:00:00Z'),
      to: new Date('2023-10-20T17:00:00Z'),
      timeZone: 'Asia/Jakarta',
    });
  });

  it('takes instants as they are, the end excluded', () => {
    expect(range({ from: '2023-09-13T10:00:00+07:00', to: '2023-09-14T00:00:00Z' })).toMatchObject({
      from: new Date('2023-09-13T03:00:00Z'),
      to: new Date('2023-09-14T00:00:00Z'),
    });
  });

  it('defaults to the 30 days before now', () => {
    expect(range({})).toEqual({ from: new Date('2023-09-25T12:00:00Z'), to: now, timeZone: 'UTC' });
  });

  it('refuses a range that ends before it starts, and unknown zones', () => {
    expect(() => range({ from: '2023-10-02', to: '2023-10-01' })).toThrow('from: must be before to.');
    expect(rangeQuery.safeParse({ timeZone: 'Mars/Olympus' }).success).toBe(false);
  });
});
