import { describe, expect, it } from 'vitest';
import { listMatchesIncident } from './audience-match.js';
import { type FilterableTicket, filterMatches, savedFilterSchema } from './filter-match.js';

const ticket: FilterableTicket = {
  key: 'REQ-42',
  title: 'Start Request Only Multistaging: bugfix1x2',
  status: 'need_further_support',
  requestTypeKey: 'start-request-only-staging',
  requesterId: '11111111-1111-4111-8111-111111111111',
  requesterEmail: 'Dev@opsdesk.local',
  teamKey: 'infrastructure',
  createdAt: new Date('2026-03-12T10:00:00Z'),
};
const subscriber = '22222222-2222-4222-8222-222222222222';
const matches = (query: Record<string, string>, who = subscriber) =>
  filterMatches(savedFilterSchema.parse(query), ticket, who);

describe('a saved ticket search', () => {
  it('matches as GET /api/v1/tickets would: every given condition holds', () => {
    expect(matches({})).toBe(true);
    expect(matches({ status: 'waiting_for_customer, need_further_support' })).toBe(true);
    expect(matches({ status: 'closed' })).toBe(false);
    expect(matches({ team: 'infrastructure', requestType: 'start-request-only-staging' })).toBe(true);
    expect(matches({ team: 'infrastructure', requestType: 'recreate-staging' })).toBe(false);
    expect(matches({ q: 'BUGFIX' })).toBe(true);
    expect(matches({ q: 'req-42' })).toBe(true);
    expect(matches({ q: 'payments' })).toBe(false);
  });

  it('reads "me", ids and addresses for the requester', () => {
    expect(matches({ requester: 'me' })).toBe(false);
    expect(matches({ requester: 'me' }, ticket.requesterId)).toBe(true);
    expect(matches({ requester: ticket.requesterId })).toBe(true);
    expect(matches({ requester: 'dev@OPSDESK.local' })).toBe(true);
    expect(matches({ requester: 'pm@opsdesk.local' })).toBe(false);
  });

  it('takes a date alone for the whole day', () => {
    expect(matches({ from: '2026-03-12', to: '2026-03-12' })).toBe(true);
    expect(matches({ to: '2026-03-11' })).toBe(false);
    expect(matches({ from: '2026-03-12T10:00:01Z' })).toBe(false);
    expect(matches({ to: '2026-03-12T10:00:00Z' })).toBe(false);
  });

  it('is refused with an unknown parameter', () => {
    expect(savedFilterSchema.safeParse({ colour: 'red' }).success).toBe(false);
  });
});

describe('which mailing lists an incident reaches', () => {
  const incident = {
    services: ['Staging Servers', 'Self-service portal'],
    regions: ['Asia Pacific (Singapore)'],
  };

  it('needs one shared service and one shared region, ignoring case', () => {
    expect(
      listMatchesIncident({ services: ['staging servers'], regions: ['Asia Pacific (Singapore)'] }, incident),
    ).toBe(true);
    expect(
      listMatchesIncident({ services: ['Staging Servers'], regions: ['Europe (Ireland)'] }, incident),
    ).toBe(false);
    expect(listMatchesIncident({ services: ['Payments'], regions: [] }, incident)).toBe(false);
  });

  it('takes an empty list of services or regions as all of them', () => {
    expect(listMatchesIncident({ services: [], regions: [] }, incident)).toBe(true);
    expect(listMatchesIncident({ services: ['Self-service portal'], regions: [] }, incident)).toBe(true);
    expect(
      listMatchesIncident(
        { services: ['Staging Servers'], regions: ['Europe (Ireland)'] },
        { ...incident, regions: [] },
      ),
    ).toBe(true);
  });
});
