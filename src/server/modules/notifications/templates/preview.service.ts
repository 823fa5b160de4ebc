// The admin's live preview: a template (the stored one or a draft being edited) rendered against a
// real ticket's context — taken at the moment the ticket went through the event, when it did —
// or a real incident communication, or the event's sample. Problems are returned, not thrown, so
// the editor can show them while the admin types.
import type { AppContext } from '../../../context.js';
import { badRequest } from '../../../lib/errors.js';
import {
  type NotificationTemplate,
  type PartProblem,
  type RenderedNotification,
  renderNotification,
} from '../../../lib/templates.js';
import type { Principal } from '../../identity/index.js';
import { ticketForCaller } from '../../tickets/index.js';
import { incidentBaseContext } from '../incidents/incident-context.js';
import { buildBaseContext, type EventRow } from '../pipeline/context-builder.js';
import { eventSamples } from '../pipeline/event-samples.js';
import type { NotificationEvent } from '../pipeline/events.js';
import { autoCloseAt } from '../pipeline/reminders.js';
import { personalise } from '../pipeline/render.js';
import type { SlaFacts } from '../pipeline/sla-events.js';
import { allFieldDefinitions, historyOf, loadTicket } from '../pipeline/ticket-facts.js';
import { checkTemplate, templateFor, validationContext } from './templates.service.js';

type HistoryEntry = Awaited<ReturnType<typeof historyOf>>[number];

const momentOf: Partial<Record<NotificationEvent, (entry: HistoryEntry) => boolean>> = {
  'request.filed': (entry) => entry.transition === 'create',
  'request.verification_failed': (entry) => entry.transition === 'verification_failed',
  'approval.requested': (entry) => entry.toStatus === 'waiting_for_approval',
  'request.approved': (entry) => entry.transition === 'approve',
  'request.declined': (entry) => entry.transition === 'decline',
  'request.fulfilled': (entry) => entry.toStatus === 'waiting_for_customer',
  'request.need_further_support': (entry) => entry.toStatus === 'need_further_support',
  'request.waiting_for_customer_reminder': (entry) => entry.toStatus === 'waiting_for_customer',
  'request.closed': (entry) => entry.toStatus === 'closed',
};

function sampleSlaFacts(event: 'sla.warning' | 'sla.breached'): SlaFacts {
  const { sla } = eventSamples[event];
  return {
    kind: event === 'sla.warning' ? 'warning' : 'breached',
    policyName: sla.name,
    metricKey: sla.metric,
    metricName: sla.metricLabel,
    goalSeconds: sla.goalSeconds,
    elapsedSeconds: sla.elapsedSeconds,
    dueAt: sla.dueAt,
    breachedAt: 'breachedAt' in sla ? sla.breachedAt : null,
  };
}

/** The occurrence the ticket would have had for this event (its latest such moment). */
async function occurrenceFor(context: AppContext, event: NotificationEvent, ticketId: string) {
  const snapshot = await loadTicket(context.db, ticketId);
  if (!snapshot) return null;
  const history = await historyOf(context.db, ticketId);
  const matches = momentOf[event];
  const moment = matches ? history.filter(matches).at(-1) : undefined;
  const notes: string[] = [];
  if (matches && !moment)
    notes.push(
      `${snapshot.ticket.key} has not been through this event; its event-specific facts are placeholders.`,
    );
  const occurredAt = moment?.at ?? snapshot.ticket.updatedAt;
  let facts: Record<string, unknown> = moment
    ? {
        transition: moment.transition,
        from: moment.fromStatus,
        to: moment.toStatus,
        actorId: moment.actorId,
        actorLabel: moment.actorLabel,
      }
    : { to: snapshot.ticket.status };
  if (event === 'sla.warning' || event === 'sla.breached') {
    facts = sampleSlaFacts(event);
    notes.push('The SLA figures are examples.');
  }
  if (event === 'request.waiting_for_customer_reminder')
    facts = {
      enteredAt: occurredAt.toISOString(),
      autoCloseAt: autoCloseAt(context.config, snapshot.requestType, occurredAt).toISOString(),
    };
  const row: EventRow = {
    id: '00000000-0000-0000-0000-000000000000',
    dedupeKey: 'preview',
    event,
    ticketId,
    incidentCommunicationId: null,
    facts,
    occurredAt: event === 'request.waiting_for_customer_reminder' ? context.clock.now() : occurredAt,
    context: null,
    dispatchedAt: null,
    recordedAt: context.clock.now(),
  };
  return { row, notes };
}

export interface PreviewInput {
  ticketKey?: string | undefined;
  communicationId?: string | undefined;
  template?: NotificationTemplate | undefined;
}

export interface Preview {
  source: 'ticket' | 'incident' | 'sample';
  rendered: RenderedNotification | null;
  problems: PartProblem[];
  notes: string[];
}

async function baseFor(
  context: AppContext,
  principal: Principal,
  event: NotificationEvent,
  input: PreviewInput,
) {
  const incident = event.startsWith('incident.');
  if (input.ticketKey) {
    if (incident)
      throw badRequest('wrong_preview_source', 'ticketKey: incident events preview a communicationId.');
    const { ticket } = await ticketForCaller(context, principal, input.ticketKey);
    const occurrence = await occurrenceFor(context, event, ticket.id);
    const base = occurrence ? await buildBaseContext(context, occurrence.row) : null;
    if (!base || !occurrence) return null;
    return { source: 'ticket' as const, base, notes: occurrence.notes };
  }
  if (input.communicationId) {
    if (!incident) throw badRequest('wrong_preview_source', 'communicationId: only incident events use it.');
    const base = await incidentBaseContext(context, input.communicationId);
    return base ? { source: 'incident' as const, base, notes: [] } : null;
  }
  return null;
}

export async function previewTemplate(
  context: AppContext,
  principal: Principal,
  event: NotificationEvent,
  input: PreviewInput,
): Promise<Preview> {
  const template = input.template ?? (await templateFor(context.db, event)).template;
  const checked = await checkTemplate(context.db, event, template);
  const problems = checked.ok ? [] : checked.problems;
  const found = await baseFor(context, principal, event, input);
  let renderContext: Record<string, unknown>;
  const notes = found?.notes ?? [];
  if (found) {
    const personalised = personalise(
      context,
      event,
      found.base,
      {
        userId: principal.user.id,
        name: principal.user.displayName,
        email: principal.user.email,
        timeZone: principal.user.timeZone,
        unsubscribeScope: null,
        approvalId: null,
        deliveryId: 'preview',
      },
      context.clock.now(),
      { preview: true },
    );
    if (!personalised.ok)
      return { source: found.source, rendered: null, problems, notes: [personalised.reason] };
    renderContext = personalised.context;
  } else {
    renderContext = validationContext(event, await allFieldDefinitions(context.db));
  }
  const rendered = renderNotification(template, renderContext);
  if (!rendered.ok && !problems.some((problem) => problem.part === rendered.problem.part))
    problems.push(rendered.problem);
  return {
    source: found?.source ?? 'sample',
    rendered: rendered.ok ? rendered.notification : null,
    problems,
    notes,
  };
}
