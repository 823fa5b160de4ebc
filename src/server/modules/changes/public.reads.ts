// Public changes as the status page's scheduled maintenance: a change marked `public` that is
// scheduled (authorized, its window ahead or open) or being implemented, with the services it
// reaches. Internal changes (the default) never appear. flows/status-page.ts registers this with
// the status page.
import { and, eq, gt, inArray, or } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { ticketsByIds } from '../tickets/index.js';
import { changeServices, changes } from './changes.schema.js';

export interface PublicChange {
  ticketId: string;
  key: string;
  title: string;
  description: string;
  plannedStart: Date;
  plannedEnd: Date;
  status: 'scheduled' | 'in_progress';
  serviceIds: string[];
  createdAt: Date;
  updatedAt: Date;
}

export async function publicChangesAround(db: Queryable, now: Date): Promise<PublicChange[]> {
  const rows = await db
    .select()
    .from(changes)
    .where(
      and(
        eq(changes.public, true),
        or(
          and(eq(changes.status, 'scheduled'), gt(changes.plannedEnd, now)),
          eq(changes.status, 'implement'),
        ),
      ),
    )
    .limit(200);
  if (rows.length === 0) return [];
  const ids = rows.map((row) => row.ticketId);
  const [tickets, services] = await Promise.all([
    ticketsByIds(db, ids),
    db.select().from(changeServices).where(inArray(changeServices.ticketId, ids)),
  ]);
  return rows.flatMap((row) => {
    const ticket = tickets.get(row.ticketId);
    if (!ticket) return [];
    return [
      {
        ticketId: row.ticketId,
        key: ticket.key,
        title: ticket.title,
        description: row.description,
        plannedStart: row.plannedStart,
        plannedEnd: row.plannedEnd,
        status: row.status === 'implement' ? ('in_progress' as const) : ('scheduled' as const),
        serviceIds: services
          .filter((entry) => entry.ticketId === row.ticketId)
          .map((entry) => entry.serviceId),
        createdAt: ticket.createdAt,
        updatedAt: ticket.updatedAt,
      },
    ];
  });
}
