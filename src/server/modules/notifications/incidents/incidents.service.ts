// Incident communications (seed 001): an incident manager composes a message (start, update,
// resolution) with the fields stakeholders expect, previews it per audience, and sends it to the
// mailing lists matching its services and regions (or chosen ones). Each reference (INC-311)
// keeps the history of what was said.
import { and, asc, count, desc, eq, inArray } from 'drizzle-orm';
import type { z } from 'zod';
import {
  type CommunicationInput,
  communicationInput,
  type communicationPatch,
} from '../../../../shared/api/incident-communications.js';
import type { AppContext } from '../../../context.js';
import { withTransaction } from '../../../db/client.js';
import { conflict, notFound, validationFailed } from '../../../lib/errors.js';
import { actorOf, type Principal } from '../../identity/index.js';
import { incidentCommunications, mailingLists } from '../audiences/audiences.schema.js';
import { rulesOf } from '../audiences/rules.service.js';
import { notificationDeliveries } from '../notifications.schema.js';
import { recordOccurrence } from '../pipeline/occurrences.js';
import { incidentListIds } from '../pipeline/recipients.js';
import { personalise, renderWithFallback } from '../pipeline/render.js';
import { templateFor } from '../templates/templates.service.js';
import { type IncidentCommunicationRow, incidentContextOf, incidentEventOf } from './incident-context.js';

function columnsOf(input: CommunicationInput) {
  const { impactStart, impactEnd, nextUpdateAt, ...rest } = input;
  return {
    ...rest,
    reference: input.reference.toUpperCase(),
    impactStart: new Date(impactStart),
    impactEnd: impactEnd ? new Date(impactEnd) : null,
    nextUpdateAt: nextUpdateAt ? new Date(nextUpdateAt) : null,
  };
}

async function row(context: AppContext, id: string): Promise<IncidentCommunicationRow> {
  const [found] = await context.db
    .select()
    .from(incidentCommunications)
    .where(eq(incidentCommunications.id, id));
  if (!found) throw notFound('The incident communication');
  return found;
}

async function audiencesOf(context: AppContext, communication: IncidentCommunicationRow) {
  const ids = await incidentListIds(context.db, communication.id);
  if (ids.length === 0) return [];
  return context.db
    .select()
    .from(mailingLists)
    .where(inArray(mailingLists.id, ids))
    .orderBy(asc(mailingLists.name));
}

export async function communicationOut(context: AppContext, communication: IncidentCommunicationRow) {
  const audiences = await audiencesOf(context, communication);
  const statuses = await context.db
    .select({ status: notificationDeliveries.status, deliveries: count() })
    .from(notificationDeliveries)
    .where(eq(notificationDeliveries.incidentCommunicationId, communication.id))
    .groupBy(notificationDeliveries.status);
  return {
    ...communication,
    event: incidentEventOf[communication.phase],
    audiences: audiences.map((list) => ({ id: list.id, key: list.key, name: list.name })),
    deliveries: Object.fromEntries(statuses.map((entry) => [entry.status, entry.deliveries])),
  };
}

export async function createCommunication(
  context: AppContext,
  principal: Principal,
  input: CommunicationInput,
  requestId?: string,
) {
  const now = context.clock.now();
  const [created] = await withTransaction(context.db, actorOf(principal, requestId), (tx) =>
    tx
      .insert(incidentCommunications)
      .values({
        ...columnsOf(input),
        authorId: principal.user.id,
        authorLabel: principal.user.displayName,
        state: 'draft',
        createdAt: now,
        updatedAt: now,
      })
      .returning(),
  );
  return communicationOut(context, created!);
}

function inputOf(current: IncidentCommunicationRow) {
  const iso = (date: Date | null) => date?.toISOString() ?? null;
  return {
    reference: current.reference,
    phase: current.phase,
    title: current.title,
    description: current.description,
    status: current.status,
    serviceStatus: current.serviceStatus,
    impact: current.impact,
    regions: current.regions,
    services: current.services,
    components: current.components,
    impactStart: current.impactStart.toISOString(),
    impactEnd: iso(current.impactEnd),
    workaround: current.workaround,
    rootCause: current.rootCause,
    nextUpdateAt: iso(current.nextUpdateAt),
    message: current.message,
    mailingListIds: current.mailingListIds,
    recipientUserIds: current.recipientUserIds,
  };
}

