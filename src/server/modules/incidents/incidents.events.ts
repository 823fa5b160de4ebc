// "An incident opened", however it was opened (portal, agent, event rule): handed, in the
// transaction that opens it, to the listeners the composition root configures (on-call paging
// hangs off it), like the ticket lifecycle's listeners.
import type { Actor, Tx } from '../../db/client.js';

export interface IncidentOpened {
  ticketId: string;
  ticketKey: string;
  title: string;
  priority: string;
  source: string;
  /** The service named when opening, if any. */
  serviceId: string | null;
  /** Every service it reaches (impact analysis), nearest first. */
  serviceIds: string[];
  actor: Actor;
  at: Date;
}

export type IncidentOpenedListener = (tx: Tx, event: IncidentOpened) => Promise<void>;

let openedListeners: readonly IncidentOpenedListener[] = [];

/** Set once by the composition root (flows/index.ts). */
export function configureIncidentEvents(config: { opened: readonly IncidentOpenedListener[] }): void {
  openedListeners = config.opened;
}

export async function incidentOpened(tx: Tx, event: IncidentOpened): Promise<void> {
  for (const listener of openedListeners) await listener(tx, event);
}
