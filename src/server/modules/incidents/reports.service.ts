// How an incident is followed instead of duplicated (seed 002 steps 7–8): while someone describes a
// problem, the open incidents on the services they follow or name, or whose title is like their
// words, are suggested; "Follow it" makes them a follower who is told when it is resolved.

import { inArray } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { withTransaction } from '../../db/client.js';
import { forbidden } from '../../lib/errors.js';
import { cisByIds, resolveCi, subscribedServiceIds } from '../cmdb/index.js';
import { actorOf, type Principal } from '../identity/index.js';
import { followTicketAs } from '../notifications/index.js';
import { addParticipants, openTicketsLike, ticketForCaller, ticketsByIds } from '../tickets/index.js';
import { openIncidentsOn } from './impact.service.js';
import { incidentServices } from './incidents.schema.js';

export interface Suggestion {
  key: string;
  title: string;
  status: string;
  priority: string;
  services: string[];
  why: string;
}

export async function suggestIncidents(
  context: AppContext,
  principal: Principal,
  input: { q?: string | undefined; service?: string | undefined },
): Promise<Suggestion[]> {
  const { db } = context;
  const named = input.service
    ? await resolveCi(db, input.service, { field: 'service', classKey: 'service' })
    : null;
  const followed = await subscribedServiceIds(db, principal.user.id);
  const serviceIds = [...new Set([...followed, ...(named ? [named.id] : [])])];
  const onServices = await openIncidentsOn(db, serviceIds, []);
  const matches = await openTicketsLike(db, { kind: 'incident', text: input.q, ids: onServices, limit: 10 });
  if (matches.length === 0) return [];
  const links = await db
    .select()
    .from(incidentServices)
    .where(
      inArray(
        incidentServices.ticketId,
        matches.map((match) => match.id),
      ),
    );
  const services = await cisByIds(
    db,
    links.map((link) => link.serviceId),
  );
  const tickets = await ticketsByIds(
    db,
    matches.map((match) => match.id),
  );
  return matches.map((match) => {
    const reached = links.filter((link) => link.ticketId === match.id);
    const mine = reached.filter((link) => serviceIds.includes(link.serviceId));
    return {
      key: match.key,
      title: match.title,
      status: match.status,
      priority: tickets.get(match.id)?.priority ?? 'moderate',
      services: reached.map((link) => services.get(link.serviceId)?.name ?? '').filter(Boolean),
      why:
        mine.length > 0
          ? `affects ${mine.map((link) => services.get(link.serviceId)?.name).join(', ')}`
          : 'similar words',
    };
  });
}

/** "Is it this? Follow it": the caller follows an open incident they may see, and is told when it is resolved. */
export async function followIncident(
  context: AppContext,
  principal: Principal,
  key: string,
  requestId?: string,
) {
  const { ticket } = await ticketForCaller(context, principal, key);
  if (ticket.kind !== 'incident') throw forbidden(`${ticket.key} is not an incident.`, 'not_an_incident');
  const now = context.clock.now();
  await withTransaction(context.db, actorOf(principal, requestId), async (tx) => {
    await addParticipants(tx, ticket.id, [principal.user.id], 'follower', now);
    await followTicketAs(tx, ticket.id, principal.user.id, principal.user.email);
  });
  return ticket;
}
