import { describe, expect, it } from 'vitest';
import { retryDelayMs } from './backoff.js';
import { nextDigestAt } from './digest-time.js';
import { autoCloseAt, reminderTime } from './reminders.js';

describe('retry backoff', () => {
  it('doubles from the base, caps at one hour, and never undercuts Retry-After', () => {
    expect([1, 2, 3, 4].map((attempt) => retryDelayMs(30_000, attempt, null))).toEqual([
      30_000, 60_000, 120_000, 240_000,
    ]);
    expect(retryDelayMs(30_000, 12, null)).toBe(3_600_000);
    expect(retryDelayMs(100, 1, 5_000)).toBe(5_000);
    expect(retryDelayMs(100, 3, 50)).toBe(400);
  });
});

describe('the digest hour', () => {
  it('is the next time the person’s clock shows it', () => {
    const now = new Date('2026-03-12T02:15:00Z');
    expect(nextDigestAt(now, 'UTC', 8).toISOString()).toBe('2026-03-12T08:00:00.000Z');
    expect(nextDigestAt(now, 'UTC', 2).toISOString()).toBe('2026-03-13T02:00:00.000Z');
    // 09:15 in Ho Chi Minh City (UTC+7): 08:00 has passed there.
    expect(nextDigestAt(now, 'Asia/Ho_Chi_Minh', 8).toISOString()).toBe('2026-03-13T01:00:00.000Z');
    expect(nextDigestAt(now, 'Not/AZone', 8).toISOString()).toBe('2026-03-12T08:00:00.000Z');
  });

  it('follows daylight saving time', () => {
    // Paris moves to summer time on 2026-03-29: 08:00 is 07:00 UTC before, 06:00 UTC after.
    expect(nextDigestAt(new Date('2026-03-28T09:00:00Z'), 'Europe/Paris', 8).toISOString()).toBe(
      '2026-03-29T06:00:00.000Z',
    );
  });
});

describe('the waiting-for-customer reminder', () => {
  const entered = new Date('2026-03-12T02:31:40Z');

  it('closes after the request type’s days, or the configured ones', () => {
    expect(autoCloseAt({ autoCloseDays: 5 }, null, entered).toISOString()).toBe('2026-03-17T02:31:40.000Z');
    expect(autoCloseAt({ autoCloseDays: 5 }, { autoCloseDays: 3 }, entered).toISOString()).toBe(
      '2026-03-15T02:31:40.000Z',
    );
  });

  it('comes the configured hours before the close, or half-way through a short wait', () => {
    const closes = new Date('2026-03-15T02:31:40Z');
    expect(reminderTime(entered, closes, 24)?.toISOString()).toBe('2026-03-14T02:31:40.000Z');
    expect(reminderTime(entered, closes, 48)?.toISOString()).toBe('2026-03-13T14:31:40.000Z');
    expect(reminderTime(entered, closes, 0)).toBeNull();
    expect(reminderTime(entered, entered, 24)).toBeNull();
  });
});
