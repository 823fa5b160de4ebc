// HTTP for escalation policies, pages ("my pages", acknowledge from the app or the API) and the
// emailed acknowledge links (`/ack/{token}`, outside /api: no sign-in, the token is the credential).
import type { FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorResponses, noContent } from '../../../shared/api/common.js';
import { linkTokenParams } from '../../../shared/api/notifications.js';
import {
  idParams,
  importIn,
  importOut,
  pageOut,
  pagesOut,
  pagesQuery,
  policiesOut,
  policyIn,
  policyOut,
  reportOut,
  reportQuery,
} from '../../../shared/api/oncall.js';
import type { AppContext } from '../../context.js';
import type { App } from '../../http/app.js';
import { actorOf, principalOf } from '../identity/index.js';
import { type AckPage, ackLinkPage, actOnAckLink } from './ack-link.service.js';
import { runImport } from './import/import.service.js';
import { pagesOut as pagesView } from './pages.view.js';
import { acknowledgePage, getPage, pagesOf } from './paging.service.js';
import {
  createPolicy,
  deletePolicy,
  getPolicy,
  listPolicyRows,
  policiesOut as policiesView,
  replacePolicy,
} from './policies.service.js';
import { oncallReport } from './reports.service.js';

const tags = ['on-call'];

function sendPage(reply: FastifyReply, page: AckPage) {
  return reply
    .status(page.status)
    .headers({
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
      'x-frame-options': 'DENY',
      'x-content-type-options': 'nosniff',
      'content-security-policy':
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
    })
    .send(page.html);
}

export async function oncallRoutes(app: App, context: AppContext): Promise<void> {
  const onePolicy = async (id: string) =>
    (await policiesView(context.db, [await getPolicy(context.db, id)]))[0]!;

  app.get(
    '/api/v1/escalation-policies',
    {
      config: { permission: 'ticket:work' },
      schema: { tags, summary: 'Escalation policies', response: { 200: policiesOut, ...errorResponses } },
    },
    async () => policiesView(context.db, await listPolicyRows(context.db)),
  );

  app.post(
    '/api/v1/escalation-policies',
    {
      config: { permission: 'incidents:admin' },
      schema: {
        tags,
        summary:
          'Create an escalation policy: levels of targets with timeouts, a repeat count, the services it pages for',
        body: policyIn,
        response: { 201: policyOut, ...errorResponses },
      },
    },
    async (request, reply) => {
      const row = await createPolicy(context, actorOf(principalOf(request), request.id), request.body);
      return reply.status(201).send(await onePolicy(row.id));
    },
  );

  app.get(
    '/api/v1/escalation-policies/:id',
    {
      config: { permission: 'ticket:work' },
      schema: {
        tags,
        summary: 'An escalation policy',
        params: idParams,
        response: { 200: policyOut, ...errorResponses },
      },
    },
    async (request) => onePolicy(request.params.id),
  );

  app.put(
    '/api/v1/escalation-policies/:id',
    {
      config: { permission: 'incidents:admin' },
      schema: {
        tags,
        summary: 'Replace an escalation policy (services: when given, exactly these)',
        params: idParams,
        body: policyIn,
        response: { 200: policyOut, ...errorResponses },
      },
    },
    async (request) => {
      await replacePolicy(
        context,
        actorOf(principalOf(request), request.id),
        request.params.id,
        request.body,
      );
      return onePolicy(request.params.id);
    },
  );

  app.delete(
    '/api/v1/escalation-policies/:id',
    {
      config: { permission: 'incidents:admin' },
      schema: {
        tags,
        summary: 'Delete an escalation policy',
        params: idParams,
        response: { 204: noContent, ...errorResponses },
      },
    },
    async (request, reply) => {
      await deletePolicy(context, actorOf(principalOf(request), request.id), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/pages',
    {
      config: { permission: 'ticket:work' },
      schema: {
        tags,
        summary: 'Pages of incidents (mine=true: the ones that notified me)',
        querystring: pagesQuery,
        response: { 200: pagesOut, ...errorResponses },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const rows = await pagesOf(context.db, {
        ...(request.query.mine === 'true' ? { userId: principal.user.id } : {}),
        ...(request.query.status ? { status: request.query.status } : {}),
      });
      return pagesView(context.db, rows);
    },
  );

  app.post(
    '/api/v1/pages/:id/acknowledge',
    {
      config: { permission: 'ticket:work' },
      schema: {
        tags,
        summary: 'Acknowledge a page that notified me: the escalation stops',
        params: idParams,
        response: { 200: pageOut, ...errorResponses },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const via = request.headers['sec-fetch-site'] || request.headers.cookie ? 'app' : 'api';
      await acknowledgePage(
        context,
        actorOf(principal, request.id),
        request.params.id,
        principal.user.id,
        via,
      );
      return (await pagesView(context.db, [await getPage(context.db, request.params.id)]))[0]!;
    },
  );

  app.post(
    '/api/v1/oncall/import',
    {
      config: { permission: 'incidents:admin' },
      schema: {
        tags,
        summary: 'Import schedules, escalation policies and contact methods from Opsgenie or PagerDuty JSON',
        description:
          'Opsgenie: `{schedules (expand=rotation), escalations, users (with contacts)}`; PagerDuty: `{schedules, ' +
          'escalation_policies, users (with contact_methods), services}`. People are matched by email. With ' +
          '`dryRun` nothing is written and the answer shows what would be. What an earlier import created is unchanged.',
        body: importIn,
        response: { 200: importOut, ...errorResponses },
      },
    },
    async (request) => runImport(context, actorOf(principalOf(request), request.id), request.body),
  );

  app.get(
    '/api/v1/oncall/reports',
    {
      config: { permission: 'reports:read' },
      schema: {
        tags,
        summary: 'Time to acknowledge per service and per responder (medians); pages per person per ISO week',
        querystring: reportQuery,
        response: { 200: reportOut, ...errorResponses },
      },
    },
    async (request) => {
      const to = request.query.to ? new Date(request.query.to) : context.clock.now();
      const from = request.query.from
        ? new Date(request.query.from)
        : new Date(to.getTime() - 28 * 86_400_000);
      return oncallReport(context.db, from, to);
    },
  );

  await app.register(async (plugin) => {
    const scope = plugin.withTypeProvider<ZodTypeProvider>();
    scope.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: 2_000 },
      (_request, _body, done) => done(null, {}),
    );
    scope.get('/ack/*', { schema: { hide: true, params: linkTokenParams } }, async (request, reply) =>
      sendPage(reply, await ackLinkPage(context, request.params['*'])),
    );
    scope.post('/ack/*', { schema: { hide: true, params: linkTokenParams } }, async (request, reply) =>
      sendPage(reply, await actOnAckLink(context, request.params['*'], request.id)),
    );
  });
}
