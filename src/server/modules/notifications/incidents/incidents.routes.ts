import { errorResponses, idParams, noContent } from '../../../../shared/api/common.js';
import {
  communicationInput,
  communicationListOut,
  communicationListQuery,
  communicationOut,
  communicationPatch,
  communicationPreviewOut,
  mailingListDetailOut,
  mailingListInput,
  mailingListListOut,
  mailingListOut,
  mailingListPatch,
  memberInput,
  memberOut,
  memberParams,
  referenceParams,
} from '../../../../shared/api/incident-communications.js';
import { deliveryListOut } from '../../../../shared/api/notifications.js';
import type { AppContext } from '../../../context.js';
import type { App } from '../../../http/app.js';
import { actorOf, principalOf } from '../../identity/index.js';
import {
  addMember,
  createMailingList,
  deleteMailingList,
  getMailingList,
  listMailingLists,
  removeMember,
  updateMailingList,
} from '../audiences/mailing-lists.service.js';
import { communicationDeliveries } from '../pipeline/deliveries.service.js';
import {
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
        querystring: communicationListQuery,
        response: { 200: communicationListOut },
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
        params: referenceParams,
        response: { 200: communicationListOut },
      },
    },
    async (request) => listCommunications(context, request.params.reference),
  );

  app.get(
    '/api/v1/incident-communications/:id',
    {
      config: communicate,
      schema: { tags, params: idParams, response: { 200: communicationOut, ...errorResponses } },
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
        params: idParams,
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
        params: idParams,
        response: { 200: communicationPreviewOut, ...errorResponses },
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
        params: idParams,
        response: { 200: communicationOut, ...errorResponses },
      },
    },
    async (request) => sendCommunication(context, principalOf(request), request.params.id, request.id),
  );

  app.get(
    '/api/v1/incident-communications/:id/deliveries',
    {
      config: communicate,
      schema: { tags, params: idParams, response: { 200: deliveryListOut, ...errorResponses } },
    },
    async (request) => communicationDeliveries(context, request.params.id),
  );

  app.get(
    '/api/v1/mailing-lists',
    {
      config: communicate,
      schema: { tags, summary: 'Audiences by service and region', response: { 200: mailingListListOut } },
    },
    async () => listMailingLists(context.db),
  );

  app.post(
    '/api/v1/mailing-lists',
    {
      config: admin,
      schema: { tags, body: mailingListInput, response: { 201: mailingListOut, ...errorResponses } },
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
        params: idParams,
        response: { 200: mailingListDetailOut, ...errorResponses },
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
        params: idParams,
        body: mailingListPatch,
        response: { 200: mailingListDetailOut, ...errorResponses },
      },
    },
    async (request) =>
      updateMailingList(context, actorOf(principalOf(request), request.id), request.params.id, request.body),
  );

  app.delete(
    '/api/v1/mailing-lists/:id',
    { config: admin, schema: { tags, params: idParams, response: { 204: noContent, ...errorResponses } } },
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
        params: idParams,
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
        params: memberParams,
        response: { 204: noContent, ...errorResponses },
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
