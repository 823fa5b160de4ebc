import { DateTime, IANAZone } from 'luxon';
import { describe, expect, it } from 'vitest';
import { dateTime, isRealDate, isTimeZone } from './common.js';

describe('the contract helpers', () => {
  it('isTimeZone agrees with luxon, which the server used before', () => {
    for (const zone of [
      'UTC',
      'Europe/Berlin',
      'Asia/Jakarta',
      'America/Argentina/Buenos_Aires',
      'Mars/Olympus',
      '',
      'utc',
      '+02:00',
    ]) {
      expect(isTimeZone(zone), zone).toBe(IANAZone.isValidZone(zone));
    }
  });

  it('isRealDate agrees with luxon on YYYY-MM-DD', () => {
    for (const date of [
      '2024-02-29',
      '2023-02-29',
      '2023-04-31',
      '2023-12-31',
      '2023-13-01',
      '2023-00-10',
      '0000-01-01',
      '1999-11-00',
      '2100-02-29',
      '2000-02-29',
    ]) {
      expect(isRealDate(date), date).toBe(DateTime.fromISO(date, { zone: 'UTC' }).isValid);
    }
  });

  it('dateTime: a Date on the server, its ISO string on the wire', () => {
    const at = new Date('2026-03-01T09:30:00.000Z');
    expect(dateTime.encode(at)).toBe('2026-03-01T09:30:00.000Z');
    expect(dateTime.safeParse('2026-03-01T09:30:00.000Z').success).toBe(true);
    expect(dateTime.safeParse('yesterday').success).toBe(false);
  });
});
