// Incident communications (incident managers: agents and admins) and the mailing lists they go to.
import { z } from 'zod';
import type { AppContext } from '../../../context.js';
import type { App } from '../../../http/app.js';
import { errorResponses } from '../../../http/schemas.js';
import { actorOf, principalOf } from '../../identity/index.js';
import {
  addMember,
  createMailingList,
  deleteMailingList,
  getMailingList,
  listMailingLists,
  mailingListInput,
  mailingListPatch,
  memberInput,
  removeMember,
  updateMailingList,
} from '../audiences/mailing-lists.service.js';
import { communicationDeliveries, deliveryOut } from '../pipeline/deliveries.service.js';
import {
  communicationInput,
  communicationPatch,
  createCommunication,
  getCommunication,
  listCommunications,
  previewCommunication,
  sendCommunication,
  updateCommunication,
} from './incidents.service.js';

const tags = ['incident communications'];
const communicate = { permission: 'incident:communicate' as const };
const admin = { permission: 'notifications:admin' as const };
const idParam = z.object({ id: z.uuid() });

const communicationOut = z.object({
  id: z.uuid(),
  reference: z.string(),
  phase: z.string(),
  event: z.string(),
  title: z.string(),
  description: z.string(),
  status: z.string(),
  serviceStatus: z.string(),
  impact: z.string(),
  regions: z.array(z.string()),
  services: z.array(z.string()),
  components: z.array(z.string()),
  impactStart: z.date(),
  impactEnd: z.date().nullable(),
  workaround: z.string().nullable(),
  rootCause: z.string().nullable(),
  nextUpdateAt: z.date().nullable(),
  message: z.string(),
  authorLabel: z.string(),
  mailingListIds: z.array(z.uuid()).nullable(),
  state: z.string(),
  sentAt: z.date().nullable(),
  createdAt: z.date(),
  audiences: z.array(z.object({ id: z.uuid(), key: z.string(), name: z.string() })),
  deliveries: z.record(z.string(), z.number()),
});
const listOut = z.object({
  id: z.uuid(),
  key: z.string(),
  name: z.string(),
  description: z.string(),
  services: z.array(z.string()),
  regions: z.array(z.string()),
  timeZone: z.string(),
  members: z.number(),
});
const memberOut = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string().nullable(),
  userId: z.uuid().nullable(),
  unsubscribedAt: z.date().nullable(),
  createdAt: z.date(),
});

export function incidentRoutes(app: App, context: AppContext): void {
  app.post(
    '/api/v1/incident-communications',
    {
      config: communicate,
      schema: {
        tags,
        summary: 'Compose a communication (a draft): start, update or resolution of an incident',
        body: communicationInput,
        response: { 201: communicationOut, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await createCommunication(context, principalOf(request), request.body, request.id)),
  );

  app.get(
    '/api/v1/incident-communications',
    {
      config: communicate,
      schema: {
        tags,
        summary: 'Communications, newest first; with `reference`, the history of one incident',
        querystring: z.object({ reference: z.string().max(64).optional() }).strict(),
        response: { 200: z.array(communicationOut) },
      },
    },
    async (request) => listCommunications(context, request.query.reference),
  );

  app.get(
    '/api/v1/incidents/:reference/communications',
    {
      config: communicate,
      schema: {
        tags,
        summary: 'What was said about one incident, newest first',
        params: z.object({ reference: z.string().max(64) }),
        response: { 200: z.array(communicationOut) },
      },
    },
    async (request) => listCommunications(context, request.params.reference),
  );

  app.get(
    '/api/v1/incident-communications/:id',
    {
      config: communicate,
      schema: { tags, params: idParam, response: { 200: communicationOut, ...errorResponses } },
    },
    async (request) => getCommunication(context, request.params.id),
  );

  app.patch(
    '/api/v1/incident-communications/:id',
    {
      config: communicate,
      schema: {
        tags,
        summary: 'Change a draft',
        params: idParam,
        body: communicationPatch,
        response: { 200: communicationOut, ...errorResponses },
      },
    },
    async (request) =>
      updateCommunication(context, principalOf(request), request.params.id, request.body, request.id),
  );

  app.get(
    '/api/v1/incident-communications/:id/preview',
    {
      config: communicate,
      schema: {
        tags,
        summary: 'The message as each audience will read it',
        params: idParam,
        response: {
          200: z.array(
            z.object({
              mailingListId: z.uuid().nullable(),
              audience: z.string(),
              timeZone: z.string(),
              rendered: z.object({ subject: z.string(), html: z.string(), text: z.string() }).nullable(),
              problem: z.string().nullable(),
            }),
          ),
          ...errorResponses,
        },
      },
    },
    async (request) => previewCommunication(context, request.params.id),
  );

  app.post(
    '/api/v1/incident-communications/:id/send',
    {
      config: communicate,
      schema: {
        tags,
        summary: 'Send a draft to its audiences (through the job queue)',
        params: idParam,
        response: { 200: communicationOut, ...errorResponses },
      },
    },
    async (request) => sendCommunication(context, principalOf(request), request.params.id, request.id),
  );

  app.get(
    '/api/v1/incident-communications/:id/deliveries',
    {
      config: communicate,
      schema: { tags, params: idParam, response: { 200: z.array(deliveryOut), ...errorResponses } },
    },
    async (request) => communicationDeliveries(context, request.params.id),
  );

  app.get(
    '/api/v1/mailing-lists',
    {
      config: communicate,
      schema: { tags, summary: 'Audiences by service and region', response: { 200: z.array(listOut) } },
    },
    async () => listMailingLists(context.db),
  );

  app.post(
    '/api/v1/mailing-lists',
    {
      config: admin,
      schema: { tags, body: mailingListInput, response: { 201: listOut, ...errorResponses } },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await createMailingList(context, actorOf(principalOf(request), request.id), request.body)),
  );

  app.get(
    '/api/v1/mailing-lists/:id',
    {
      config: communicate,
      schema: {
        tags,
        params: idParam,
        response: { 200: listOut.extend({ memberList: z.array(memberOut) }), ...errorResponses },
      },
    },
    async (request) => getMailingList(context.db, request.params.id),
  );

  app.patch(
    '/api/v1/mailing-lists/:id',
    {
      config: admin,
      schema: {
        tags,
        params: idParam,
        body: mailingListPatch,
        response: { 200: listOut.extend({ memberList: z.array(memberOut) }), ...errorResponses },
      },
    },
    async (request) =>
      updateMailingList(context, actorOf(principalOf(request), request.id), request.params.id, request.body),
  );

  app.delete(
    '/api/v1/mailing-lists/:id',
    { config: admin, schema: { tags, params: idParam, response: { 204: z.null(), ...errorResponses } } },
    async (request, reply) => {
      await deleteMailingList(context, actorOf(principalOf(request), request.id), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/mailing-lists/:id/members',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Add a member: anyone with an email address, with or without an account',
        params: idParam,
        body: memberInput,
        response: { 201: memberOut, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await addMember(
            context,
            actorOf(principalOf(request), request.id),
            request.params.id,
            request.body,
          ),
        ),
  );

  app.delete(
    '/api/v1/mailing-lists/:id/members/:memberId',
    {
      config: admin,
      schema: {
        tags,
        params: idParam.extend({ memberId: z.uuid() }),
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await removeMember(
        context,
        actorOf(principalOf(request), request.id),
        request.params.id,
        request.params.memberId,
      );
      return reply.status(204).send(null);
    },
  );
}
