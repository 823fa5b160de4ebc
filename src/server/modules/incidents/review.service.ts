// Post-incident reviews (blameless): started for an incident (every major one should have one),
// written in sections, with the five whys (each answer the next question), a timeline assembled
// from the incident's own, follow-up actions carried by tickets with an owner and a due date, and
// reviewers who tick it off before it is published. Publishing gives the incident its root cause.
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { withTransaction } from '../../db/client.js';
import { conflict, forbidden, invalidField, notFound } from '../../lib/errors.js';
import { actorOf, cachedUsersById, type Principal } from '../identity/index.js';
import {
  canSee,
  findTicketByKey,
  insertLink,
  lockTicket,
  rolesOf,
  type TicketRow,
  ticketForCaller,
  ticketsByIds,
  viewerOf,
} from '../tickets/index.js';
import { incidents } from './incidents.schema.js';
import { agentByRef } from './people.js';
import { createProblemIn } from './problems.service.js';
import { incidentReviewActions, incidentReviewReviewers, incidentReviews } from './review.schema.js';
import { addTimeline, timelineOf } from './timeline.js';

type ReviewStatus = typeof import('./review.schema.js').reviewStatuses[number];

async function incidentFor(context: AppContext, principal: Principal, key: string, work = true) {
  const { ticket, viewer } = await ticketForCaller(context, principal, key);
  if (ticket.kind !== 'incident')
    throw invalidField('key', `${ticket.key} is not an incident.`, 'not_an_incident');
  if (work && !(await rolesOf(context.db, viewer, ticket)).has('agent'))
    throw forbidden(`Only agents who work on ${ticket.key} may write its review.`, 'not_an_agent');
  return ticket;
}

async function reviewRow(context: AppContext, ticket: TicketRow) {
  const [row] = await context.db
    .select()
    .from(incidentReviews)
    .where(eq(incidentReviews.ticketId, ticket.id));
  if (!row) throw notFound(`The review of ${ticket.key}`);
  return row;
}

export async function startReview(
  context: AppContext,
  principal: Principal,
  key: string,
  requestId?: string,
) {
  const ticket = await incidentFor(context, principal, key);
  const actor = actorOf(principal, requestId);
  const now = context.clock.now();
  await withTransaction(context.db, actor, async (tx) => {
    await lockTicket(tx, ticket.id);
    const inserted = await tx
      .insert(incidentReviews)
      .values({ ticketId: ticket.id, createdAt: now, updatedAt: now })
      .onConflictDoNothing()
      .returning();
    if (inserted.length === 0) throw conflict('review_exists', `${ticket.key} already has a review.`);
    await addTimeline(tx, ticket.id, { kind: 'note', actor, at: now, body: 'Post-incident review started.' });
  });
  return readReview(context, principal, key);
}

export interface ReviewPatch {
  summary?: string | undefined;
  impact?: string | undefined;
  detection?: string | undefined;
  response?: string | undefined;
  recovery?: string | undefined;
  rootCause?: string | null | undefined;
  whys?: string[] | undefined;
}

export async function updateReview(
  context: AppContext,
  principal: Principal,
  key: string,
  patch: ReviewPatch,
  requestId?: string,
) {
  const ticket = await incidentFor(context, principal, key);
  const current = await reviewRow(context, ticket);
  if (current.status === 'published')
    throw conflict(
      'review_published',
      `The review of ${ticket.key} is published; move it back to draft to change it.`,
    );
  const now = context.clock.now();
  await withTransaction(context.db, actorOf(principal, requestId), async (tx) => {
    const changes = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined));
    await tx
      .update(incidentReviews)
      .set({ ...changes, updatedAt: now })
      .where(eq(incidentReviews.ticketId, ticket.id));
  });
  return readReview(context, principal, key);
}

export async function addReviewer(
  context: AppContext,
  principal: Principal,
  key: string,
  userRef: string,
  requestId?: string,
) {
  const ticket = await incidentFor(context, principal, key);
  await reviewRow(context, ticket);
  const user = await agentByRef(context, principal, userRef, 'user');
  await withTransaction(context.db, actorOf(principal, requestId), (tx) =>
    tx.insert(incidentReviewReviewers).values({ ticketId: ticket.id, userId: user.id }).onConflictDoNothing(),
  );
  return readReview(context, principal, key);
}

