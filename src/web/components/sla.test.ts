import { describe, expect, it } from 'vitest';
import {
  describeMetric,
  primaryMetric,
  type SlaMetric,
  slaNeedsAttention,
  slaState,
  ticketSlaState,
} from './sla';

const T0 = Date.parse('2026-01-01T10:00:00Z');
const metric = (over: Partial<SlaMetric> = {}): SlaMetric => ({
  key: 'time_to_fulfilment',
  name: 'Time to fulfilment',
  calendar: '24×7',
  state: 'running',
  cycle: 1,
  elapsedSeconds: 100,
  goalSeconds: 600,
  remainingSeconds: 500,
  met: false,
  breached: false,
  warnAt: null,
  breachAt: null,
  ...over,
});

describe('slaState', () => {
  it('runs, warns, breaches as time passes locally', () => {
    const m = metric({ warnAt: new Date(T0 + 400_000).toISOString() });
    expect(slaState(m, T0, T0)).toBe('running');
    expect(slaState(m, T0 + 450_000, T0)).toBe('at_risk');
    expect(slaState(m, T0 + 501_000, T0)).toBe('breached');
  });
  it('paused and stopped clocks do not advance', () => {
    expect(slaState(metric({ state: 'paused' }), T0 + 10_000_000, T0)).toBe('paused');
    expect(slaState(metric({ state: 'stopped', met: true }), T0 + 10_000_000, T0)).toBe('met');
    expect(slaState(metric({ state: 'stopped', met: false, breached: true }), T0, T0)).toBe('breached');
    expect(slaState(metric({ state: 'not_started', elapsedSeconds: 0 }), T0, T0)).toBe('not_started');
  });
  it('describes remaining and overdue time', () => {
    expect(describeMetric(metric(), 'running', T0, T0)).toBe('8 min 20 s left of 10 min');
    expect(describeMetric(metric({ elapsedSeconds: 660 }), 'breached', T0, T0)).toBe('1 min over 10 min');
    expect(describeMetric(metric({ goalSeconds: null }), 'running', T0, T0)).toBe(
      '1 min 40 s elapsed, no target',
    );
  });
});

describe('primaryMetric and ticketSlaState', () => {
  it('prefers an open metric with a target closest to it', () => {
    const a = metric({ key: 'a', remainingSeconds: 300 });
    const b = metric({ key: 'b', remainingSeconds: 100, state: 'paused' });
    const c = metric({ key: 'c', goalSeconds: null, remainingSeconds: null });
    expect(primaryMetric([a, b, c])?.key).toBe('b');
    expect(primaryMetric([c])?.key).toBe('c');
    expect(primaryMetric([])).toBeUndefined();
  });
  it('flags tickets with any metric at risk or breached', () => {
    const sla = (metrics: SlaMetric[]) => ({
      ticket: 'REQ-1',
      policy: null,
      computedAt: new Date(T0).toISOString(),
      metrics,
    });
    expect(ticketSlaState(sla([metric(), metric({ key: 'x', breached: true, state: 'stopped' })]), T0)).toBe(
      'breached',
    );
    expect(slaNeedsAttention(ticketSlaState(sla([metric()]), T0))).toBe(false);
    expect(
      slaNeedsAttention(ticketSlaState(sla([metric({ warnAt: new Date(T0 - 1).toISOString() })]), T0)),
    ).toBe(true);
    expect(ticketSlaState(undefined, T0)).toBeUndefined();
  });
});
