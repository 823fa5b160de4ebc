// The status page follows incidents: every incident event (opened, transitioned, priority or
// impact changed) records the services' status history once the change commits. The page itself
// is derived on read, and its cached copies are dropped by a NOTIFY trigger (see the migrations).
// Its scheduled maintenance is the changes marked `public` that are scheduled or being implemented.
import { publicChangesAround } from '../modules/changes/index.js';
import { registerMaintenanceSource, statusMayHaveChanged } from '../modules/statuspage/index.js';
import type { TicketExtensions } from '../modules/tickets/index.js';

let maintenanceWired = false;

/** Public changes become the status page's maintenances (registered once per process). */
export function publicChangesAsMaintenance(): void {
  if (maintenanceWired) return;
  maintenanceWired = true;
  registerMaintenanceSource(async (db, now) =>
    (await publicChangesAround(db, now)).map((change) => ({
      id: change.ticketId,
      reference: change.key,
      name: change.title,
      description: change.description,
      scheduledFor: change.plannedStart,
      scheduledUntil: change.plannedEnd,
      serviceIds: change.serviceIds,
      status: change.status,
      createdAt: change.createdAt,
      updatedAt: change.updatedAt,
    })),
  );
}

export function statusPage(): Partial<TicketExtensions> {
  return {
    listeners: [
      async (tx, event) => {
        if (event.kind === 'incident') await statusMayHaveChanged(tx);
      },
    ],
  };
}
