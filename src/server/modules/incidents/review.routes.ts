import { errorResponses, ticketKeyParams } from '../../../shared/api/common.js';
import {
  actionIn,
  reviewerIn,
  reviewOut,
  reviewPatchIn,
  reviewStatusIn,
} from '../../../shared/api/reviews.js';
import type { AppContext } from '../../context.js';
import type { App } from '../../http/app.js';
import { principalOf } from '../identity/index.js';
import {
  addAction,
  addReviewer,
  approveReview,
  readReview,
  setReviewStatus,
  startReview,
  updateReview,
} from './review.service.js';

export function reviewRoutes(app: App, context: AppContext): void {
  const tags = ['incidents'];
  const path = '/api/v1/incidents/:key/review';

  app.get(
    path,
    {
      config: { permission: 'ticket:read' },
      schema: {
        tags,
        summary: 'The post-incident review, with the timeline assembled from the incident',
        params: ticketKeyParams,
        response: { 200: reviewOut, ...errorResponses },
      },
    },
    async (request) => readReview(context, principalOf(request), request.params.key),
  );

  app.post(
    path,
    {
      config: { permission: 'ticket:work' },
      schema: {
        tags,
        summary: 'Start the post-incident review (a draft)',
        params: ticketKeyParams,
        response: { 201: reviewOut, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await startReview(context, principalOf(request), request.params.key, request.id)),
  );

  app.patch(
    path,
    {
      config: { permission: 'ticket:work' },
      schema: {
        tags,
        summary: 'Write the review: summary, impact, detection, response, recovery, five whys, root cause',
        params: ticketKeyParams,
        body: reviewPatchIn,
        response: { 200: reviewOut, ...errorResponses },
      },
    },
    async (request) =>
      updateReview(context, principalOf(request), request.params.key, request.body, request.id),
  );

  app.post(
    `${path}/actions`,
    {
      config: { permission: 'ticket:work' },
      schema: {
        tags,
        summary:
          'Add a follow-up action: a ticket (a new problem, or one named) with an owner and a due date',
        params: ticketKeyParams,
        body: actionIn,
        response: { 201: reviewOut, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await addAction(context, principalOf(request), request.params.key, request.body, request.id)),
  );

  app.post(
    `${path}/reviewers`,
    {
      config: { permission: 'ticket:work' },
      schema: {
        tags,
        summary: 'Name a reviewer (an agent) who ticks the review off before it is published',
        params: ticketKeyParams,
        body: reviewerIn,
        response: { 200: reviewOut, ...errorResponses },
      },
    },
    async (request) =>
      addReviewer(context, principalOf(request), request.params.key, request.body.user, request.id),
  );

  app.post(
    `${path}/approve`,
    {
      config: { permission: 'ticket:read' },
      schema: {
        tags,
        summary: 'As a reviewer, tick the review off',
        params: ticketKeyParams,
        response: { 200: reviewOut, ...errorResponses },
      },
    },
    async (request) => approveReview(context, principalOf(request), request.params.key, request.id),
  );

  app.post(
    `${path}/status`,
    {
      config: { permission: 'ticket:work' },
      schema: {
        tags,
        summary: 'Move the review: draft, in_review, published (when every reviewer has ticked it off)',
        params: ticketKeyParams,
        body: reviewStatusIn,
        response: { 200: reviewOut, ...errorResponses },
      },
    },
    async (request) =>
      setReviewStatus(context, principalOf(request), request.params.key, request.body.status, request.id),
  );
}
