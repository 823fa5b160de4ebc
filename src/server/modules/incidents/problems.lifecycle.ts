// How problems take part in the ticket core: a listener keeps the extension's copy of the status
// (and when it became a known error); the ticket view gets the problem's part (its incidents, CIs
// and the services they reach), and an incident's view the known errors on its CIs and services.
import { and, eq, inArray, sql } from 'drizzle-orm';
import { cisByIds, servicesAffectedBy } from '../cmdb/index.js';
import {
  linkedFrom,
  linkedTo,
  type TicketListener,
  type TicketViewPart,
  ticketsByIds,
} from '../tickets/index.js';
import { incidentCis, incidentServices } from './incidents.schema.js';
import { problemCis, problems } from './problems.schema.js';

export const problemListener: TicketListener = async (tx, event) => {
  if (event.kind !== 'problem' || event.type !== 'ticket.transitioned') return;
  await tx
    .update(problems)
    .set({
      status: event.status,
      ...(event.status === 'known_error'
        ? { knownErrorAt: sql`coalesce(${problems.knownErrorAt}, ${event.at})` }
        : {}),
    })
    .where(eq(problems.ticketId, event.ticketId));
};

const brief = (ticket: {
  key: string;
  title: string;
  status: string;
  priority: string;
  createdAt: Date;
}) => ({
  key: ticket.key,
  title: ticket.title,
  status: ticket.status,
  priority: ticket.priority,
  createdAt: ticket.createdAt,
});

export const problemViewPart: TicketViewPart = {
  name: 'problem',
  kinds: ['problem'],
  async load(db, ticket) {
    const [problem] = await db.select().from(problems).where(eq(problems.ticketId, ticket.id));
    if (!problem) return {};
    const [ciRows, incidents] = await Promise.all([
      db.select().from(problemCis).where(eq(problemCis.ticketId, ticket.id)),
      linkedTo(db, ticket.id, 'caused_by'),
    ]);
    const ciIds = ciRows.map((row) => row.ciId);
    const [cis, services] = await Promise.all([cisByIds(db, ciIds), servicesAffectedBy(db, ciIds)]);
    return {
      problem: {
        description: problem.description,
        rootCause: problem.rootCause,
        workaround: problem.workaround,
        knownErrorAt: problem.knownErrorAt,
        fromProposal: problem.proposalId !== null,
        incidents: incidents
          .filter((incident) => incident.kind === 'incident')
          .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
          .map(brief),
      },
      cis: ciIds.map((id) => ({ id, class: cis.get(id)?.classKey ?? '', name: cis.get(id)?.name ?? '' })),
      services: services
        .map((entry) => ({ id: entry.id, name: entry.ci.name, depth: entry.depth, path: entry.path }))
        .sort((a, b) => a.depth - b.depth || a.name.localeCompare(b.name)),
    };
  },
};

/** Known errors (problems in `known_error`) on the incident's CIs or services, or that cause it. */
export const knownErrorsViewPart: TicketViewPart = {
  name: 'knownErrors',
  kinds: ['incident'],
  async load(db, ticket) {
    const [ciRows, serviceRows, causes] = await Promise.all([
      db.select({ id: incidentCis.ciId }).from(incidentCis).where(eq(incidentCis.ticketId, ticket.id)),
      db
        .select({ id: incidentServices.serviceId })
        .from(incidentServices)
        .where(eq(incidentServices.ticketId, ticket.id)),
      linkedFrom(db, ticket.id, 'caused_by'),
    ]);
    const touched = [...new Set([...ciRows, ...serviceRows].map((row) => row.id))];
    const matching =
      touched.length > 0
        ? await db
            .select({ ticketId: problemCis.ticketId, ciId: problemCis.ciId })
            .from(problemCis)
            .innerJoin(problems, eq(problems.ticketId, problemCis.ticketId))
            .where(and(eq(problems.status, 'known_error'), inArray(problemCis.ciId, touched)))
        : [];
    const causeIds = causes.filter((cause) => cause.kind === 'problem').map((cause) => cause.id);
    const ids = [...new Set([...matching.map((row) => row.ticketId), ...causeIds])];
    if (ids.length === 0) return { knownErrors: [] };
    const rows = await db
      .select()
      .from(problems)
      .where(and(inArray(problems.ticketId, ids), eq(problems.status, 'known_error')));
    const [tickets, names] = await Promise.all([
      ticketsByIds(db, ids),
      cisByIds(
        db,
        matching.map((row) => row.ciId),
      ),
    ]);
    return {
      knownErrors: rows.map((row) => ({
        key: tickets.get(row.ticketId)?.key ?? '',
        title: tickets.get(row.ticketId)?.title ?? '',
        workaround: row.workaround,
        matches: matching
          .filter((match) => match.ticketId === row.ticketId)
          .map((match) => names.get(match.ciId)?.name ?? '')
          .filter(Boolean),
      })),
    };
  },
};