export async function updateCommunication(
  context: AppContext,
  principal: Principal,
  id: string,
  patch: z.infer<typeof communicationPatch>,
  requestId?: string,
) {
  const current = await row(context, id);
  if (current.state !== 'draft')
    throw conflict('already_sent', 'A sent communication cannot change; send an update instead.');
  const merged = communicationInput.safeParse({ ...inputOf(current), ...patch });
  if (!merged.success) {
    throw validationFailed(
      merged.error.issues.map((issue) => ({ field: issue.path.join('.') || 'body', message: issue.message })),
      'The communication is not valid',
    );
  }
  const { reference: _reference, ...changes } = columnsOf(merged.data);
  await withTransaction(context.db, actorOf(principal, requestId), (tx) =>
    tx
      .update(incidentCommunications)
      .set({ ...changes, updatedAt: context.clock.now() })
      .where(eq(incidentCommunications.id, id)),
  );
  return communicationOut(context, await row(context, id));
}

export async function getCommunication(context: AppContext, id: string) {
  return communicationOut(context, await row(context, id));
}

export async function listCommunications(context: AppContext, reference?: string) {
  const rows = await context.db
    .select()
    .from(incidentCommunications)
    .where(reference ? eq(incidentCommunications.reference, reference.toUpperCase()) : undefined)
    .orderBy(desc(incidentCommunications.createdAt))
    .limit(200);
  return Promise.all(rows.map((communication) => communicationOut(context, communication)));
}

/** Sends a draft: the occurrence and its dispatch job commit with the state change. */
export async function sendCommunication(
  context: AppContext,
  principal: Principal,
  id: string,
  requestId?: string,
) {
  const current = await row(context, id);
  const event = incidentEventOf[current.phase];
  const reachesSomeone =
    (await incidentListIds(context.db, id)).length > 0 ||
    current.recipientUserIds.length > 0 ||
    (await rulesOf(context.db, event)).some((rule) => rule.enabled && rule.audience !== 'incident_audiences');
  if (!reachesSomeone)
    throw conflict(
      'no_audience',
      'No mailing list covers these services and regions, and no rule sends this event elsewhere: choose lists or create one.',
    );
  const now = context.clock.now();
  await withTransaction(context.db, actorOf(principal, requestId), async (tx) => {
    const [locked] = await tx
      .select()
      .from(incidentCommunications)
      .where(eq(incidentCommunications.id, id))
      .for('update');
    if (locked?.state !== 'draft') throw conflict('already_sent', 'This communication was sent already.');
    await tx
      .update(incidentCommunications)
      .set({ state: 'sent', sentAt: now, updatedAt: now })
      .where(and(eq(incidentCommunications.id, id)));
    await recordOccurrence(tx, {
      event,
      dedupeKey: `incident:${id}`,
      occurredAt: now,
      incidentCommunicationId: id,
      facts: { reference: locked.reference, phase: locked.phase },
    });
  });
  return communicationOut(context, await row(context, id));
}

/** The message as each audience will read it (dates in the list's time zone). */
export async function previewCommunication(context: AppContext, id: string) {
  const communication = await row(context, id);
  const event = incidentEventOf[communication.phase];
  const base = incidentContextOf(
    communication,
    context.config.publicUrl,
    communication.sentAt ?? context.clock.now(),
  );
  const { template } = await templateFor(context.db, event);
  const lists = await audiencesOf(context, communication);
  const readers = lists.length > 0 ? lists : [{ id: null, name: 'Stakeholders', timeZone: 'UTC' }];
  return readers.map((list) => {
    const personalised = personalise(
      context,
      event,
      base,
      {
        userId: null,
        name: list.name,
        email: null,
        timeZone: list.timeZone,
        unsubscribeScope: null,
        approvalId: null,
        deliveryId: 'preview',
      },
      context.clock.now(),
      { preview: true },
    );
    const rendered = personalised.ok
      ? renderWithFallback(event, template, personalised.context)
      : personalised;
    return {
      mailingListId: list.id,
      audience: list.name,
      timeZone: list.timeZone,
      rendered: rendered.ok ? rendered.rendered : null,
      problem: rendered.ok ? rendered.note : rendered.reason,
    };
  });
}

/** Writes and sends a communication in one step (the incidents practice's stakeholder updates). */
export async function communicate(
  context: AppContext,
  principal: Principal,
  input: z.input<typeof communicationInput>,
  requestId?: string,
) {
  const parsed = communicationInput.safeParse(input);
  if (!parsed.success) {
    throw validationFailed(
      parsed.error.issues.map((issue) => ({ field: issue.path.join('.') || 'body', message: issue.message })),
      'The communication is not valid',
    );
  }
  const draft = await createCommunication(context, principal, parsed.data, requestId);
  return sendCommunication(context, principal, draft.id, requestId);
}
