import { describe, expect, it } from 'vitest';
import {
  compareUrgency,
  describeMetric,
  metricLabel,
  primaryMetric,
  type SlaMetric,
  type SlaSummary,
  slaState,
  slaSummaryView,
  slaUrgency,
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

describe('primaryMetric', () => {
  it('prefers an open metric with a target closest to it', () => {
    const a = metric({ key: 'a', remainingSeconds: 300 });
    const b = metric({ key: 'b', remainingSeconds: 100, state: 'paused' });
    const c = metric({ key: 'c', goalSeconds: null, remainingSeconds: null });
    expect(primaryMetric([a, b, c])?.key).toBe('b');
    expect(primaryMetric([c])?.key).toBe('c');
    expect(primaryMetric([])).toBeUndefined();
  });
});

const summary = (over: Partial<SlaSummary> = {}): SlaSummary => ({
  metric: 'time_to_resolution',
  status: 'on_track',
  goalSeconds: 3600,
  elapsedSeconds: 600,
  computedAt: new Date(T0).toISOString(),
  warnAt: new Date(T0 + 2_400_000).toISOString(),
  breachAt: new Date(T0 + 3_000_000).toISOString(),
  ...over,
});

describe("slaSummaryView (a list row's SLA)", () => {
  it('counts a running clock down from computedAt', () => {
    expect(slaSummaryView(summary(), T0)).toMatchObject({
      status: 'on_track',
      remaining: 3000,
      short: '50 min left',
    });
    expect(slaSummaryView(summary(), T0 + 600_000)).toMatchObject({ remaining: 2400, short: '40 min left' });
    expect(slaSummaryView(summary(), T0)?.long).toBe('Time to resolution: On track, 50 min left of 1 h');
  });
  it('turns at risk past the warning and breached past the goal, locally', () => {
    expect(slaSummaryView(summary(), T0 + 2_500_000)?.status).toBe('at_risk');
    const breached = slaSummaryView(summary(), T0 + 3_060_000);
    expect(breached).toMatchObject({ status: 'breached', short: 'Breached' });
    expect(breached?.long).toBe('Time to resolution: Breached, 1 min over 1 h');
    expect(slaSummaryView(summary({ status: 'at_risk' }), T0)).toMatchObject({
      status: 'at_risk',
      short: '50 min left',
    });
  });
  it('does not count stopped, paused or breached-by-the-server clocks', () => {
    expect(slaSummaryView(summary({ status: 'paused' }), T0 + 10_000_000)).toMatchObject({
      status: 'paused',
      short: 'Paused',
      remaining: 3000,
    });
    expect(slaSummaryView(summary({ status: 'met' }), T0 + 10_000_000)).toMatchObject({
      status: 'met',
      short: 'Met',
    });
    expect(slaSummaryView(summary({ status: 'breached', elapsedSeconds: 4000 }), T0)).toMatchObject({
      status: 'breached',
      short: 'Breached',
    });
    expect(slaSummaryView(summary({ status: 'not_started', elapsedSeconds: 0 }), T0)?.short).toBe(
      'Not started',
    );
    expect(slaSummaryView(null, T0)).toBeNull();
  });
  it('names metrics in words', () => {
    expect(metricLabel('time_to_first_response')).toBe('Time to first response');
  });
});

describe('slaUrgency', () => {
  it('orders by severity, then by breach time, without SLA last', () => {
    const items = [
      ['met', slaUrgency(summary({ status: 'met' }), T0)],
      ['none', slaUrgency(null, T0)],
      ['later', slaUrgency(summary({ breachAt: new Date(T0 + 9_000_000).toISOString(), warnAt: null }), T0)],
      ['paused', slaUrgency(summary({ status: 'paused', breachAt: null }), T0)],
      ['soon', slaUrgency(summary({ warnAt: null }), T0)],
      ['risk', slaUrgency(summary({ status: 'at_risk' }), T0)],
      ['over', slaUrgency(summary({ status: 'breached', elapsedSeconds: 4000 }), T0)],
    ] as const;
    const sorted = [...items].sort((a, b) => compareUrgency(a[1], b[1])).map(([name]) => name);
    expect(sorted).toEqual(['over', 'risk', 'soon', 'later', 'paused', 'met', 'none']);
  });
});
