// Changes in the ticket core: the change workflow's guards (authorized, conflict-free, inside the
// window unless overridden, outcome recorded, reviewed), the approvals the risk picks on entering
// `authorize` (through the approvals module), the status copy and actual window kept by a
// listener, and the change part of the ticket view.
import type { AppContext } from '../context.js';
import {
  changeGuards,
  changeListener,
  changeManagersSeeChanges,
  changeViewPart,
  requestChangeApproval,
} from '../modules/changes/index.js';
import type { TicketExtensions } from '../modules/tickets/index.js';

export function changeEnablement(context: AppContext): Partial<TicketExtensions> {
  return {
    effects: { requestChangeApproval: (tx, ticket, _actor, now) => requestChangeApproval(tx, ticket, now) },
    guards: changeGuards(context.clock),
    listeners: [changeListener],
    viewParts: [changeViewPart],
    visibility: [changeManagersSeeChanges],
  };
}
