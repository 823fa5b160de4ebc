// Bulk actions from the queue: assign, fire a transition, comment — on each selected ticket in its
// own transaction, through the same services as one ticket at a time (so guards, permissions,
// notifications and SLAs are those of a single action). A ticket whose action fails (a guard, a
// transition its status does not have, one the caller may not see) is reported; the others go on.
import type { BulkActionIn } from '../../../shared/api/tickets.js';
import type { AppContext } from '../../context.js';
import { isDomainError } from '../../lib/errors.js';
import type { Principal } from '../identity/index.js';
import { updateTicket } from './assignment.js';
import type { TicketRow } from './lifecycle.js';
import { addComment, transitionByName } from './tickets.service.js';

export interface BulkResult {
  key: string;
  ok: boolean;
  status: string | null;
  error: { code: string; message: string } | null;
}

export async function bulkAction(
  context: AppContext,
  principal: Principal,
  input: BulkActionIn,
  requestId?: string,
): Promise<{ results: BulkResult[]; succeeded: number; failed: number }> {
  const results: BulkResult[] = [];
  const keys = [...new Set(input.keys.map((key) => key.toUpperCase()))];
  for (const key of keys) {
    let last: TicketRow | null = null;
    try {
      if (input.assignee !== undefined)
        last = await updateTicket(context, principal, key, { assignee: input.assignee }, requestId);
      const publicComment = input.comment && !input.comment.internal ? input.comment.body : undefined;
      if (input.transition)
        last = await transitionByName(
          context,
          principal,
          key,
          { name: input.transition, comment: publicComment },
          requestId,
        );
      if (input.comment && (!input.transition || input.comment.internal))
        last = await addComment(
          context,
          principal,
          key,
          { body: input.comment.body, internal: input.comment.internal, reopen: false },
          requestId,
        );
      results.push({ key, ok: true, status: last?.status ?? null, error: null });
    } catch (error) {
      if (!isDomainError(error)) {
        context.log.error({ err: error, key }, 'bulk action failed on a ticket');
      }
      results.push({
        key,
        ok: false,
        status: last?.status ?? null,
        error: isDomainError(error)
          ? { code: error.code, message: error.message }
          : { code: 'internal_error', message: 'Something went wrong on this ticket; the others went on.' },
      });
    }
  }
  const succeeded = results.filter((result) => result.ok).length;
  return { results, succeeded, failed: results.length - succeeded };
}
