// Who hears that environments changed (the CMDB keeps a CI per environment): called inside the
// writing transaction with the names that changed and why, so a mirror commits with the change.
import type { Actor, Tx } from '../../db/client.js';
import type { EnvironmentWithConnection } from './inventory.service.js';

export interface EnvironmentChangeOrigin {
  /** api (an admin), inventory (a provider sync), fulfilment (a request's run). */
  via: 'api' | 'inventory' | 'fulfilment';
  actor: Actor;
  /** The ticket a fulfilment run worked for. */
  ticketId?: string | null;
}

/** `known`: environments as the change left them, by name (a listener need not read those again). */
export type EnvironmentListener = (
  tx: Tx,
  names: string[],
  origin: EnvironmentChangeOrigin,
  known?: ReadonlyMap<string, EnvironmentWithConnection>,
) => Promise<void>;

let listeners: readonly EnvironmentListener[] = [];

/** Wired once at start by the flows. */
export function configureEnvironmentListeners(next: readonly EnvironmentListener[]): void {
  listeners = next;
}

export async function environmentsChanged(
  tx: Tx,
  names: string[],
  origin: EnvironmentChangeOrigin,
  known?: ReadonlyMap<string, EnvironmentWithConnection>,
) {
  const unique = [...new Set(names)];
  if (unique.length === 0) return;
  for (const listener of listeners) await listener(tx, unique, origin, known);
}
