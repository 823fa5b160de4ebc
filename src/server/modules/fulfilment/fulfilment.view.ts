// The fulfilment runs of a ticket as its page shows them (a part of the ticket core's view). The
// view reads them in its own statement, through `column` (issue 18).
import { asc, eq, sql } from 'drizzle-orm';
import type { TicketViewPart } from '../tickets/index.js';
import { fulfilmentRuns } from './fulfilment.schema.js';

/** A run as the view's column has it: already the page's shape, its times still JSON text. */
interface RunJson {
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  [field: string]: unknown;
}

const dateOrNull = (value: string | null) => (value === null ? null : new Date(value));

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
  // The same fields as `load`, named as the page has them.
  column(ticketId) {
    return sql`(select coalesce(json_agg(r order by r.number), '[]') from (
      select id, number, action, environment_name as environment, status, attempts,
             max_attempts as "maxAttempts", error,
             case when jsonb_typeof(result->'summary') = 'string' then result->>'summary' end as summary,
             created_at as "createdAt", started_at as "startedAt", finished_at as "finishedAt"
        from ${fulfilmentRuns} where ticket_id = ${ticketId}) r)`;
  },
  async fromColumn(_db, value) {
    return {
      runs: (value as RunJson[]).map((run) => ({
        ...run,
        createdAt: new Date(run.createdAt),
        startedAt: dateOrNull(run.startedAt),
        finishedAt: dateOrNull(run.finishedAt),
      })),
    };
  },
};
