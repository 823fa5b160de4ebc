import { approvalListOut, approvalListQuery, decisionIn } from '../../../shared/api/approvals.js';
import { errorResponses, ticketKeyParams } from '../../../shared/api/common.js';
import { ticketOut } from '../../../shared/api/tickets.js';
import type { AppContext } from '../../context.js';
import type { App } from '../../http/app.js';
import { principalOf } from '../identity/index.js';
import { ticketSummaries, ticketView, viewerOf } from '../tickets/index.js';
import { approvalsOf, decide } from './approvals.service.js';

export function approvalRoutes(app: App, context: AppContext): void {
  app.get(
    '/api/v1/approvals',
    {
      config: { permission: 'ticket:approve' },
      schema: {
        tags: ['approvals'],
        summary: 'Approvals waiting on the caller (or decided by them)',
        querystring: approvalListQuery,
        response: { 200: approvalListOut, ...errorResponses },
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
          params: ticketKeyParams,
          body: decisionIn,
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
