import { describe, expect, it } from 'vitest';
import {
  addDays,
  apiRange,
  checkCustom,
  createdResolvedApiRange,
  daysBetween,
  describeRange,
  isDay,
  presetRange,
  rangeParams,
  readRange,
  todayIn,
} from './range';

const today = '2026-11-21';
const read = (query: string) => readRange(new URLSearchParams(query), today);

describe('days', () => {
  it('validates calendar dates', () => {
    expect(isDay('2026-02-28')).toBe(true);
    expect(isDay('2026-02-30')).toBe(false);
    expect(isDay('2026-2-3')).toBe(false);
    expect(isDay(null)).toBe(false);
  });
  it('adds days across months and years', () => {
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(daysBetween('2026-11-15', '2026-11-21')).toBe(7);
  });
  it('reads today in a time zone', () => {
    const instant = new Date('2026-11-21T23:30:00Z');
    expect(todayIn('UTC', instant)).toBe('2026-11-21');
    expect(todayIn('Asia/Jakarta', instant)).toBe('2026-11-22');
    expect(todayIn('Not/AZone', instant)).toBe('2026-11-21');
  });
});

describe('presets', () => {
  it('include today', () => {
    expect(presetRange('7d', today)).toEqual({ preset: '7d', from: '2026-11-15', to: today });
    expect(presetRange('year', today)).toEqual({ preset: 'year', from: '2026-01-01', to: today });
    expect(presetRange('all', today)).toEqual({ preset: 'all' });
  });
});

describe('readRange', () => {
  it('defaults to the last 30 days', () => {
    expect(read('')).toEqual(presetRange('30d', today));
    expect(read('from=garbage&to=2026-01-01')).toEqual(presetRange('30d', today));
  });
  it('recognises a preset written as dates', () => {
    expect(read('from=2026-08-24&to=2026-11-21').preset).toBe('90d');
  });
  it('keeps a custom range', () => {
    expect(read('from=2026-03-01&to=2026-03-31')).toEqual({
      preset: 'custom',
      from: '2026-03-01',
      to: '2026-03-31',
    });
  });
  it('rejects a reversed range', () => {
    expect(read('from=2026-03-31&to=2026-03-01').preset).toBe('30d');
  });
  it('reads all time', () => {
    expect(read('range=all')).toEqual({ preset: 'all' });
  });
  it('round-trips through the URL', () => {
    const range = { preset: 'custom' as const, from: '2026-03-01', to: '2026-03-31' };
    expect(read(new URLSearchParams(rangeParams(range)).toString())).toEqual(range);
    expect(rangeParams({ preset: 'all' })).toEqual({ range: 'all' });
  });
});

describe('API ranges', () => {
  it('asks for everything since 2000 for all time', () => {
    expect(apiRange({ preset: 'all' }, today)).toEqual({ from: '2000-01-01', to: today });
  });
  it('asks for days, weeks or months by the length of the range, never clamping it', () => {
    expect(createdResolvedApiRange(presetRange('30d', today), today).bucket).toBe('day');
    expect(createdResolvedApiRange(presetRange('year', today), today).bucket).toBe('week');
    const all = createdResolvedApiRange({ preset: 'all' }, today);
    expect(all).toEqual({ from: '2000-01-01', to: today, bucket: 'month' });
  });
});

describe('checkCustom', () => {
  it('explains problems on the right input', () => {
    expect(checkCustom('', '2026-01-01')).toEqual({ from: 'Enter a date.' });
    expect(checkCustom('2026-02-01', '2026-01-01')).toEqual({ to: 'Must be on or after the start date.' });
    expect(checkCustom('2026-01-01', '2026-02-01')).toEqual({});
  });
});

describe('describeRange', () => {
  it('says the range in words', () => {
    expect(describeRange({ preset: 'custom', from: '2026-03-01', to: '2026-03-31' })).toBe(
      '1 Mar 2026 – 31 Mar 2026',
    );
    expect(describeRange({ preset: 'all' })).toBe('All time');
  });
});
