import { describe, expect, it } from 'vitest';
import {
  eventDefinitions,
  isNotificationEvent,
  notificationEvents,
  parseEventContext,
  sampleContext,
} from './events.js';

describe('event vocabulary', () => {
  it('has the seventeen events rules can refer to', () => {
    expect(notificationEvents).toEqual([
      'request.filed',
      'request.verification_failed',
      'approval.requested',
      'request.approved',
      'request.declined',
      'request.fulfilled',
      'request.need_further_support',
      'request.waiting_for_customer_reminder',
      'sla.warning',
      'sla.breached',
      'request.closed',
      'incident.started',
      'incident.updated',
      'incident.resolved',
      'ticket.opened',
      'ticket.assigned',
      'ticket.resolved',
    ]);
    expect(isNotificationEvent('sla.breached')).toBe(true);
    expect(isNotificationEvent('sla.forgotten')).toBe(false);
    expect(isNotificationEvent('toString')).toBe(false);
  });

  it.each(notificationEvents)('%s: its sample satisfies its own schema', (event) => {
    expect(parseEventContext(event, sampleContext(event))).toMatchObject({ ok: true });
  });

  it('sends approvals to the approver and SLA breaches to the agent team', () => {
    expect(eventDefinitions['approval.requested'].audience).toBe('approver');
    expect(eventDefinitions['sla.breached']).toMatchObject({ audience: 'agent_team', severity: 'critical' });
  });
});

describe('parseEventContext', () => {
  it('names each missing or wrong fact', () => {
    const context = sampleContext('request.declined') as Record<string, unknown>;
    const broken = {
      ...context,
      approval: { decidedAt: 'yesterday' },
      recipient: { ...sampleContext('request.declined').recipient, timeZone: 'Mars/Olympus' },
    };
    const result = parseEventContext('request.declined', broken);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toEqual([
      'recipient.timeZone: not a known IANA time zone',
      'approval.decidedAt: Invalid ISO datetime',
      'approval.comment: Invalid input: expected string, received undefined',
    ]);
  });

  it('requires at least one reason when verification fails', () => {
    const context = sampleContext('request.verification_failed');
    context.verification.reasons = [];
    expect(parseEventContext('request.verification_failed', context)).toMatchObject({ ok: false });
  });
});

describe('sampleContext', () => {
  it("replaces the sample ticket's custom fields with a request type's own", () => {
    const context = sampleContext('request.filed', {
      fields: [
        { key: 'sourceEnvironment', label: 'Source environment', value: 'staging-2' },
        { key: 'tables', label: 'Tables', value: ['orders', 'customers'] },
      ],
    });
    expect(context.ticket.fields).toEqual({
      sourceEnvironment: 'staging-2',
      tables: ['orders', 'customers'],
    });
    expect(context.ticket.fieldList).toEqual([
      { key: 'sourceEnvironment', label: 'Source environment', value: 'staging-2' },
      { key: 'tables', label: 'Tables', value: 'orders, customers' },
    ]);
  });

  it('hands out a copy each time', () => {
    sampleContext('request.filed').ticket.key = 'CHANGED-1';
    expect(sampleContext('request.filed').ticket.key).toBe('REQ-1042');
  });
});
