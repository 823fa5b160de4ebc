// A service request's life, across the modules that carry it (paper, Fig. 5):
//
//   filed ─▶ waiting_for_verification ─(requests: fields + the action's preflight)─▶ waiting_for_approval
//        ─(approvals: manager, team, N of a team)─▶ in_progress ─(fulfilment: run the action)─▶
//        waiting_for_customer ─(requests: closes by itself after N days unless the requester answers)
//
// The workflow (data) names an effect on each status; this is where each effect is carried out.
import type { AppContext } from '../context.js';
import { approvalsViewPart, requestApprovals } from '../modules/approvals/index.js';
import { noRunInProgress, runsViewPart, startRun } from '../modules/fulfilment/index.js';
import { enqueueVerification, scheduleAutoClose } from '../modules/requests/index.js';
import type { TicketExtensions } from '../modules/tickets/index.js';

export function requestFulfilment(context: AppContext): Partial<TicketExtensions> {
  return {
    effects: {
      verify: (tx, ticket) => enqueueVerification(tx, ticket),
      requestApproval: (tx, ticket, _actor, now) => requestApprovals(tx, ticket, now),
      fulfil: (tx, ticket, actor, now) => startRun(tx, ticket, actor, now),
      scheduleAutoClose: (tx, ticket, _actor, now) => scheduleAutoClose(context, tx, ticket, now),
    },
    guards: { noRunInProgress },
    viewParts: [approvalsViewPart, runsViewPart],
  };
}
