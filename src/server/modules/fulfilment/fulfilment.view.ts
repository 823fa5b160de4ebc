// The fulfilment runs of a ticket as its page shows them (a part of the ticket core's view).
import { asc, eq, sql } from 'drizzle-orm';
import type { TicketViewPart } from '../tickets/index.js';
import { fulfilmentRuns } from './fulfilment.schema.js';

type RunRow = typeof fulfilmentRuns.$inferSelect;
type RunViewRow = Pick<
  RunRow,
  | 'id'
  | 'number'
  | 'action'
  | 'environmentName'
  | 'status'
  | 'attempts'
  | 'maxAttempts'
  | 'error'
  | 'createdAt'
  | 'startedAt'
  | 'finishedAt'
> & { summary: string | null };

function runsOut(rows: RunViewRow[]) {
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
      summary: run.summary,
      createdAt: run.createdAt,
      startedAt: run.startedAt,
      finishedAt: run.finishedAt,
    })),
  };
}

interface RunJson {
  id: string;
  number: number;
  action: string;
  environment_name: string | null;
  status: RunRow['status'];
  attempts: number;
  max_attempts: number;
  error: string | null;
  summary: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}

const dateOrNull = (value: string | null) => (value === null ? null : new Date(value));

/** The fulfilment runs of a ticket as its page shows them; read with the view's own statement (`column`). */
export const runsViewPart: TicketViewPart = {
  name: 'runs',
  async load(db, ticket) {
    const rows = await db
      .select()
      .from(fulfilmentRuns)
      .where(eq(fulfilmentRuns.ticketId, ticket.id))
      .orderBy(asc(fulfilmentRuns.number));
    return runsOut(
      rows.map((run) => ({
        ...run,
        summary: typeof run.result?.summary === 'string' ? run.result.summary : null,
      })),
    );
  },
  column(ticketId) {
    return sql`(select coalesce(json_agg(r order by r.number), '[]') from (
      select id, number, action, environment_name, status, attempts, max_attempts, error,
             case when jsonb_typeof(result->'summary') = 'string' then result->>'summary' end as summary,
             created_at, started_at, finished_at
        from ${fulfilmentRuns} where ticket_id = ${ticketId}) r)`;
  },
  async fromColumn(_db, value) {
    return runsOut(
      (value as RunJson[]).map((run) => ({
        id: run.id,
        number: run.number,
        action: run.action,
        environmentName: run.environment_name,
        status: run.status,
        attempts: run.attempts,
        maxAttempts: run.max_attempts,
        error: run.error,
        summary: run.summary,
        createdAt: new Date(run.created_at),
        startedAt: dateOrNull(run.started_at),
        finishedAt: dateOrNull(run.finished_at),
      })),
    );
  },
};