/** A reviewer ticks the review off (while it is in review). */
export async function approveReview(
  context: AppContext,
  principal: Principal,
  key: string,
  requestId?: string,
) {
  const ticket = await incidentFor(context, principal, key, false);
  const review = await reviewRow(context, ticket);
  if (review.status !== 'in_review')
    throw conflict('not_in_review', `The review of ${ticket.key} is ${review.status}, not in review.`);
  const now = context.clock.now();
  await withTransaction(context.db, actorOf(principal, requestId), async (tx) => {
    const updated = await tx
      .update(incidentReviewReviewers)
      .set({ approvedAt: now })
      .where(
        and(
          eq(incidentReviewReviewers.ticketId, ticket.id),
          eq(incidentReviewReviewers.userId, principal.user.id),
        ),
      )
      .returning();
    if (updated.length === 0)
      throw forbidden(`You are not a reviewer of ${ticket.key}'s review.`, 'not_a_reviewer');
  });
  return readReview(context, principal, key);
}

/** draft → in_review → published (every reviewer has ticked it off); back to draft clears the ticks. */
export async function setReviewStatus(
  context: AppContext,
  principal: Principal,
  key: string,
  status: ReviewStatus,
  requestId?: string,
) {
  const ticket = await incidentFor(context, principal, key);
  const review = await reviewRow(context, ticket);
  const reviewers = await context.db
    .select()
    .from(incidentReviewReviewers)
    .where(eq(incidentReviewReviewers.ticketId, ticket.id));
  if (status === review.status) throw conflict('unchanged', `The review is already ${status}.`);
  if (status === 'in_review' && reviewers.length === 0)
    throw invalidField('status', 'name at least one reviewer before asking for review.', 'no_reviewers');
  if (status === 'published') {
    if (review.status !== 'in_review')
      throw invalidField('status', 'only a review in review can be published.');
    const waiting = reviewers.filter((reviewer) => !reviewer.approvedAt);
    if (waiting.length > 0) {
      const people = await cachedUsersById(
        context.db,
        waiting.map((reviewer) => reviewer.userId),
      );
      throw conflict(
        'reviewers_pending',
        `Still waiting for ${waiting.map((reviewer) => people.get(reviewer.userId)?.displayName ?? 'a reviewer').join(', ')}.`,
      );
    }
  }
  const actor = actorOf(principal, requestId);
  const now = context.clock.now();
  await withTransaction(context.db, actor, async (tx) => {
    await lockTicket(tx, ticket.id);
    await tx
      .update(incidentReviews)
      .set({ status, updatedAt: now, publishedAt: status === 'published' ? now : null })
      .where(eq(incidentReviews.ticketId, ticket.id));
    if (status === 'draft')
      await tx
        .update(incidentReviewReviewers)
        .set({ approvedAt: null })
        .where(eq(incidentReviewReviewers.ticketId, ticket.id));
    if (status === 'published') {
      const rootCause = review.rootCause ?? review.whys.at(-1) ?? null;
      if (rootCause)
        await tx
          .update(incidents)
          .set({ rootCause })
          .where(and(eq(incidents.ticketId, ticket.id), isNull(incidents.rootCause)));
      await addTimeline(tx, ticket.id, {
        kind: 'note',
        actor,
        at: now,
        body: 'Post-incident review published.',
      });
    }
  });
  return readReview(context, principal, key);
}

