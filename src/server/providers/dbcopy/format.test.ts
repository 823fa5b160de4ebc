import { describe, expect, it } from 'vitest';
import { copiedLine, formatBytes, formatCount, progressReporter } from './format.js';

describe('progress lines', () => {
  it('reads like "orders: 120,000 rows copied (4.2 s)"', () => {
    expect(copiedLine('orders', 120_000, 4_212)).toBe('orders: 120,000 rows copied (4.2 s)');
    expect(copiedLine('settings', 1, 30)).toBe('settings: 1 row copied (0.0 s)');
  });

  it('formats counts with thousands separators and bytes in decimal units', () => {
    expect(formatCount(152_340)).toBe('152,340');
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(1_234_567_890)).toBe('1.2 GB');
  });

  it('reports a long table at most once per interval', () => {
    const lines: string[] = [];
    let clock = 0;
    const report = progressReporter(
      (line) => lines.push(line),
      'events',
      15_000,
      () => clock,
    );
    clock = 14_999;
    report(() => '10 rows');
    clock = 15_000;
    report(() => '20 rows');
    clock = 20_000;
    report(() => '30 rows');
    clock = 30_000;
    report(() => '40 rows');
    expect(lines).toEqual(['events: 20 rows so far (15.0 s)', 'events: 40 rows so far (30.0 s)']);
  });
});
