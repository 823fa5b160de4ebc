// The flows across modules, wired once at start by the composition root: each practice's
// extensions of the ticket core, and who hears SLA events. A reader looking for "what happens
// after a request is approved" starts here.
import type { AppContext } from '../context.js';
import { dispatchAfterCommits } from '../modules/notifications/index.js';
import { configureSlaEvents } from '../modules/sla/index.js';
import {
  configureTicketCore,
  statusCountsOfWorkflow,
  type TicketExtensions,
} from '../modules/tickets/index.js';
import { configureWorkflowUsage } from '../modules/workflow/index.js';
import { autoClose } from './auto-close.js';
import { changeEnablement } from './change-enablement.js';
import { changeWindowsHoldAlerts } from './change-windows.js';
import { incidentManagement } from './incident-management.js';
import { inventoryInCmdb } from './inventory-cmdb.js';
import { measureAndNotify, notifySlaEvents } from './measure-and-notify.js';
import { oncallPaging } from './oncall-paging.js';
import { requestFulfilment } from './request-fulfilment.js';
import { publicChangesAsMaintenance, statusPage } from './status-page.js';

/** Merges the flows' extensions; two flows claiming the same effect, guard or filter is a bug. */
export function mergeExtensions(parts: Partial<TicketExtensions>[]): TicketExtensions {
  const merged = {
    effects: {} as Record<string, TicketExtensions['effects'][string]>,
    guards: {} as Record<string, TicketExtensions['guards'][string]>,
    listeners: [] as TicketExtensions['listeners'][number][],
    viewParts: [] as TicketExtensions['viewParts'][number][],
    summaryParts: [] as TicketExtensions['summaryParts'][number][],
    searchFilters: {} as Record<string, TicketExtensions['searchFilters'][string]>,
    visibility: [] as TicketExtensions['visibility'][number][],
  };
  const claim = <T>(
    target: Record<string, T>,
    source: Readonly<Record<string, T>> | undefined,
    what: string,
  ) => {
    for (const [name, value] of Object.entries(source ?? {})) {
      if (name in target) throw new Error(`Two flows claim the ${what} "${name}".`);
      target[name] = value;
    }
  };
  for (const part of parts) {
    claim(merged.effects, part.effects, 'effect');
    claim(merged.guards, part.guards, 'guard');
    claim(merged.searchFilters, part.searchFilters, 'search filter');
    merged.listeners.push(...(part.listeners ?? []));
    merged.viewParts.push(...(part.viewParts ?? []));
    merged.summaryParts.push(...(part.summaryParts ?? []));
    merged.visibility.push(...(part.visibility ?? []));
  }
  return merged;
}

export function wireFlows(context: AppContext): void {
  configureTicketCore(
    mergeExtensions([
      requestFulfilment(),
      autoClose(context),
      incidentManagement(),
      changeEnablement(context),
      statusPage(),
      measureAndNotify(context),
    ]),
  );
  configureSlaEvents({ listeners: [notifySlaEvents] });
  // Notifications are dispatched by the process that records them, once their change commits.
  dispatchAfterCommits(context);
  inventoryInCmdb(context);
  oncallPaging(context);
  changeWindowsHoldAlerts();
  publicChangesAsMaintenance();
  // A workflow edit keeps the statuses tickets are in.
  configureWorkflowUsage(statusCountsOfWorkflow);
}
