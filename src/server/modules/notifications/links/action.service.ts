// What the emailed links do. Approve/decline: the GET shows a confirmation page and changes
// nothing; the POST decides as the approver through the approvals service, recording the link's
// nonce in the decision's transaction, so a link acts once. Unsubscribe needs no sign-in either;
// its POST also serves RFC 8058 one-click requests.
import { eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { AppContext } from '../../../context.js';
import { isUniqueViolation } from '../../../db/client.js';
import { conflict, DomainError } from '../../../lib/errors.js';
import { defaultDateTimeFormat } from '../../../lib/template-filters.js';
import { type ApprovalRow, decide, findApproval } from '../../approvals/index.js';
import { principalOfUser, usersByIds } from '../../identity/index.js';
import { usedActionNonces } from '../notifications.schema.js';
import { displayFieldValue } from '../pipeline/ticket-context.js';
import { loadTicket, type UserRow } from '../pipeline/ticket-facts.js';
import { counterpartToken, verifyLink } from './action-links.js';
import { approvalPage, messagePage } from './action-pages.js';
import type { ActionTokenPayload } from './links.js';
import { ticketUrl } from './urls.js';

export interface LinkPage {
  status: number;
  html: string;
}

const invalid = (status: number, message: string): LinkPage => ({
  status,
  html: messagePage('This link cannot be used', message),
});

// These pages are answered to a browser following an emailed link: the status says what happened.
const linkPageStatus = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
  too_large: 413,
  unsupported_type: 415,
} as const;

type CheckedLink =
  | { ok: true; payload: ActionTokenPayload; approver: UserRow; approval: ApprovalRow }
  | { ok: false; page: LinkPage };

async function nonceUsed(context: AppContext, nonce: string): Promise<boolean> {
  const rows = await context.db
    .select({ nonce: usedActionNonces.nonce })
    .from(usedActionNonces)
    .where(eq(usedActionNonces.nonce, nonce));
  return rows.length > 0;
}

async function checkApprovalLink(context: AppContext, token: string): Promise<CheckedLink> {
  const verified = verifyLink(context, token);
  if (!verified.ok) {
    if (verified.reason === 'expired')
      return { ok: false, page: invalid(410, 'This approval link has expired. Please decide in Opsdesk.') };
    return {
      ok: false,
      page: invalid(
        verified.reason === 'forged' ? 403 : 400,
        'This link is not valid: it was not issued by Opsdesk, or it was changed on the way.',
      ),
    };
  }
  const { payload } = verified;
  if ((payload.action !== 'approve' && payload.action !== 'decline') || !payload.userId || !payload.ticketKey)
    return { ok: false, page: invalid(400, 'This is not an approval link.') };
  const approval = await findApproval(context.db, payload.subject, payload.userId);
  // Read fresh, not through the user cache: this decides whether the link may still act.
  const approver = (await usersByIds(context.db, [payload.userId])).get(payload.userId);
  if (!approval || !approver?.active)
    return { ok: false, page: invalid(404, 'The approval this link was made for does not exist any more.') };
  if (await nonceUsed(context, payload.nonce))
    return {
      ok: false,
      page: invalid(409, 'This link was already used: the decision it carried was recorded.'),
    };
  return { ok: true, payload, approver, approval };
}

export async function approvalLinkPage(context: AppContext, token: string): Promise<LinkPage> {
  const checked = await checkApprovalLink(context, token);
  if (!checked.ok) return checked.page;
  const { payload, approver, approval } = checked;
  const snapshot = await loadTicket(context.db, approval.ticketId);
  if (!snapshot) return invalid(404, 'The request of this approval does not exist any more.');
  const { ticket, requestType } = snapshot;
  if (approval.state !== 'pending' || ticket.status !== 'waiting_for_approval')
    return invalid(409, `${ticket.key} is no longer waiting for your decision.`);
  const when = (date: Date) =>
    DateTime.fromJSDate(date).setZone(approver.timeZone).setLocale('en-GB').toFormat(defaultDateTimeFormat);
  const other = counterpartToken(context, payload);
  return {
    status: 200,
    html: approvalPage({
      ticketKey: ticket.key,
      title: ticket.title,
      requestType: requestType?.name ?? null,
      requester: snapshot.requester.displayName,
      approver: approver.displayName,
      fields: (requestType?.fields ?? [])
        .filter((field) => ticket.fields[field.key] !== undefined)
        .map((field) => ({ label: field.label, value: displayFieldValue(field, ticket.fields[field.key]) })),
      filedAt: when(ticket.createdAt),
      ticketUrl: ticketUrl(context.config.publicUrl, ticket.key),
      approveAction: `/a/${payload.action === 'approve' ? token : other}`,
      declineAction: `/a/${payload.action === 'decline' ? token : other}`,
      expiresAt: when(payload.expiresAt),
    }),
  };
}

export async function actOnApprovalLink(
  context: AppContext,
  token: string,
  comment: string | undefined,
  requestId: string,
): Promise<LinkPage> {
  const checked = await checkApprovalLink(context, token);
  if (!checked.ok) return checked.page;
  const { payload, approver } = checked;
  const decision = payload.action === 'approve' ? 'approve' : 'decline';
  try {
    await decide(
      context,
      await principalOfUser(context.db, approver, 'approval-link'),
      payload.ticketKey!,
      { decision, comment: comment?.trim() || undefined },
      requestId,
      {
        inTransaction: async (tx) => {
          try {
            await tx.insert(usedActionNonces).values({
              nonce: payload.nonce,
              action: 'approval',
              subject: payload.subject,
              usedAt: context.clock.now(),
            });
          } catch (error) {
            if (isUniqueViolation(error)) throw conflict('link_used', 'This link was already used.');
            throw error;
          }
        },
      },
    );
  } catch (error) {
    if (error instanceof DomainError && error.kind !== 'internal' && error.kind !== 'unavailable')
      return invalid(linkPageStatus[error.kind], error.message);
    throw error;
  }
  const done = decision === 'approve' ? 'approved' : 'declined';
  return {
    status: 200,
    html: messagePage(
      `You ${done} ${payload.ticketKey}`,
      decision === 'approve'
        ? `Thank you. ${payload.ticketKey} is approved and its fulfilment starts now; the requester is told.`
        : `${payload.ticketKey} is declined; the requester is told.`,
      { href: ticketUrl(context.config.publicUrl, payload.ticketKey!), label: `Open ${payload.ticketKey}` },
    ),
  };
}
