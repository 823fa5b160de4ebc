// The fulfilment runs of a ticket as its page shows them (a part of the ticket core's view).
import { asc, eq } from 'drizzle-orm';
import type { TicketViewPart } from '../tickets/index.js';
import { fulfilmentRuns } from './fulfilment.schema.js';

export const runsViewPart: TicketViewPart = {
  name: 'runs',
  async load(db, ticket) {
    const rows = await db
      .select()
      .from(fulfilmentRuns)
      .where(eq(fulfilmentRuns.ticketId, ticket.id))
      .orderBy(asc(fulfilmentRuns.number));
    return {
      runs: rows.map((run) => ({
        id: run.id,
        number: run.number,
        action: run.action,
        environment: run.environmentName,
        status: run.status,
        attempts: run.attempts,
        maxAttempts: run.maxAttempts,
        error: run.error,
        summary: typeof run.result?.summary === 'string' ? run.result.summary : null,
        createdAt: run.createdAt,
        startedAt: run.startedAt,
        finishedAt: run.finishedAt,
      })),
    };
  },
};
