// The synthetic evaluation history, checked with the pure SLA engine before any database: the
// per-type averages of time to resolution are the paper's Table 7, five tickets entered
// need_further_support (Table 8), and every history is one the default workflow can produce.
import { describe, expect, it } from 'vitest';
import { computeClock } from '../sla/clock.js';
import { timeToResolution } from '../sla/defaults.js';
import { checkHistory, type TicketEvent } from '../sla/history.js';
import { fulfilmentWorkflow } from '../workflow/defaults.js';
import { paperEvaluationTickets, type SyntheticTicket, spread } from './paper-history.js';

const tickets = paperEvaluationTickets();

function history(ticket: SyntheticTicket): TicketEvent[] {
  const events: TicketEvent[] = [
    { kind: 'created', at: ticket.createdAt, status: 'waiting_for_verification' },
  ];
  let from = 'waiting_for_verification';
  for (const [offset, , to] of ticket.steps) {
    events.push({ kind: 'transition', at: new Date(ticket.createdAt.getTime() + offset * 1000), from, to });
    from = to;
  }
  return events;
}

describe('spread', () => {
  it('gives whole seconds that sum to the total, mirrored around the mean', () => {
    expect(spread(5, 100, 10)).toEqual([10, 15, 20, 25, 30]);
    // Mean 2 remainder 2: offsets -1, 0, 0, +1, and a second more for the first two.
    expect(spread(4, 10, 1)).toEqual([2, 3, 2, 3]);
    expect(spread(42, 1388, 12).reduce((a, b) => a + b, 0)).toBe(1388);
  });
});

describe("the paper's evaluation period", () => {
  it('has 108 requests between 13 September and 18 October 2023 (Jakarta)', () => {
    expect(tickets).toHaveLength(108);
    expect(tickets[0]!.createdAt.toISOString()).toBe('2023-09-13T02:00:00.000Z');
    expect(tickets.every((ticket) => ticket.createdAt < new Date('2023-10-18T17:00:00Z'))).toBe(true);
  });

  it("averages Table 7's times to resolution per request type", () => {
    const now = new Date('2024-01-01T00:00:00Z');
    const averages = new Map<string, number[]>();
    for (const ticket of tickets) {
      const clock = computeClock(timeToResolution(null), history(ticket), now);
      expect(clock.state).toBe('stopped');
      averages.set(ticket.requestType, [...(averages.get(ticket.requestType) ?? []), clock.elapsedSeconds]);
    }
    const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
    expect(
      Object.fromEntries([...averages].map(([type, values]) => [type, [values.length, mean(values)]])),
    ).toEqual({
      'create-staging-domain': [32, 1620],
      'start-request-only-staging': [44, 36],
      'recreate-staging': [16, 57_204],
      'copy-database-data': [16, 812],
    });
  });

  it('sends 5 of them through need further support', () => {
    const escalated = tickets.filter((ticket) =>
      ticket.steps.some(([, , to]) => to === 'need_further_support'),
    );
    expect(escalated).toHaveLength(5);
  });

  it('only fires transitions of the default workflow, in time order', () => {
    const transitions = new Map(fulfilmentWorkflow.transitions.map((t) => [t.name, t]));
    for (const ticket of tickets) {
      checkHistory(history(ticket));
      let status = 'waiting_for_verification';
      for (const [, name, to] of ticket.steps) {
        const transition = transitions.get(name)!;
        expect(transition.from).toContain(status);
        expect(transition.to).toBe(to);
        status = to;
      }
    }
  });
});
