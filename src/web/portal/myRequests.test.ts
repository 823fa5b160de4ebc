import { describe, expect, it } from 'vitest';
import type { SlaSummary } from '../components/sla';
import { parseTab, slaClock, ticketsQuery } from './myRequests';

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
  const now = at('2026-11-21T10:05:00Z');
  const summary = (partial: Partial<SlaSummary> = {}): SlaSummary => ({
    metric: 'time_to_fulfilment',
    status: 'on_track',
    goalSeconds: 525,
    elapsedSeconds: 0,
    computedAt: '2026-11-21T10:00:00Z',
    warnAt: '2026-11-21T10:07:00Z',
    breachAt: '2026-11-21T10:08:45Z',
    ...partial,
  });

  it('counts down a running clock from computedAt', () => {
    expect(slaClock(summary(), now)).toMatchObject({
      metric: 'Time to fulfilment',
      tone: 'ok',
      text: '3 min 45 s left',
      remaining: 225,
    });
  });

  it('warns after warnAt and reports overdue clocks', () => {
    expect(slaClock(summary(), at('2026-11-21T10:08:00Z'))?.tone).toBe('warning');
    expect(slaClock(summary(), at('2026-11-21T10:10:45Z'))).toMatchObject({
      tone: 'breached',
      text: 'Overdue by 2 min',
    });
    expect(slaClock(summary({ status: 'breached', elapsedSeconds: 600 }), now)).toMatchObject({
      tone: 'breached',
      text: 'Breached',
    });
  });

  it('describes not started, paused, met and missing clocks', () => {
    expect(slaClock(summary({ status: 'not_started' }), now)?.text).toBe('Not started, target 8 min 45 s');
    expect(slaClock(summary({ status: 'paused', elapsedSeconds: 405 }), now)?.text).toBe(
      'Paused, 2 min left',
    );
    expect(slaClock(summary({ status: 'met' }), now)).toMatchObject({ tone: 'met', text: 'Met' });
    expect(slaClock(null, now)).toBeNull();
  });
});
