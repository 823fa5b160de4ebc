import { describe, expect, it } from 'vitest';
import { monthGrid, parseMonth, shiftMonth } from './calendar';

describe('the month grid', () => {
  it('covers whole weeks, Monday first', () => {
    const weeks = monthGrid('2026-03', undefined);
    expect(weeks.every((week) => week.length === 7)).toBe(true);
    expect(weeks[0]![0]!.date.toISOString().slice(0, 10)).toBe('2026-02-23');
    expect(weeks.at(-1)!.at(-1)!.date.toISOString().slice(0, 10)).toBe('2026-04-05');
  });
  it('places a change on every day its window touches', () => {
    const change = {
      key: 'CHG-1',
      title: 't',
      type: 'normal' as const,
      status: 'scheduled',
      riskLevel: 'low' as const,
      riskScore: 0,
      plannedStart: '2026-03-03T22:00:00.000Z',
      plannedEnd: '2026-03-04T02:00:00.000Z',
      cis: [],
      conflicts: [],
    };
    const days = monthGrid('2026-03', { changes: [change], freezes: [] }).flat();
    expect(days.filter((day) => day.changes.length > 0).map((day) => day.date.getUTCDate())).toEqual([3, 4]);
  });
  it('parses and shifts months', () => {
    expect(parseMonth('2026-13', new Date('2026-05-05T00:00:00Z'))).toBe('2026-05');
    expect(shiftMonth('2026-12', 1)).toBe('2027-01');
    expect(shiftMonth('2026-01', -1)).toBe('2025-12');
  });
});
