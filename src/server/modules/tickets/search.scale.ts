// The workspace's main ticket searches, as the EXPLAIN test and the search bench run them against a
// generated ticket set (src/server/testing/scale.ts).
import type { TicketSearch } from '../../../shared/api/tickets.js';

/** What the queue calls "open" (src/web/agent/filters.ts: every status but closed and cancelled). */
export const openStatuses = [
  'new',
  'verifying',
  'waiting_for_approval',
  'approved',
  'in_progress',
  'need_further_support',
  'waiting_for_customer',
  'delivered',
  'resolved',
  'on_hold',
];

const base = { sort: 'updated', dir: 'desc', limit: 50 } as const;

export function scaleQueries(set: {
  sample: { requesterId: string; agentId: string; teamKey: string; rareWord: string; commonWord: string };
}): Record<string, TicketSearch> {
  const word = set.sample.commonWord;
  const open = openStatuses.join(',');
  return {
    'open + requester + word': { ...base, status: open, requester: set.sample.requesterId, q: word },
    'team + status': { ...base, team: set.sample.teamKey, status: 'in_progress' },
    'team + open': { ...base, team: set.sample.teamKey, status: open },
    'assignee + status': { ...base, assignee: set.sample.agentId, status: open },
    'a rare word (relevance)': { ...base, sort: 'relevance', q: set.sample.rareWord },
    'a common word (newest first)': { ...base, sort: 'created', q: word },
    'a common word (relevance)': { ...base, sort: 'relevance', q: word },
    'all open (newest change first)': { ...base, status: open },
    // Lists by status or by last change read ticket_search's copies (tickets has no index on them).
    'a status (newest change first)': { ...base, status: 'need_further_support' },
    'a status no ticket has (newest first)': { ...base, sort: 'created', status: 'on_hold' },
    'team + open (newest first)': { ...base, sort: 'created', team: set.sample.teamKey, status: open },
    'unassigned + open': { ...base, assignee: 'none', status: open },
    "a requester's open requests (newest first)": {
      ...base,
      sort: 'created',
      requester: set.sample.requesterId,
      status: open,
    },
    'everything (newest change first)': { ...base },
    // An environment's page: every request naming it, newest first (GIN on fields).
    "an environment's tickets": { ...base, sort: 'created', environment: 'env-7' },
  };
}
