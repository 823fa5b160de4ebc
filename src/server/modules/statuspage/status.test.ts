// The status page's arithmetic without a database: worst status wins, maintenance yields to an
// outage, the overall indicator, and daily bars weighted as the page says.
import { describe, expect, it } from 'vitest';
import { componentStatus, dailyBars, overall, uptimeOver } from './status.js';

const at = (text: string) => new Date(text);

describe('component and page status', () => {
  it('an outage wins over maintenance, maintenance over operational', () => {
    expect(componentStatus('major_outage', true)).toBe('major_outage');
    expect(componentStatus('operational', true)).toBe('under_maintenance');
    expect(componentStatus('degraded_performance', false)).toBe('degraded_performance');
  });

  it('the overall indicator follows the worst component', () => {
    expect(overall([]).indicator).toBe('none');
    expect(overall(['operational', 'degraded_performance']).indicator).toBe('minor');
    expect(overall(['partial_outage', 'under_maintenance']).indicator).toBe('major');
    expect(overall(['major_outage', 'operational']).indicator).toBe('critical');
    expect(overall(['under_maintenance']).indicator).toBe('maintenance');
  });
});

describe('daily bars', () => {
  const now = at('2026-12-06T12:00:00Z');

  it('days before the first record have no data; a major hour costs 1/24 of a day', () => {
    const bars = dailyBars(
      [
        { status: 'operational', startedAt: at('2026-12-05T00:00:00Z'), endedAt: at('2026-12-05T10:00:00Z') },
        {
          status: 'major_outage',
          startedAt: at('2026-12-05T10:00:00Z'),
          endedAt: at('2026-12-05T11:00:00Z'),
        },
        { status: 'operational', startedAt: at('2026-12-05T11:00:00Z'), endedAt: null },
      ],
      now,
      3,
    );
    expect(bars.map((bar) => bar.day)).toEqual(['2026-12-04', '2026-12-05', '2026-12-06']);
    expect(bars[0]).toMatchObject({ uptime: null, worst: null });
    expect(bars[1]!.worst).toBe('major_outage');
    expect(bars[1]!.uptime).toBeCloseTo(23 / 24);
    expect(bars[1]!.seconds.major_outage).toBe(3600);
    expect(bars[2]).toMatchObject({ uptime: 1, worst: 'operational' });
    expect(uptimeOver(bars)).toBeCloseTo((23 / 24 + 1) / 2);
  });

  it('a partial outage weighs 0.3 and maintenance is left out of the day', () => {
    const [bar] = dailyBars(
      [
        {
          status: 'under_maintenance',
          startedAt: at('2026-12-06T00:00:00Z'),
          endedAt: at('2026-12-06T06:00:00Z'),
        },
        {
          status: 'partial_outage',
          startedAt: at('2026-12-06T06:00:00Z'),
          endedAt: at('2026-12-06T12:00:00Z'),
        },
      ],
      now,
      1,
    );
    expect(bar!.uptime).toBeCloseTo(0.7);
    expect(bar!.seconds.under_maintenance).toBe(6 * 3600);
  });
});
