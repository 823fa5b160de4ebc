// Rotation arithmetic, without a database: hand-offs across DST in several zones, layers,
// restrictions (business hours, overnight windows) and overrides.
import { describe, expect, it } from 'vitest';
import {
  type Layer,
  overlappingOverride,
  type ScheduleDefinition,
  shiftsBetween,
  whoIsOnCall,
} from './rotation.js';

const at = (iso: string) => new Date(iso);

function schedule(
  layers: Layer[],
  timeZone = 'Europe/Berlin',
  overrides: ScheduleDefinition['overrides'] = [],
) {
  return { timeZone, layers, overrides };
}

const daily: Layer = {
  name: 'Primary',
  rotation: 'daily',
  handoffTime: '09:00',
  startDate: '2026-03-27',
  members: ['ann', 'bob', 'cat'],
};

describe('daily rotation across the spring-forward change (Berlin, 2026-03-29)', () => {
  const s = schedule([daily]);
  it('hands off at 09:00 local on both sides of the change', () => {
    // 27th 09:00 CET = 08:00Z: ann; 28th: bob; 29th (now CEST) 09:00 = 07:00Z: cat.
    expect(whoIsOnCall(s, at('2026-03-27T08:00:00Z'))).toEqual(['ann']);
    expect(whoIsOnCall(s, at('2026-03-28T07:59:59Z'))).toEqual(['ann']);
    expect(whoIsOnCall(s, at('2026-03-28T08:00:00Z'))).toEqual(['bob']);
    expect(whoIsOnCall(s, at('2026-03-29T06:59:59Z'))).toEqual(['bob']);
    expect(whoIsOnCall(s, at('2026-03-29T07:00:00Z'))).toEqual(['cat']);
    expect(whoIsOnCall(s, at('2026-03-30T07:00:00Z'))).toEqual(['ann']);
  });
  it('the day of the change is a 23-hour shift in the calendar', () => {
    const shifts = shiftsBetween(s, at('2026-03-28T08:00:00Z'), at('2026-03-30T07:00:00Z'));
    expect(shifts.map((shift) => [shift.userIds[0], shift.end.getTime() - shift.start.getTime()])).toEqual([
      ['bob', 23 * 3_600_000],
      ['cat', 24 * 3_600_000],
    ]);
  });
  it('answers before the start date by running the rotation backwards', () => {
    expect(whoIsOnCall(s, at('2026-03-26T10:00:00Z'))).toEqual(['cat']);
    expect(whoIsOnCall(s, at('2026-03-25T10:00:00Z'))).toEqual(['bob']);
  });
});

describe('fall-back change (New York, 2026-11-01)', () => {
  const weekly: Layer = {
    name: 'Weekly',
    rotation: 'weekly',
    handoffTime: '10:00',
    startDate: '2026-10-26',
    members: ['ann', 'bob'],
  };
  it('a weekly hand-off stays at 10:00 local: the week of the change lasts 169 hours', () => {
    const s = schedule([weekly], 'America/New_York');
    expect(whoIsOnCall(s, at('2026-11-02T14:59:59Z'))).toEqual(['ann']); // 09:59 EST
    expect(whoIsOnCall(s, at('2026-11-02T15:00:00Z'))).toEqual(['bob']); // 10:00 EST
    const [first] = shiftsBetween(s, at('2026-10-26T14:00:00Z'), at('2026-11-03T00:00:00Z'));
    expect(first!.end.getTime() - first!.start.getTime()).toBe(169 * 3_600_000);
  });
  it('a hand-off inside the repeated hour happens once', () => {
    const night: Layer = { ...weekly, rotation: 'daily', handoffTime: '01:30', startDate: '2026-10-31' };
    const s = schedule([night], 'America/New_York');
    const shifts = shiftsBetween(s, at('2026-10-31T12:00:00Z'), at('2026-11-02T12:00:00Z'));
    expect(shifts.map((shift) => shift.userIds[0])).toEqual(['ann', 'bob', 'ann']);
  });
});

describe('a hand-off inside the spring-forward gap (02:30 does not exist on 2026-03-08 in New York)', () => {
  it('moves to the first instant after the gap, and the next day is back at 02:30', () => {
    const s = schedule(
      [{ ...daily, handoffTime: '02:30', startDate: '2026-03-07', members: ['ann', 'bob'] }],
      'America/New_York',
    );
    expect(whoIsOnCall(s, at('2026-03-08T06:59:00Z'))).toEqual(['ann']); // 01:59 EST
    expect(whoIsOnCall(s, at('2026-03-08T07:30:00Z'))).toEqual(['bob']); // 03:30 EDT
    expect(whoIsOnCall(s, at('2026-03-09T06:29:00Z'))).toEqual(['bob']); // 02:29 EDT
    expect(whoIsOnCall(s, at('2026-03-09T06:30:00Z'))).toEqual(['ann']); // 02:30 EDT
  });
});

describe('custom shift lengths', () => {
  it('12-hour shifts hand off at 08:00 and 20:00 local, also on a DST day', () => {
    const s = schedule([
      {
        name: 'Twelves',
        rotation: 'custom',
        shiftHours: 12,
        handoffTime: '08:00',
        startDate: '2026-03-28',
        members: ['day', 'night'],
      },
    ]);
    expect(whoIsOnCall(s, at('2026-03-28T07:00:00Z'))).toEqual(['day']); // 08:00 CET
    expect(whoIsOnCall(s, at('2026-03-28T19:00:00Z'))).toEqual(['night']); // 20:00 CET
    expect(whoIsOnCall(s, at('2026-03-29T06:00:00Z'))).toEqual(['day']); // 08:00 CEST
    expect(whoIsOnCall(s, at('2026-03-29T18:00:00Z'))).toEqual(['night']); // 20:00 CEST
  });
  it('a three-day rotation', () => {
    const s = schedule([{ ...daily, rotation: 'custom', shiftHours: 72, members: ['ann', 'bob'] }]);
    expect(whoIsOnCall(s, at('2026-03-29T12:00:00Z'))).toEqual(['ann']);
    expect(whoIsOnCall(s, at('2026-03-30T07:00:00Z'))).toEqual(['bob']);
  });
});

