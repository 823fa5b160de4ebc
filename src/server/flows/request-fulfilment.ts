// A service request's life, across the modules that carry it (paper, Fig. 5):
//
//   filed ─▶ waiting_for_verification ─(requests: fields + the action's preflight)─▶ waiting_for_approval
//        ─(approvals: manager, team, N of a team)─▶ in_progress ─(fulfilment: run the action)─▶
//        waiting_for_customer ─(closes by itself after N days unless the requester answers: auto-close.ts)
//
// The workflow (data) names an effect on each status; this is where each effect is carried out.
import { approvalsViewPart, requestApprovals } from '../modules/approvals/index.js';
import { noRunInProgress, runsViewPart, startRun } from '../modules/fulfilment/index.js';
import { enqueueVerification } from '../modules/requests/index.js';
import type { TicketExtensions } from '../modules/tickets/index.js';

export function requestFulfilment(): Partial<TicketExtensions> {
  return {
    effects: {
      verify: (tx, ticket) => enqueueVerification(tx, ticket),
      requestApproval: (tx, ticket, _actor, now) => requestApprovals(tx, ticket, now),
      fulfil: (tx, ticket, actor, now) => startRun(tx, ticket, actor, now),
    },
    guards: { noRunInProgress },
    viewParts: [approvalsViewPart, runsViewPart],
  };
}
