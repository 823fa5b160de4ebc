import { describe, expect, it } from 'vitest';
import { duration } from '../lib/format';
import { parseTab, type SlaMetric, slaClock, type TicketSla, ticketsQuery } from './myRequests';

const metric = (partial: Partial<SlaMetric>): SlaMetric => ({
  key: 'time_to_fulfilment',
  name: 'Time to fulfilment',
  state: 'running',
  elapsedSeconds: 0,
  goalSeconds: 525,
  remainingSeconds: 525,
  met: false,
  breached: false,
  warnAt: null,
  breachAt: null,
  ...partial,
});
const sla = (...metrics: SlaMetric[]): TicketSla => ({
  ticket: 'REQ-1',
  computedAt: '2026-11-21T10:00:00Z',
  metrics,
});
const at = (iso: string) => Date.parse(iso);

describe('tabs', () => {
  it('maps tabs to the status filter of my tickets', () => {
    expect(parseTab('closed')).toBe('closed');
    expect(parseTab('bogus')).toBe('open');
    expect(ticketsQuery('waiting')).toEqual({
      requester: 'me',
      status: 'waiting_for_customer',
      limit: 25,
      cursor: undefined,
    });
    expect(ticketsQuery('closed', 'abc').status).toBe('closed,cancelled');
    expect(ticketsQuery('open').status.split(',')).toContain('need_further_support');
  });
});

describe('slaClock', () => {
  it('counts down a running clock to its breach time', () => {
    const clock = slaClock(
      sla(metric({ breachAt: '2026-11-21T10:08:45Z', warnAt: '2026-11-21T10:07:00Z' })),
      at('2026-11-21T10:05:00Z'),
      duration,
    );
    expect(clock).toMatchObject({ tone: 'ok', text: '3 min 45 s left', remaining: 225 });
  });

  it('warns after warnAt and reports overdue clocks', () => {
    const running = sla(metric({ breachAt: '2026-11-21T10:08:45Z', warnAt: '2026-11-21T10:07:00Z' }));
    expect(slaClock(running, at('2026-11-21T10:08:00Z'), duration)?.tone).toBe('warning');
    expect(slaClock(running, at('2026-11-21T10:10:45Z'), duration)).toMatchObject({
      tone: 'breached',
      text: 'Overdue by 2 min',
    });
  });

  it('prefers the running metric and ignores metrics without a goal', () => {
    const clock = slaClock(
      sla(
        metric({ key: 'resolution', name: 'Time to resolution', goalSeconds: null, state: 'running' }),
        metric({ state: 'stopped', met: true }),
        metric({ key: 'response', name: 'Response', state: 'running', remainingSeconds: 60 }),
      ),
      at('2026-11-21T10:00:30Z'),
      duration,
    );
    expect(clock).toMatchObject({ metric: 'Response', text: '30 s left' });
  });

  it('describes not started, paused, met and missing clocks', () => {
    const now = at('2026-11-21T10:00:00Z');
    expect(slaClock(sla(metric({ state: 'not_started' })), now, duration)?.text).toBe(
      'Not started, target 8 min 45 s',
    );
    expect(slaClock(sla(metric({ state: 'paused', remainingSeconds: 120 })), now, duration)?.text).toBe(
      'Paused, 2 min left',
    );
    expect(slaClock(sla(metric({ state: 'stopped', met: true })), now, duration)).toMatchObject({
      tone: 'met',
      text: 'Met',
    });
    expect(slaClock(sla(metric({ state: 'stopped', breached: true })), now, duration)?.tone).toBe('breached');
    expect(slaClock(sla(metric({ goalSeconds: null })), now, duration)).toBeNull();
  });
});
