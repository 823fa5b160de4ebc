import { z } from 'zod';
import type { AppContext } from '../../context.js';
import type { App } from '../../http/app.js';
import { errorResponses } from '../../http/schemas.js';
import { principalOf } from '../identity/index.js';
import { ticketOut, ticketSummaries, ticketSummaryOut, ticketView, viewerOf } from '../tickets/index.js';
import { approvalsOf, decide } from './approvals.service.js';

const keyParam = z.object({
  key: z.string().regex(/^[A-Za-z]+-\d+$/, 'must be a ticket key such as REQ-12'),
});
const decisionBody = z
  .object({ comment: z.string().trim().max(5000).optional() })
  .strict()
  .nullish();

export function approvalRoutes(app: App, context: AppContext): void {
  app.get(
    '/api/v1/approvals',
    {
      config: { permission: 'ticket:approve' },
      schema: {
        tags: ['approvals'],
        summary: 'Approvals waiting on the caller (or decided by them)',
        querystring: z.object({ state: z.enum(['pending', 'decided']).default('pending') }).strict(),
        response: {
          200: z.array(
            z.object({
              ticket: ticketSummaryOut.extend({ fields: z.record(z.string(), z.unknown()) }),
              state: z.string(),
              reason: z.string(),
              comment: z.string().nullable(),
              requestedAt: z.date(),
              decidedAt: z.date().nullable(),
              requesterHistory: z.object({
                total: z.number(),
                open: z.number(),
                cancelled: z.number(),
                /** Their latest requests but this one, newest first (at most 5). */
                recent: z.array(
                  z.object({ key: z.string(), title: z.string(), status: z.string(), createdAt: z.date() }),
                ),
              }),
            }),
          ),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const rows = await approvalsOf(context.db, principalOf(request).user.id, request.query.state);
      const summaries = await ticketSummaries(
        context,
        rows.map((row) => row.ticket),
      );
      return rows.map((row, index) => ({
        ticket: { ...summaries[index]!, fields: row.ticket.fields },
        state: row.approval.state,
        reason: row.approval.reason,
        comment: row.approval.comment,
        requestedAt: row.approval.createdAt,
        decidedAt: row.approval.decidedAt,
        requesterHistory: {
          total: row.requesterHistory?.total ?? 0,
          open: row.requesterHistory?.open ?? 0,
          cancelled: row.requesterHistory?.cancelled ?? 0,
          recent: row.recentRequests,
        },
      }));
    },
  );

  for (const decision of ['approve', 'decline'] as const) {
    app.post(
      `/api/v1/tickets/:key/${decision}`,
      {
        config: { permission: 'ticket:approve' },
        schema: {
          tags: ['approvals'],
          summary:
            decision === 'approve'
              ? 'Approve a request waiting on the caller'
              : 'Decline a request (with a comment saying why)',
          params: keyParam,
          body: decisionBody,
          response: { 200: ticketOut, ...errorResponses },
        },
      },
      async (request) => {
        const principal = principalOf(request);
        const ticket = await decide(
          context,
          principal,
          request.params.key,
          { decision, comment: request.body?.comment },
          request.id,
        );
        return ticketView(context, await viewerOf(context.db, principal), ticket);
      },
    );
  }
}
