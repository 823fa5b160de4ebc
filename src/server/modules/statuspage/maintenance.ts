// Where scheduled maintenance comes from. The changes practice registers a source (through
// flows/) that lists the public maintenance windows around an instant; until one is registered
// there are none. A service whose CI status is `maintenance` is under maintenance on its own.
import type { Queryable } from '../../db/client.js';

export interface Maintenance {
  /** Stable id (e.g. the change's ticket id). */
  id: string;
  /** e.g. CHG-12, shown on the page. */
  reference: string;
  name: string;
  description: string;
  scheduledFor: Date;
  scheduledUntil: Date;
  /** Service ids the window covers. */
  serviceIds: string[];
  status: 'scheduled' | 'in_progress' | 'verifying' | 'completed';
  createdAt: Date;
  updatedAt: Date;
}

/** Public maintenances that are in progress at `now` or scheduled after it. */
export type MaintenanceSource = (db: Queryable, now: Date) => Promise<Maintenance[]>;

const sources: MaintenanceSource[] = [];

/** Called once at start by flows/ (e.g. the changes practice's public, scheduled changes). */
export function registerMaintenanceSource(source: MaintenanceSource): void {
  sources.push(source);
}

export async function maintenancesAt(db: Queryable, now: Date): Promise<Maintenance[]> {
  const lists = await Promise.all(sources.map((source) => source(db, now)));
  return lists.flat().sort((a, b) => a.scheduledFor.getTime() - b.scheduledFor.getTime());
}

export function inWindow(maintenance: Maintenance, now: Date): boolean {
  return (
    maintenance.status !== 'completed' &&
    maintenance.scheduledFor.getTime() <= now.getTime() &&
    now.getTime() < maintenance.scheduledUntil.getTime()
  );
}
