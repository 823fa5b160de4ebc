import { describe, expect, it } from 'vitest';
import { median, parseLifecycleOutput } from './pairs.js';

// What lifecycle.ts prints (its lines as of this change): a change to its wording must change
// the reader too, or the pairs table goes blank.
const output = `server: /tmp/base; load average 4.29 on 2 CPUs before the run
lifecycles: 300 with 32 concurrent requesters in 11.39 s
throughput: 26.3 lifecycles/s (target ≥ 200/s)
with every job done: 15.6 lifecycles/s (1183 jobs were due at the last lifecycle's end, done 7.78 s later)
CPU per lifecycle, every job done: Opsdesk 28.3 ms, PostgreSQL 34.2 ms
CPU per lifecycle, to the last answer: Opsdesk 16.1 ms, PostgreSQL 20.3 ms
approval → waiting_for_customer at 32 concurrent: p50 651.8 ms, p90 826.9 ms, p99 923.2 ms, max 967.2 ms (target p50 < 50 ms, p99 < 250 ms)
approval → waiting_for_customer at 16 concurrent (160 lifecycles): p50 385.0 ms, p90 450.0 ms, p99 520.5 ms, max 600.0 ms (target p50 < 50 ms, p99 < 250 ms)
burst: 1552 requests filed by 32 clients in 10 s (155.2/s); 900 jobs due at its end; every job done 19.80 s after it (target < 2 s)`;

describe('bench pairs', () => {
  it('reads every figure lifecycle.ts prints, the load run and the latency run apart', () => {
    expect(parseLifecycleOutput(output)).toEqual({
      rate: 26.3,
      sustained: 15.6,
      cpuNode: 28.3,
      cpuPostgres: 34.2,
      p50: 651.8,
      p99: 923.2,
      latencyP50: 385,
      latencyP99: 520.5,
      burstFiled: 1552,
      burstDrain: 19.8,
    });
  });

  it('leaves out what a run did not print (skipped phases)', () => {
    const figures = parseLifecycleOutput(output.split('\n').slice(0, 7).join('\n'));
    expect(figures.latencyP50).toBeNull();
    expect(figures.burstDrain).toBeNull();
    expect(figures.p50).toBe(651.8);
  });

  it('takes the median of the known values', () => {
    expect(median([3, null, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([null])).toBeNull();
  });
});
