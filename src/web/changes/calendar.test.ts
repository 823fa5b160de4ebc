import { describe, expect, it } from 'vitest';
import { clock, monthGrid, parseMonth, parseWeek, shiftMonth, shiftWeek, weekGrid } from './calendar';

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

describe('the week view', () => {
  const change = (key: string, start: string, end: string) => ({
    key,
    title: key,
    type: 'normal' as const,
    status: 'scheduled',
    riskLevel: 'low' as const,
    riskScore: 0,
    plannedStart: start,
    plannedEnd: end,
    cis: [],
    conflicts: [],
  });
  it('moves any date to its Monday and shifts by weeks', () => {
    expect(parseWeek('2026-03-05')).toBe('2026-03-02');
    expect(parseWeek('2026-03-08')).toBe('2026-03-02');
    expect(parseWeek('nonsense', new Date('2026-03-10T12:00:00Z'))).toBe('2026-03-09');
    expect(shiftWeek('2026-12-28', 1)).toBe('2027-01-04');
    expect(shiftWeek('2026-03-02', -1)).toBe('2026-02-23');
  });
  it('clips a change to each day it touches, earliest first, with its hours', () => {
    const days = weekGrid('2026-03-02', {
      changes: [
        change('CHG-2', '2026-03-03T22:00:00.000Z', '2026-03-04T02:00:00.000Z'),
        change('CHG-1', '2026-03-03T08:30:00.000Z', '2026-03-03T09:00:00.000Z'),
      ],
      freezes: [],
    });
    expect(days).toHaveLength(7);
    const tuesday = days[1]!;
    expect(
      tuesday.slots.map((slot) => [slot.change.key, clock(slot.startMinute), clock(slot.endMinute)]),
    ).toEqual([
      ['CHG-1', '08:30', '09:00'],
      ['CHG-2', '22:00', '24:00'],
    ]);
    expect(tuesday.slots[1]!.continues).toBe(true);
    const wednesday = days[2]!;
    expect(wednesday.slots.map((slot) => [slot.change.key, clock(slot.startMinute), slot.continued])).toEqual(
      [['CHG-2', '00:00', true]],
    );
  });
});
