// The status page follows incidents: every incident event (opened, transitioned, priority or
// impact changed) records the services' status history once the change commits. The page itself
// is derived on read, and its cached copies are dropped by a NOTIFY trigger (see the migration).
import { statusMayHaveChanged } from '../modules/statuspage/index.js';
import type { TicketExtensions } from '../modules/tickets/index.js';

export function statusPage(): Partial<TicketExtensions> {
  return {
    listeners: [
      async (tx, event) => {
        if (event.kind === 'incident') await statusMayHaveChanged(tx);
      },
    ],
  };
}
