// What every signed-in person uses: the bell (in-app notifications), their preferences, their
// saved searches, following tickets; and, for agents, a ticket's followers and delivery log.
import { errorResponses, idParams, noContent, ticketKeyParams } from '../../../shared/api/common.js';
import {
  deliveryListOut,
  followingOut,
  inboxOut,
  inboxQuery,
  markedReadOut,
  preferencesInput,
  preferencesOut,
  savedSearchIn,
  savedSearchListOut,
  savedSearchOut,
  subscriberIn,
  subscriberListOut,
  subscriberOut,
  subscriberParams,
  unreadCountOut,
} from '../../../shared/api/notifications.js';
import type { AppContext } from '../../context.js';
import type { App } from '../../http/app.js';
import { actorOf, principalOf } from '../identity/index.js';
import { getPreferences, updatePreferences } from './audiences/preferences.service.js';
import {
  addSubscriber,
  deleteSavedFilter,
  followTicket,
  isFollowing,
  listSavedFilters,
  listSubscribers,
  removeSubscriber,
  saveFilter,
  unfollowTicket,
} from './audiences/subscriptions.service.js';
import { ticketDeliveries } from './pipeline/deliveries.service.js';
import { listInbox, markAllRead, markRead, unreadCount } from './pipeline/inbox.service.js';

const tags = ['notifications'];

export function notificationRoutes(app: App, context: AppContext): void {
  app.get(
    '/api/v1/notifications',
    {
      config: { permission: 'notifications:read' },
      schema: {
        tags,
        summary: "The caller's in-app notifications, newest first",
        querystring: inboxQuery,
        response: { 200: inboxOut, ...errorResponses },
      },
    },
    async (request) => {
      const userId = principalOf(request).user.id;
      const page = await listInbox(context.db, userId, {
        ...request.query,
        unread: request.query.unread === 'true',
      });
      return { ...page, unread: await unreadCount(context.db, userId) };
    },
  );

  app.get(
    '/api/v1/notifications/unread-count',
    {
      config: { permission: 'notifications:read' },
      schema: {
        tags,
        summary: 'Unread count for the bell',
        response: { 200: unreadCountOut },
      },
    },
    async (request) => ({ unread: await unreadCount(context.db, principalOf(request).user.id) }),
  );

  app.post(
    '/api/v1/notifications/:id/read',
    {
      config: { permission: 'notifications:read' },
      schema: {
        tags,
        summary: 'Mark one notification read',
        params: idParams,
        response: { 204: noContent, ...errorResponses },
      },
    },
    async (request, reply) => {
      await markRead(context.db, principalOf(request).user.id, request.params.id, context.clock.now());
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/notifications/read-all',
    {
      config: { permission: 'notifications:read' },
      schema: {
        tags,
        summary: 'Mark every notification read',
        response: { 200: markedReadOut },
      },
    },
    async (request) => ({
      marked: await markAllRead(context.db, principalOf(request).user.id, context.clock.now()),
    }),
  );

  app.get(
    '/api/v1/notifications/preferences',
    {
      config: { permission: 'notifications:read' },
      schema: {
        tags,
        summary: 'Per event: email now, in the daily digest, or never; and the bell',
        response: { 200: preferencesOut },
      },
    },
    async (request) => getPreferences(context.db, principalOf(request).user.id),
  );

  app.put(
    '/api/v1/notifications/preferences',
    {
      config: { permission: 'notifications:read' },
      schema: { tags, body: preferencesInput, response: { 200: preferencesOut, ...errorResponses } },
    },
    async (request) => {
      const principal = principalOf(request);
      return updatePreferences(
        context.db,
        actorOf(principal, request.id),
        principal.user.id,
        request.body,
        context.clock.now(),
      );
    },
  );

  app.get(
    '/api/v1/notifications/saved-searches',
    {
      config: { permission: 'notifications:read' },
      schema: {
        tags,
        summary: 'Saved ticket searches the caller follows',
        response: { 200: savedSearchListOut },
      },
    },
    async (request) => listSavedFilters(context, principalOf(request)),
  );

  app.post(
    '/api/v1/notifications/saved-searches',
    {
      config: { permission: 'notifications:read' },
      schema: {
        tags,
        summary: 'Follow a ticket search (the query parameters of GET /api/v1/tickets)',
        body: savedSearchIn,
        response: { 201: savedSearchOut, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await saveFilter(context, principalOf(request), request.body, request.id)),
  );

  app.delete(
    '/api/v1/notifications/saved-searches/:id',
    {
      config: { permission: 'notifications:read' },
      schema: { tags, params: idParams, response: { 204: noContent, ...errorResponses } },
    },
    async (request, reply) => {
      await deleteSavedFilter(context, principalOf(request), request.params.id, request.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/tickets/:key/subscription',
    {
      config: { permission: 'ticket:read' },
      schema: {
        tags,
        summary: 'Whether the caller follows this ticket',
        params: ticketKeyParams,
        response: { 200: followingOut, ...errorResponses },
      },
    },
    async (request) => isFollowing(context, principalOf(request), request.params.key),
  );

  app.put(
    '/api/v1/tickets/:key/subscription',
    {
      config: { permission: 'ticket:read' },
      schema: {
        tags,
        summary: 'Follow a ticket you may see',
        params: ticketKeyParams,
        response: { 200: followingOut, ...errorResponses },
      },
    },
    async (request) => followTicket(context, principalOf(request), request.params.key, request.id),
  );

  app.delete(
    '/api/v1/tickets/:key/subscription',
    {
      config: { permission: 'ticket:read' },
      schema: {
        tags,
        summary: 'Stop following a ticket',
        params: ticketKeyParams,
        response: { 200: followingOut, ...errorResponses },
      },
    },
    async (request) => unfollowTicket(context, principalOf(request), request.params.key, request.id),
  );

  app.get(
    '/api/v1/tickets/:key/subscribers',
    {
      config: { permission: 'ticket:work' },
      schema: {
        tags,
        summary: "A ticket's followers (agents)",
        params: ticketKeyParams,
        response: { 200: subscriberListOut, ...errorResponses },
      },
    },
    async (request) => listSubscribers(context, principalOf(request), request.params.key),
  );

  app.post(
    '/api/v1/tickets/:key/subscribers',
    {
      config: { permission: 'ticket:work' },
      schema: {
        tags,
        summary: 'Add a follower, with or without an account (agents)',
        params: ticketKeyParams,
        body: subscriberIn,
        response: { 201: subscriberOut, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await addSubscriber(context, principalOf(request), request.params.key, request.body, request.id),
        ),
  );

  app.delete(
    '/api/v1/tickets/:key/subscribers/:id',
    {
      config: { permission: 'ticket:work' },
      schema: {
        tags,
        params: subscriberParams,
        response: { 204: noContent, ...errorResponses },
      },
    },
    async (request, reply) => {
      await removeSubscriber(
        context,
        principalOf(request),
        request.params.key,
        request.params.id,
        request.id,
      );
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/tickets/:key/deliveries',
    {
      config: { permission: 'ticket:work' },
      schema: {
        tags,
        summary:
          'Every notification about this ticket: to whom, over which channel, and what became of it (agents)',
        params: ticketKeyParams,
        response: { 200: deliveryListOut, ...errorResponses },
      },
    },
    async (request) => ticketDeliveries(context, principalOf(request), request.params.key),
  );
}
