// The incident's timeline: every stakeholder update, internal note, status and role change, impact
// change and linked alert, each with its time and author. The post-incident review starts from it.
import { asc, eq } from 'drizzle-orm';
import type { Actor, Queryable, Tx } from '../../db/client.js';
import { incidentTimeline, type timelineKinds } from './incidents.schema.js';

export type TimelineKind = (typeof timelineKinds)[number];
export type Visibility = 'internal' | 'stakeholders' | 'public';

export async function addTimeline(
  tx: Tx,
  ticketId: string,
  entry: {
    kind: TimelineKind;
    actor: Actor;
    at: Date;
    body?: string;
    visibility?: Visibility;
    data?: unknown;
  },
): Promise<void> {
  await tx.insert(incidentTimeline).values({
    ticketId,
    at: entry.at,
    kind: entry.kind,
    visibility: entry.visibility ?? 'internal',
    actorId: entry.actor.id,
    actorLabel: entry.actor.label,
    body: entry.body ?? '',
    data: entry.data ?? null,
  });
}

export async function timelineOf(db: Queryable, ticketId: string) {
  return db
    .select()
    .from(incidentTimeline)
    .where(eq(incidentTimeline.ticketId, ticketId))
    .orderBy(asc(incidentTimeline.at), asc(incidentTimeline.id));
}
