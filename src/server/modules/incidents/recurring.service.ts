// The recurring-incident detector: a scheduled job (and an agent's "look now") finds N incidents
// (default 3 in 30 days) on one CI or service in alike words that no problem explains yet, and
// proposes a problem with that evidence. Accepting makes the problem and links the incidents;
// dismissing remembers the set, so it is not proposed again (unless new incidents join it).
import { and, desc, eq, gte, inArray, sql } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { type Actor, type Queryable, systemActor, withTransaction } from '../../db/client.js';
import { conflict, notFound } from '../../lib/errors.js';
import { cisByIds } from '../cmdb/index.js';
import { actorOf, type Principal, teamMemberIds } from '../identity/index.js';
import { tellInApp } from '../notifications/index.js';
import { linkedFrom, lockTicket, ticketKeysByIds, ticketsByIds } from '../tickets/index.js';
import { incidentCis, incidentServices, incidents } from './incidents.schema.js';
import { problemDetectionSettings, problemProposals } from './problems.schema.js';
import { createProblemIn } from './problems.service.js';
import { clusters, isSubset } from './recurring.js';

export interface DetectionSettings {
  threshold: number;
  windowDays: number;
  similarity: number;
}

export const defaultDetection: DetectionSettings = { threshold: 3, windowDays: 30, similarity: 0.3 };

export async function detectionSettings(db: Queryable): Promise<DetectionSettings> {
  const [row] = await db.select().from(problemDetectionSettings).where(eq(problemDetectionSettings.id, 1));
  return row
    ? { threshold: row.threshold, windowDays: row.windowDays, similarity: row.similarity }
    : defaultDetection;
}

export async function saveDetectionSettings(
  context: AppContext,
  actor: Actor,
  settings: DetectionSettings,
): Promise<DetectionSettings> {
  await withTransaction(context.db, actor, (tx) =>
    tx
      .insert(problemDetectionSettings)
      .values({ id: 1, ...settings })
      .onConflictDoUpdate({ target: problemDetectionSettings.id, set: settings }),
  );
  return settings;
}

/** Runs the detector; returns how many proposals it made or grew. */
export async function detectRecurring(context: AppContext): Promise<number> {
  const { db } = context;
  const settings = await detectionSettings(db);
  const now = context.clock.now();
  const since = new Date(now.getTime() - settings.windowDays * 86_400_000);
  const recent = await db
    .select({ id: incidents.ticketId })
    .from(incidents)
    .where(gte(incidents.impactStartedAt, since));
  if (recent.length < settings.threshold) return 0;
  const ids = recent.map((row) => row.id);
  const tickets = await ticketsByIds(db, ids);
  const live = ids.filter((id) => tickets.get(id) && tickets.get(id)!.status !== 'cancelled');
  // The CIs named first (the most precise evidence), then the services reached.
  const [named, reached] = await Promise.all([
    db
      .select({ ticketId: incidentCis.ticketId, ciId: incidentCis.ciId })
      .from(incidentCis)
      .where(inArray(incidentCis.ticketId, live)),
    db
      .select({ ticketId: incidentServices.ticketId, ciId: incidentServices.serviceId })
      .from(incidentServices)
      .where(inArray(incidentServices.ticketId, live)),
  ]);
  const groups = new Map<string, Set<string>>();
  for (const row of [...named, ...reached])
    groups.set(row.ciId, (groups.get(row.ciId) ?? new Set()).add(row.ticketId));
  const explained = new Map<string, boolean>();
  const isExplained = async (id: string) => {
    if (!explained.has(id))
      explained.set(
        id,
        (await linkedFrom(db, id, 'caused_by')).some((ticket) => ticket.kind === 'problem'),
      );
    return explained.get(id)!;
  };
  const existing = await db.select().from(problemProposals);
  const made: string[][] = [];
  let count = 0;
  for (const [ciId, members] of groups) {
    if (members.size < settings.threshold) continue;
    const candidates = [];
    for (const id of members)
      if (!(await isExplained(id))) candidates.push({ id, text: tickets.get(id)!.title });
    for (const cluster of clusters(candidates, settings.threshold, settings.similarity)) {
      const seen = [...existing.map((proposal) => proposal.incidentIds), ...made];
      // Proposed already (in any state), or a part of a set proposed or dismissed: nothing new.
      if (seen.some((set) => isSubset(cluster.ids, set))) continue;
      const pending = existing.find(
        (proposal) =>
          proposal.state === 'pending' &&
          proposal.ciId === ciId &&
          isSubset(proposal.incidentIds, cluster.ids),
      );
      const ci = (await cisByIds(db, [ciId])).get(ciId);
      const evidence = { count: cluster.ids.length, windowDays: settings.windowDays, words: cluster.words };
      const title = `Recurring incidents on ${ci?.name ?? 'a CI'}${cluster.words.length ? `: ${cluster.words.slice(0, 4).join(' ')}` : ''}`;
      await withTransaction(db, systemActor('problems'), async (tx) => {
        if (pending) {
          await tx
            .update(problemProposals)
            .set({ incidentIds: cluster.ids, evidence, title })
            .where(eq(problemProposals.id, pending.id));
        } else {
          await tx
            .insert(problemProposals)
            .values({ ciId, incidentIds: cluster.ids, title, evidence, createdAt: now });
        }
        const teamId = ci?.teamId ?? null;
        const people = teamId ? await teamMemberIds(tx, teamId) : [];
        await tellInApp(tx, {
          userIds: people,
          ticketId: null,
          event: 'problem.proposed',
          title: `${title} (${cluster.ids.length} incidents in ${settings.windowDays} days): a problem is proposed`,
          url: `${context.config.publicUrl.replace(/\/$/, '')}/problems/proposals`,
          dedupeKey: `problem-proposed:${cluster.ids.join(',')}`,
        });
      });
      made.push(cluster.ids);
      count++;
    }
  }
  return count;
}

