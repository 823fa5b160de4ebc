// Service requests (the catalog's request types): filing one as the caller, and the automatic
// close of a delivered request nobody confirmed. Verification is in verification.ts; what entering
// each status does is wired in flows/request-fulfilment.ts.
import type { FieldDefinition, FieldValues } from '../../../shared/fields.js';
import { fieldValuesSchema } from '../../../shared/fields.js';
import type { AppContext } from '../../context.js';
import { type Tx, withTransaction } from '../../db/client.js';
import { badRequest, validationFailed } from '../../lib/errors.js';
import { findRequestType, getRequestTypeById } from '../catalog/index.js';
import { actorOf, findTeamByKey, type Principal } from '../identity/index.js';
import { attachStaged, claimStaged, createTicket, insertComment, type TicketRow } from '../tickets/index.js';
import { requestJobs } from './requests.jobs.js';

function titleOf(typeName: string, fields: FieldDefinition[], values: FieldValues): string {
  const summary = fields
    .filter((field) => field.type === 'environment' || field.type === 'text')
    .map((field) => values[field.key])
    .filter((value): value is string => typeof value === 'string' && value.length > 0)
    .slice(0, 2)
    .join(' · ');
  return summary ? `${typeName}: ${summary}` : typeName;
}

/**
 * Files a request as the caller. Structural problems (unknown request type, wrong JSON types,
 * missing or unknown fields) are refused with a 400 and nothing is stored; the rules are checked
 * by verification, which cancels the ticket with every problem listed.
 */
export async function fileRequest(
  context: AppContext,
  principal: Principal,
  input: {
    requestType: string;
    fields: Record<string, unknown>;
    summary?: string | undefined;
    description?: string | undefined;
    /** Files the caller staged (POST /attachments), attached in the filing's transaction. */
    attachments?: readonly string[] | undefined;
  },
  requestId?: string,
): Promise<TicketRow> {
  const type = await findRequestType(context.db, input.requestType);
  if (!type?.active) {
    throw badRequest(
      'unknown_request_type',
      `requestType: there is no request type "${input.requestType}" in the catalog.`,
      [{ field: 'requestType', message: 'unknown request type' }],
    );
  }
  const parsed = fieldValuesSchema(type.fields).safeParse(input.fields);
  if (!parsed.success) {
    throw validationFailed(
      parsed.error.issues.map((issue) => ({
        field: ['fields', ...issue.path].join('.'),
        message:
          issue.code === 'unrecognized_keys' ? `unknown field(s) ${issue.keys.join(', ')}` : issue.message,
      })),
      'The request does not fit the form',
    );
  }
  const fields = parsed.data;
  if (!type.askSummary && (input.summary || input.description)) {
    throw validationFailed(
      [
        {
          field: input.summary ? 'summary' : 'description',
          message: 'this request type does not ask for it',
        },
      ],
      'The request does not fit the form',
    );
  }
  // Routing: the type's team, else the service desk's (OPSDESK_DEFAULT_TEAM), so a request never
  // lands in a queue nobody works.
  const teamId = type.teamId ?? (await findTeamByKey(context.db, context.config.defaultTeam))?.id ?? null;
  const actor = actorOf(principal, requestId);
  const now = context.clock.now();
  return withTransaction(context.db, actor, async (tx) => {
    // The staged files first: a bad id refuses the whole filing (400 naming attachments.<i>), so
    // no request is filed without its files, and no ticket number is spent on a refusal.
    const staged = await claimStaged(tx, {
      ids: input.attachments ?? [],
      uploaderId: principal.user.id,
      now,
    });
    const ticket = await createTicket(
      tx,
      actor,
      {
        kind: 'request',
        requestTypeId: type.id,
        workflowKey: type.workflowKey,
        // The requester's own summary names the ticket; otherwise its type and main fields.
        title: input.summary ? input.summary : titleOf(type.name, type.fields, fields),
        fields,
        requesterId: principal.user.id,
        teamId,
      },
      now,
    );
    // The description is the request's first comment, from the requester (as a mail's body is).
    if (input.description) {
      await insertComment(tx, ticket, actor, { body: input.description, internal: false }, now);
    }
    await attachStaged(tx, { ticket, claimed: staged, actor, now });
    return ticket;
  });
}

/** How long a delivered request waits for its requester before it closes: its type's days or the default. */
export async function autoCloseDaysOf(context: AppContext, tx: Tx, ticket: TicketRow): Promise<number> {
  const type = ticket.requestTypeId ? await getRequestTypeById(tx, ticket.requestTypeId) : null;
  return type?.autoCloseDays ?? context.config.autoCloseDays;
}

/** Effect of entering waiting_for_verification: the verification job, enqueued with the ticket. */
export async function enqueueVerification(tx: Tx, ticket: TicketRow): Promise<void> {
  await requestJobs.enqueue(tx, 'requests.verify', { ticketId: ticket.id });
}
