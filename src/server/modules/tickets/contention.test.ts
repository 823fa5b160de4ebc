// Concurrent work does not queue on shared rows (issue 18): while one transaction moves a ticket —
// its row locked, its history counted in the report rollups, its team's auto-assignment turn read —
// another requester's filing of the same request type for the same team, and other work that
// refers to the locked ticket (a comment, a notification row), go through at once instead of
// waiting for the first transaction to end. Measured under bench/lifecycle.ts before the change:
// a history insert waited 68 ms on average for the quarter's counter row, a delivery insert 222 ms
// for the ticket row, a filing 76 ms for its team's row.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../testing/harness.js';
import { fileRequest } from '../../testing/tickets.js';
import { autoAssignTurn } from '../identity/index.js';
import { lockTicket } from './index.js';

let t: TestApp;
let dev: string;
let pm: string;

beforeAll(async () => {
  t = await startTestApp();
  [dev, pm] = await Promise.all([t.login('dev@opsdesk.local'), t.login('pm@opsdesk.local')]);
});
afterAll(() => t?.close());

/** Runs `work` while another transaction holds what a transition of `ticketId` holds; rolls it back after. */
async function whileTransitionHolds<T>(ticketId: string, teamId: string | null, work: () => Promise<T>) {
  let entered!: () => void;
  let release!: () => void;
  const inside = new Promise<void>((resolve) => {
    entered = resolve;
  });
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  const held = t.context.db
    .transaction(async (tx) => {
      await lockTicket(tx, ticketId);
      // The transition's history entry, counted by the rollup triggers like a filing's first step.
      await tx.execute(sql`
        insert into ticket_history (ticket_id, at, actor_kind, actor_id, actor_label, transition, from_status, to_status)
        select ticket_id, now(), actor_kind, actor_id, actor_label, transition, from_status, to_status
          from ticket_history where ticket_id = ${ticketId}::uuid order by id limit 1`);
      if (teamId) await autoAssignTurn(tx, teamId);
      entered();
      await released;
      throw new Error('rolled back on purpose');
    })
    .catch((error: Error) => {
      if (error.message !== 'rolled back on purpose') throw error;
    });
  await inside;
  const timeout = new Promise<'still waiting'>((resolve) => {
    setTimeout(() => resolve('still waiting'), 10_000).unref();
  });
  try {
    return await Promise.race([work(), timeout]);
  } finally {
    release();
    await held;
  }
}

describe('a transition in progress', () => {
  it('does not hold up a filing of the same type for the same team, nor rows that refer to its ticket', async () => {
    const first = await fileRequest(t, dev, 'start-request-only-staging', { environment: 'bugfix1x2' });
    const [ticket] = (
      await t.context.db.execute<{ id: string; team_id: string | null }>(
        sql`select id, team_id from tickets where key = ${first.key}`,
      )
    ).rows;
    expect(ticket?.team_id, 'the request type routes to a team').toBeTruthy();

    const outcome = await whileTransitionHolds(ticket!.id, ticket!.team_id, async () => {
      const second = await fileRequest(t, pm, 'start-request-only-staging', { environment: 'bugfix1x2' });
      // Work that refers to the locked ticket, as a notification dispatch for its previous event does.
      await t.context.db.transaction(async (tx) => {
        await tx.execute(sql`set local lock_timeout = '5s'`);
        await tx.execute(sql`
          insert into ticket_comments (ticket_id, author_kind, author_label, body)
          values (${ticket!.id}::uuid, 'system', 'contention test', 'written while the ticket is locked')`);
      });
      return second;
    });
    expect(outcome).not.toBe('still waiting');
    expect((outcome as { key: string }).key).toMatch(/^[A-Z]+-\d+$/);

    // Nothing of the rolled-back transition was counted; the two filings were.
    const counted = await t.context.db.execute<{ n: number }>(
      sql`select coalesce(sum(created), 0)::int as n from ticket_created_rollup`,
    );
    const rows = await t.context.db.execute<{ n: number }>(sql`select count(*)::int as n from tickets`);
    expect(counted.rows[0]!.n).toBe(rows.rows[0]!.n);
    const transitions = await t.context.db.execute<{ rolled: number; rows: number }>(sql`
      select (select coalesce(sum(count), 0) from ticket_transition_rollup)::int as rolled,
             (select count(*) from ticket_history)::int as rows`);
    expect(transitions.rows[0]!.rolled).toBe(transitions.rows[0]!.rows);
  });
});