export async function listProposals(db: Queryable, state: 'pending' | 'accepted' | 'dismissed') {
  const rows = await db
    .select()
    .from(problemProposals)
    .where(eq(problemProposals.state, state))
    .orderBy(desc(problemProposals.createdAt))
    .limit(200);
  const allIds = rows.flatMap((row) => row.incidentIds);
  const [tickets, cis, problemKeys] = await Promise.all([
    ticketsByIds(db, allIds),
    cisByIds(
      db,
      rows.map((row) => row.ciId),
    ),
    ticketKeysByIds(
      db,
      rows.flatMap((row) => (row.problemId ? [row.problemId] : [])),
    ),
  ]);
  return rows.map((row) => {
    const ci = cis.get(row.ciId);
    return {
      id: row.id,
      state: row.state,
      title: row.title,
      ci: { id: row.ciId, class: ci?.classKey ?? '', name: ci?.name ?? '' },
      incidents: row.incidentIds.flatMap((id) => {
        const ticket = tickets.get(id);
        return ticket
          ? [
              {
                key: ticket.key,
                title: ticket.title,
                status: ticket.status,
                priority: ticket.priority,
                createdAt: ticket.createdAt,
              },
            ]
          : [];
      }),
      evidence: row.evidence as { count: number; windowDays: number; words: string[] },
      createdAt: row.createdAt,
      decidedAt: row.decidedAt,
      decidedBy: row.decidedBy,
      problem: row.problemId ? (problemKeys.get(row.problemId) ?? null) : null,
    };
  });
}

async function pendingProposal(db: Queryable, id: string) {
  const [row] = await db.select().from(problemProposals).where(eq(problemProposals.id, id));
  if (!row) throw notFound(`Proposal ${id}`);
  if (row.state !== 'pending') throw conflict('already_decided', `This proposal was already ${row.state}.`);
  return row;
}

/** Accept: the problem is made on the proposal's CI and its incidents are linked to it, at once. */
export async function acceptProposal(
  context: AppContext,
  principal: Principal,
  id: string,
  input: { title?: string | undefined },
  requestId?: string,
) {
  const actor = actorOf(principal, requestId);
  const now = context.clock.now();
  return withTransaction(context.db, actor, async (tx) => {
    await tx.execute(sql`select 1 from ${problemProposals} where id = ${id}::uuid for update`);
    const proposal = await pendingProposal(tx, id);
    const ci = (await cisByIds(tx, [proposal.ciId])).get(proposal.ciId);
    const linked = [...(await ticketsByIds(tx, proposal.incidentIds)).values()];
    for (const incident of linked) await lockTicket(tx, incident.id);
    const evidence = proposal.evidence as { count: number; windowDays: number; words: string[] };
    const problem = await createProblemIn(
      tx,
      actor,
      {
        title: input.title ?? proposal.title,
        description: `Proposed by the recurring-incident detector: ${evidence.count} incidents on ${ci?.name ?? 'one CI'} within ${evidence.windowDays} days (${linked.map((ticket) => ticket.key).join(', ')}), sharing the words: ${evidence.words.join(', ')}.`,
        priority: 'moderate',
        requesterId: principal.user.id,
        teamId: ci?.teamId ?? linked[0]?.teamId ?? null,
        ciIds: [proposal.ciId],
        incidents: linked,
        proposalId: proposal.id,
      },
      now,
    );
    await tx
      .update(problemProposals)
      .set({ state: 'accepted', decidedAt: now, decidedBy: actor.label, problemId: problem.id })
      .where(and(eq(problemProposals.id, id)));
    return problem;
  });
}

export async function dismissProposal(
  context: AppContext,
  principal: Principal,
  id: string,
  requestId?: string,
) {
  const actor = actorOf(principal, requestId);
  const now = context.clock.now();
  await withTransaction(context.db, actor, async (tx) => {
    await tx.execute(sql`select 1 from ${problemProposals} where id = ${id}::uuid for update`);
    await pendingProposal(tx, id);
    await tx
      .update(problemProposals)
      .set({ state: 'dismissed', decidedAt: now, decidedBy: actor.label })
      .where(eq(problemProposals.id, id));
  });
}