describe('layers and restrictions', () => {
  const businessHours: Layer = {
    name: 'Business hours',
    rotation: 'weekly',
    handoffTime: '09:00',
    startDate: '2026-06-01',
    members: ['dev1', 'dev2'],
    restrictions: [{ days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' }],
  };
  const base: Layer = { ...daily, startDate: '2026-06-01', members: ['ops'] };
  const s = schedule([base, businessHours], 'Europe/London');
  it('the higher layer wins inside its window, the lower one covers the rest', () => {
    expect(whoIsOnCall(s, at('2026-06-01T08:00:00Z'))).toEqual(['dev1']); // Mon 09:00 BST
    expect(whoIsOnCall(s, at('2026-06-01T15:59:00Z'))).toEqual(['dev1']);
    expect(whoIsOnCall(s, at('2026-06-01T16:00:00Z'))).toEqual(['ops']); // 17:00 BST
    expect(whoIsOnCall(s, at('2026-06-06T10:00:00Z'))).toEqual(['ops']); // Saturday
    expect(whoIsOnCall(s, at('2026-06-08T08:00:00Z'))).toEqual(['dev2']); // next Monday
  });
  it('an overnight window runs past midnight into the next day', () => {
    const nights = schedule([{ ...base, restrictions: [{ days: [5], start: '22:00', end: '06:00' }] }]);
    expect(whoIsOnCall(nights, at('2026-06-05T20:30:00Z'))).toEqual(['ops']); // Fri 22:30 CEST
    expect(whoIsOnCall(nights, at('2026-06-06T03:00:00Z'))).toEqual(['ops']); // Sat 05:00
    expect(whoIsOnCall(nights, at('2026-06-06T04:00:00Z'))).toEqual([]); // Sat 06:00
    expect(whoIsOnCall(nights, at('2026-06-04T21:00:00Z'))).toEqual([]); // Thu 23:00
  });
  it('the calendar splits a day at the window edges', () => {
    const shifts = shiftsBetween(s, at('2026-06-01T00:00:00Z'), at('2026-06-02T00:00:00Z'));
    expect(shifts.map((shift) => [shift.userIds[0], shift.start.toISOString()])).toEqual([
      ['ops', '2026-06-01T00:00:00.000Z'],
      ['dev1', '2026-06-01T08:00:00.000Z'],
      ['ops', '2026-06-01T16:00:00.000Z'],
    ]);
  });
  it('a layer without members has nobody and leaves the others to answer', () => {
    expect(
      whoIsOnCall(schedule([base, { ...businessHours, members: [] }]), at('2026-06-01T10:00:00Z')),
    ).toEqual(['ops']);
  });
});

describe('overrides', () => {
  const s = schedule([daily], 'UTC', [
    {
      userId: 'zed',
      replacesUserId: 'bob',
      startsAt: at('2026-03-28T12:00:00Z'),
      endsAt: at('2026-03-28T18:00:00Z'),
    },
    {
      userId: 'max',
      replacesUserId: null,
      startsAt: at('2026-03-29T00:00:00Z'),
      endsAt: at('2026-03-29T01:00:00Z'),
    },
  ]);
  it('covers the person named only while they are on call, in its window', () => {
    expect(whoIsOnCall(s, at('2026-03-28T11:59:00Z'))).toEqual(['bob']);
    expect(whoIsOnCall(s, at('2026-03-28T12:00:00Z'))).toEqual(['zed']);
    expect(whoIsOnCall(s, at('2026-03-28T18:00:00Z'))).toEqual(['bob']);
  });
  it('an override of the whole schedule replaces whoever is on call', () => {
    expect(whoIsOnCall(s, at('2026-03-29T00:30:00Z'))).toEqual(['max']);
  });
  it('shows in the calendar', () => {
    const shifts = shiftsBetween(s, at('2026-03-28T09:00:00Z'), at('2026-03-29T09:00:00Z'));
    expect(shifts.map((shift) => shift.userIds[0])).toEqual(['bob', 'zed', 'bob', 'max', 'bob']);
  });
  it('two overrides covering the same person at the same time overlap; different people do not', () => {
    const existing = [
      {
        userId: 'zed',
        replacesUserId: 'bob',
        startsAt: at('2026-03-28T12:00:00Z'),
        endsAt: at('2026-03-28T18:00:00Z'),
      },
    ];
    const candidate = (replacesUserId: string | null, start: string, end: string) => ({
      userId: 'kim',
      replacesUserId,
      startsAt: at(start),
      endsAt: at(end),
    });
    expect(
      overlappingOverride(existing, candidate('bob', '2026-03-28T17:00:00Z', '2026-03-28T19:00:00Z')),
    ).toBe(existing[0]);
    expect(
      overlappingOverride(existing, candidate(null, '2026-03-28T17:00:00Z', '2026-03-28T19:00:00Z')),
    ).toBe(existing[0]);
    expect(
      overlappingOverride(existing, candidate('ann', '2026-03-28T17:00:00Z', '2026-03-28T19:00:00Z')),
    ).toBe(undefined);
    expect(
      overlappingOverride(existing, candidate('bob', '2026-03-28T18:00:00Z', '2026-03-28T19:00:00Z')),
    ).toBe(undefined);
  });
});