/** A follow-up action: an existing ticket named, or a problem opened for it, owned and due. */
export async function addAction(
  context: AppContext,
  principal: Principal,
  key: string,
  input: { title: string; owner: string; dueDate: string; ticket?: string | undefined },
  requestId?: string,
) {
  const ticket = await incidentFor(context, principal, key);
  await reviewRow(context, ticket);
  const owner = await agentByRef(context, principal, input.owner, 'owner');
  let carrier: TicketRow | undefined;
  if (input.ticket) {
    carrier = await findTicketByKey(context, input.ticket);
    if (!carrier || !(await canSee(context.db, await viewerOf(context.db, principal), carrier)))
      throw invalidField('ticket', `there is no ticket ${input.ticket.toUpperCase()}.`, 'unknown_ticket');
    if (carrier.id === ticket.id)
      throw invalidField('ticket', 'an incident cannot be its own follow-up.', 'self_link');
  }
  const actor = actorOf(principal, requestId);
  const now = context.clock.now();
  await withTransaction(context.db, actor, async (tx) => {
    const locked = await lockTicket(tx, ticket.id);
    const action =
      carrier ??
      (await createProblemIn(
        tx,
        actor,
        {
          title: input.title,
          description: `Follow-up action of the post-incident review of ${ticket.key} (${ticket.title}), due ${input.dueDate}.`,
          priority: 'moderate',
          requesterId: principal.user.id,
          teamId: ticket.teamId,
          ciIds: [],
          incidents: [],
          assigneeId: owner.id,
        },
        now,
      ));
    await insertLink(tx, { ticket: action, type: 'related_to', targetId: locked.id, actor, now });
    await tx.insert(incidentReviewActions).values({
      ticketId: ticket.id,
      actionTicketId: action.id,
      ownerId: owner.id,
      dueDate: input.dueDate,
      createdAt: now,
    });
  });
  return readReview(context, principal, key);
}

export async function readReview(context: AppContext, principal: Principal, key: string) {
  const ticket = await incidentFor(context, principal, key, false);
  const review = await reviewRow(context, ticket);
  const { db } = context;
  const [[incident], reviewers, actions, timeline] = await Promise.all([
    db.select().from(incidents).where(eq(incidents.ticketId, ticket.id)),
    db.select().from(incidentReviewReviewers).where(eq(incidentReviewReviewers.ticketId, ticket.id)),
    db
      .select()
      .from(incidentReviewActions)
      .where(eq(incidentReviewActions.ticketId, ticket.id))
      .orderBy(asc(incidentReviewActions.id)),
    timelineOf(db, ticket.id),
  ]);
  const [people, carriers] = await Promise.all([
    cachedUsersById(db, [...reviewers.map((row) => row.userId), ...actions.map((row) => row.ownerId)]),
    ticketsByIds(
      db,
      actions.map((row) => row.actionTicketId),
    ),
  ]);
  const person = (id: string) => ({
    id,
    displayName: people.get(id)?.displayName ?? 'Unknown user',
    email: people.get(id)?.email ?? '',
  });
  const today = context.clock.now().toISOString().slice(0, 10);
  const seconds = (from: Date, to: Date | null) =>
    to ? Math.round((to.getTime() - from.getTime()) / 1000) : null;
  return {
    incident: {
      key: ticket.key,
      title: ticket.title,
      priority: ticket.priority,
      major: incident?.major ?? false,
    },
    status: review.status,
    summary: review.summary,
    impact: review.impact,
    detection: review.detection,
    response: review.response,
    recovery: review.recovery,
    rootCause: review.rootCause,
    whys: review.whys.map((answer, index) => ({
      question: index === 0 ? `Why did "${ticket.title}" happen?` : `Why: ${review.whys[index - 1]}?`,
      answer,
    })),
    timeline: timeline
      .filter((entry) => !(entry.data as { reminder?: boolean } | null)?.reminder)
      .map((entry) => ({ at: entry.at, kind: entry.kind, author: entry.actorLabel, body: entry.body })),
    metrics: {
      impactStartedAt: incident!.impactStartedAt,
      acknowledgedAt: incident!.acknowledgedAt,
      impactEndedAt: incident!.impactEndedAt,
      timeToAcknowledgeSeconds: seconds(incident!.impactStartedAt, incident!.acknowledgedAt),
      timeToRecoverSeconds: seconds(incident!.impactStartedAt, incident!.impactEndedAt),
    },
    actions: actions.map((row) => {
      const carrier = carriers.get(row.actionTicketId);
      const done = !!(carrier?.resolvedAt || carrier?.closedAt);
      return {
        id: row.id,
        key: carrier?.key ?? '',
        title: carrier?.title ?? '',
        status: carrier?.status ?? '',
        done,
        owner: person(row.ownerId),
        dueDate: row.dueDate,
        overdue: !done && row.dueDate < today,
      };
    }),
    reviewers: reviewers.map((row) => ({ user: person(row.userId), approvedAt: row.approvedAt })),
    createdAt: review.createdAt,
    updatedAt: review.updatedAt,
    publishedAt: review.publishedAt,
  };
}
