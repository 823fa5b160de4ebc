// The signed links inside messages: approve/decline (single use, see action.routes.ts) and
// unsubscribe; acknowledge a page (on-call). Their nonces derive from the delivery id, so a retried delivery carries the very
// same links; approve and decline of one message share a nonce, so using one spends both.
import { createHmac } from 'node:crypto';
import type { AppContext } from '../../../context.js';
import { type ActionTokenPayload, signActionToken, verifyActionToken } from './links.js';
import { approvalActionUrl, unsubscribeUrl } from './urls.js';

const unsubscribeLinkDays = 365;

/** A key of its own for links, derived from the instance key (which also seals secrets). */
export function actionSecret(context: Pick<AppContext, 'secretKey'>): Buffer {
  return createHmac('sha256', context.secretKey).update('opsdesk.notifications.action-links').digest();
}

export function nonceFor(secret: Buffer, deliveryId: string, purpose: string): string {
  return createHmac('sha256', secret)
    .update(`${purpose}:${deliveryId}`)
    .digest()
    .subarray(0, 18)
    .toString('base64url');
}

export interface ApprovalLinkInput {
  approvalId: string;
  ticketKey: string;
  approverId: string;
  deliveryId: string;
  expiresAt: Date;
}

export function approvalLinks(context: Pick<AppContext, 'secretKey' | 'config'>, input: ApprovalLinkInput) {
  const secret = actionSecret(context);
  const common = {
    subject: input.approvalId,
    ticketKey: input.ticketKey,
    userId: input.approverId,
    expiresAt: input.expiresAt,
    nonce: nonceFor(secret, input.deliveryId, 'approval'),
  };
  const url = (action: 'approve' | 'decline') =>
    approvalActionUrl(context.config.publicUrl, signActionToken({ ...common, action }, secret));
  return { approve: url('approve'), decline: url('decline') };
}

/** The other decision's token for the same approval and nonce (the confirmation page offers both). */
export function counterpartToken(
  context: Pick<AppContext, 'secretKey'>,
  payload: ActionTokenPayload,
): string {
  const action = payload.action === 'approve' ? 'decline' : 'approve';
  return signActionToken({ ...payload, action }, actionSecret(context));
}

export function unsubscribeLink(
  context: Pick<AppContext, 'secretKey' | 'config'>,
  scope: string,
  deliveryId: string,
  issuedAt: Date,
): string {
  const secret = actionSecret(context);
  const token = signActionToken(
    {
      action: 'unsubscribe',
      subject: scope,
      expiresAt: new Date(issuedAt.getTime() + unsubscribeLinkDays * 86_400_000),
      nonce: nonceFor(secret, deliveryId, 'unsubscribe'),
    },
    secret,
  );
  return unsubscribeUrl(context.config.publicUrl, token);
}

export function verifyLink(context: Pick<AppContext, 'secretKey' | 'clock'>, token: string) {
  return verifyActionToken(token, actionSecret(context), context.clock.now());
}

/**
 * A signed link acknowledging an on-call page as the person it was sent to (served by the on-call
 * module at `/ack/{token}`). Single use: its nonce is the page notification's, and the page acknowledges once.
 */
export function pageAcknowledgeLink(
  context: Pick<AppContext, 'secretKey' | 'config'>,
  input: { pageId: string; userId: string; ticketKey: string; nonce: string; expiresAt: Date },
): string {
  const token = signActionToken(
    {
      action: 'acknowledge',
      subject: input.pageId,
      ticketKey: input.ticketKey,
      userId: input.userId,
      expiresAt: input.expiresAt,
      nonce: input.nonce,
    },
    actionSecret(context),
  );
  return `${context.config.publicUrl}/ack/${token}`;
}

/**
 * A signed link token for another module's own page (a status-page subscription's confirm and
 * unsubscribe links): the same signature as approval links, checked with `verifyLink`.
 */
export function signLink(
  context: Pick<AppContext, 'secretKey'>,
  payload: Pick<ActionTokenPayload, 'action' | 'subject' | 'expiresAt' | 'nonce'>,
): string {
  return signActionToken(payload, actionSecret(context));
}
