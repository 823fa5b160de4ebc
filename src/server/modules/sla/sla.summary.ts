// What ticket lists show and filter of SLAs: each row's most pressing clock, and the `sla=at_risk|
// breached` search filter, both over this module's clocks (the ticket core asks through extensions).
import { param, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import type { SlaSummary, TicketSearchFilter, TicketSummaryPart } from '../tickets/index.js';

/** The `sla` search filter of ticket lists: at_risk or breached, over this module's clocks. */
export const slaSearchFilter: TicketSearchFilter = (ticketId, value, now) => {
  const kind = value as 'at_risk' | 'breached';
  if (kind === 'at_risk') {
    return sql`exists (select 1 from ticket_sla_clocks c where c.ticket_id = ${ticketId}
      and c.state = 'running' and not c.breached and c.warn_at <= ${now}
      and (c.breach_at is null or c.breach_at > ${now}))`;
  }
  return sql`exists (select 1 from ticket_sla_clocks c where c.ticket_id = ${ticketId}
    and (c.breached or (c.state = 'running' and c.breach_at <= ${now})))`;
};

/** One SLA summary per ticket, for lists (one query for the whole page). */
async function slaSummaries(db: Queryable, ticketIds: string[], at: Date): Promise<Map<string, SlaSummary>> {
  const result = new Map<string, SlaSummary>();
  if (ticketIds.length === 0) return result;
  const { rows } = await db.execute<{
    ticket_id: string;
    metric_key: string;
    state: string;
    goal_seconds: number;
    elapsed_seconds: number;
    breached: boolean;
    warn_at: Date | string | null;
    breach_at: Date | string | null;
    computed_at: Date | string;
  }>(sql`
    select distinct on (ticket_id) ticket_id, metric_key, state, goal_seconds, elapsed_seconds, breached,
           warn_at, breach_at, computed_at
      from ticket_sla_clocks
     where ticket_id = any(${param(ticketIds)}::uuid[])
       and goal_seconds is not null
     order by ticket_id, (state = 'running') desc, (state = 'paused') desc, breach_at asc nulls last, metric_key`);
  const now = at.getTime();
  const date = (value: Date | string | null) => (value === null ? null : new Date(value));
  for (const row of rows) {
    const warnAt = date(row.warn_at);
    const breachAt = date(row.breach_at);
    let status: NonNullable<SlaSummary>['status'];
    if (row.breached || (row.state === 'running' && breachAt && breachAt.getTime() <= now))
      status = 'breached';
    else if (row.state === 'stopped') status = 'met';
    else if (row.state === 'paused') status = 'paused';
    else if (row.state === 'not_started') status = 'not_started';
    else if (warnAt && warnAt.getTime() <= now) status = 'at_risk';
    else status = 'on_track';
    result.set(row.ticket_id, {
      metric: row.metric_key,
      status,
      goalSeconds: row.goal_seconds,
      elapsedSeconds: row.elapsed_seconds,
      computedAt: new Date(row.computed_at),
      warnAt,
      breachAt,
    });
  }
  return result;
}

/** The `sla` field of every row of a ticket list (null for a ticket without a measured clock). */
export const slaSummaryPart: TicketSummaryPart = {
  name: 'sla',
  async load(db, rows, now) {
    const summaries = await slaSummaries(
      db,
      rows.map((row) => row.id),
      now,
    );
    return new Map(rows.map((row) => [row.id, { sla: summaries.get(row.id) ?? null }]));
  },
};
