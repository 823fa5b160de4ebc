// The public pages behind emailed links: /a/{token} (approve/decline) and /u/{token}
// (unsubscribe, also RFC 8058 one-click). No sign-in: the signed token is the credential. They
// live in their own scope, the only place that accepts HTML form posts.
import type { FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { linkFormBody, linkTokenParams } from '../../../../shared/api/notifications.js';
import type { AppContext } from '../../../context.js';
import type { App } from '../../../http/app.js';
import { actOnUnsubscribeLink, unsubscribeLinkPage } from '../audiences/unsubscribe.service.js';
import { actOnApprovalLink, approvalLinkPage, type LinkPage } from './action.service.js';

function sendPage(reply: FastifyReply, page: LinkPage) {
  return reply
    .status(page.status)
    .headers({
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      // The token is in the URL: it must not leak to other sites through the Referer.
      'referrer-policy': 'no-referrer',
      'x-frame-options': 'DENY',
      'x-content-type-options': 'nosniff',
      'content-security-policy':
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
    })
    .send(page.html);
}

export async function actionRoutes(app: App, context: AppContext): Promise<void> {
  await app.register(async (plugin) => {
    const scope = plugin.withTypeProvider<ZodTypeProvider>();
    scope.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: 20_000 },
      (_request, body, done) => {
        done(null, Object.fromEntries(new URLSearchParams(String(body))));
      },
    );
    // One-click unsubscribe may arrive as multipart/form-data; its body says nothing the URL does not.
    scope.addContentTypeParser(
      'multipart/form-data',
      { parseAs: 'string', bodyLimit: 20_000 },
      (_request, _body, done) => {
        done(null, {});
      },
    );

    scope.get('/a/*', { schema: { hide: true, params: linkTokenParams } }, async (request, reply) =>
      sendPage(reply, await approvalLinkPage(context, request.params['*'])),
    );
    scope.post(
      '/a/*',
      { schema: { hide: true, params: linkTokenParams, body: linkFormBody } },
      async (request, reply) =>
        sendPage(
          reply,
          await actOnApprovalLink(context, request.params['*'], request.body?.comment, request.id),
        ),
    );
    scope.get('/u/*', { schema: { hide: true, params: linkTokenParams } }, async (request, reply) =>
      sendPage(reply, await unsubscribeLinkPage(context, request.params['*'])),
    );
    scope.post('/u/*', { schema: { hide: true, params: linkTokenParams } }, async (request, reply) =>
      sendPage(reply, await actOnUnsubscribeLink(context, request.params['*'])),
    );
  });
}
