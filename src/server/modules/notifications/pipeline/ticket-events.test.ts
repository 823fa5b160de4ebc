import { describe, expect, it } from 'vitest';
import type { TicketEvent } from '../../tickets/index.js';
import { occurrencesOf } from './ticket-events.js';

const at = new Date('2026-03-12T02:15:00Z');
const base: TicketEvent = {
  type: 'ticket.transitioned',
  ticketId: '7d0c5f2e-0000-4000-8000-000000000001',
  key: 'REQ-7',
  kind: 'request',
  status: 'waiting_for_approval',
  priority: 'moderate',
  requesterId: 'u1',
  teamId: null,
  assigneeId: null,
  requestTypeId: 'rt1',
  at,
  actor: { kind: 'system', id: null, label: 'system:verification' },
  transition: 'verified',
  from: 'waiting_for_verification',
};

const eventsOf = (change: Partial<TicketEvent>) => occurrencesOf({ ...base, ...change }).map((o) => o.event);

describe('which notification events a ticket event is', () => {
  it('maps the core loop transitions', () => {
    expect(
      eventsOf({ type: 'ticket.created', transition: undefined, status: 'waiting_for_verification' }),
    ).toEqual(['request.filed']);
    expect(eventsOf({})).toEqual(['approval.requested']);
    expect(eventsOf({ transition: 'verification_failed', status: 'cancelled' })).toEqual([
      'request.verification_failed',
    ]);
    expect(eventsOf({ transition: 'approve', status: 'in_progress' })).toEqual(['request.approved']);
    expect(eventsOf({ transition: 'decline', status: 'cancelled' })).toEqual(['request.declined']);
    expect(eventsOf({ transition: 'fulfilled', status: 'waiting_for_customer' })).toEqual([
      'request.fulfilled',
    ]);
    expect(eventsOf({ transition: 'resolve', status: 'waiting_for_customer' })).toEqual([
      'request.fulfilled',
    ]);
    expect(eventsOf({ transition: 'fulfilment_failed', status: 'need_further_support' })).toEqual([
      'request.need_further_support',
    ]);
    expect(eventsOf({ transition: 'report_problem', status: 'need_further_support' })).toEqual([
      'request.need_further_support',
    ]);
    expect(eventsOf({ transition: 'confirm', status: 'closed' })).toEqual(['request.closed']);
    expect(eventsOf({ transition: 'auto_close', status: 'closed' })).toEqual(['request.closed']);
  });

  it('stays silent where there is nothing to tell', () => {
    expect(eventsOf({ transition: 'retry', status: 'in_progress' })).toEqual([]);
    expect(eventsOf({ transition: 'cancel', status: 'cancelled' })).toEqual([]);
    expect(eventsOf({ type: 'ticket.commented', transition: undefined })).toEqual([]);
    expect(eventsOf({ type: 'ticket.created', requestTypeId: null, transition: undefined })).toEqual([]);
  });

  it('keys an occurrence by event, ticket and moment, so the same change reported twice is one', () => {
    const fromTransition = occurrencesOf(base)[0]!;
    const fromApprovalEvent = occurrencesOf({
      ...base,
      type: 'approval.requested',
      transition: undefined,
    })[0]!;
    expect(fromTransition.dedupeKey).toBe(
      'approval.requested:7d0c5f2e-0000-4000-8000-000000000001:2026-03-12T02:15:00.000Z',
    );
    expect(fromApprovalEvent.dedupeKey).toBe(fromTransition.dedupeKey);
    expect(fromTransition.facts).toEqual({
      transition: 'verified',
      from: 'waiting_for_verification',
      to: 'waiting_for_approval',
      actorId: null,
      actorLabel: 'system:verification',
    });
  });
});
