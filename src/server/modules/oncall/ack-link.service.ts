// The acknowledge link of a page email: no sign-in, the signed token is the credential. The GET
// shows a confirmation (mail scanners open links; a GET never acts); the POST acknowledges as the
// person the link was made for. Single use: the page acknowledges once, the second use is a 409.
import { and, eq } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { isDomainError } from '../../lib/errors.js';
import { usersByIds } from '../identity/index.js';
import { escapeHtml, linkPage, messagePage, ticketUrl, verifyLink } from '../notifications/index.js';
import { pageRecipients } from './oncall.schema.js';
import { acknowledgePage, getPage } from './paging.service.js';

export interface AckPage {
  status: number;
  html: string;
}

const refused = (status: number, message: string): AckPage => ({
  status,
  html: messagePage('This link cannot be used', message),
});

type Checked =
  | { ok: true; pageId: string; userId: string; name: string; ticketKey: string; title: string }
  | { ok: false; page: AckPage };

async function check(context: AppContext, token: string): Promise<Checked> {
  const verified = verifyLink(context, token);
  if (!verified.ok) {
    if (verified.reason === 'expired')
      return { ok: false, page: refused(410, 'This acknowledge link has expired: acknowledge in Opsdesk.') };
    return {
      ok: false,
      page: refused(
        verified.reason === 'forged' ? 403 : 400,
        'This link was not issued by Opsdesk, or it was changed.',
      ),
    };
  }
  const { payload } = verified;
  if (payload.action !== 'acknowledge' || !payload.userId)
    return { ok: false, page: refused(400, 'This is not an acknowledge link.') };
  const page = await getPage(context.db, payload.subject).catch(() => undefined);
  const user = (await usersByIds(context.db, [payload.userId])).get(payload.userId);
  const [recipient] = page
    ? await context.db
        .select()
        .from(pageRecipients)
        .where(
          and(
            eq(pageRecipients.pageId, page.id),
            eq(pageRecipients.userId, payload.userId),
            eq(pageRecipients.nonce, payload.nonce),
          ),
        )
    : [];
  if (!page || !user?.active || !recipient)
    return { ok: false, page: refused(404, 'The page this link was made for does not exist any more.') };
  if (page.status === 'acknowledged')
    return {
      ok: false,
      page: refused(409, `${page.ticketKey} was acknowledged already: this link was used.`),
    };
  return {
    ok: true,
    pageId: page.id,
    userId: user.id,
    name: user.displayName,
    ticketKey: page.ticketKey,
    title: page.title,
  };
}

export async function ackLinkPage(context: AppContext, token: string): Promise<AckPage> {
  const checked = await check(context, token);
  if (!checked.ok) return checked.page;
  return {
    status: 200,
    html: linkPage(
      `Acknowledge ${checked.ticketKey}`,
      `<p>${escapeHtml(checked.name)}, you are paged for <strong>${escapeHtml(checked.ticketKey)}</strong>: ${escapeHtml(checked.title)}.</p>
<form method="post" action="/ack/${escapeHtml(token)}"><button class="approve" type="submit">Acknowledge</button></form>
<p class="muted">Acknowledging stops the escalation. <a href="${escapeHtml(ticketUrl(context.config.publicUrl, checked.ticketKey))}">Open the incident</a>.</p>`,
    ),
  };
}

export async function actOnAckLink(context: AppContext, token: string, requestId: string): Promise<AckPage> {
  const checked = await check(context, token);
  if (!checked.ok) return checked.page;
  try {
    await acknowledgePage(
      context,
      { kind: 'user', id: checked.userId, label: `${checked.name} (page link)`, requestId },
      checked.pageId,
      checked.userId,
      'link',
    );
  } catch (error) {
    if (isDomainError(error) && error.kind === 'conflict') return refused(409, error.message);
    throw error;
  }
  return {
    status: 200,
    html: messagePage('Acknowledged', `You acknowledged ${checked.ticketKey}: the escalation stopped.`, {
      href: ticketUrl(context.config.publicUrl, checked.ticketKey),
      label: `Open ${checked.ticketKey}`,
    }),
  };
}
