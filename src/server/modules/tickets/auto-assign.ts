// Auto-assignment, a team setting (teams.auto_assign): a new ticket of the team goes to one of its
// active agents, in turn (round robin: the member after the one the last turn went to, by name) or
// by load (the fewest unresolved tickets of the team; ties in turn). The team row is locked, so two
// tickets filed at once do not both go to the same person by accident. The team's side (its mode,
// active agents, the turn) is identity's; the load is counted here.
import { and, count, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { autoAssignTurn, recordAutoAssignee } from '../identity/index.js';
import { tickets } from './tickets.schema.js';

export async function chooseAutoAssignee(tx: Tx, teamId: string): Promise<string | null> {
  const turn = await autoAssignTurn(tx, teamId);
  if (!turn || turn.mode === 'none' || turn.agents.length === 0) return null;
  const { agents } = turn;
  // The turn order starts after the last assignee.
  const last = agents.indexOf(turn.lastAssigneeId ?? '');
  const inTurn = [...agents.slice(last + 1), ...agents.slice(0, last + 1)];
  let chosen = inTurn[0]!;
  if (turn.mode === 'load') {
    const rows = await tx
      .select({ assigneeId: tickets.assigneeId, n: count() })
      .from(tickets)
      .where(and(eq(tickets.teamId, teamId), inArray(tickets.assigneeId, agents), isNull(tickets.resolvedAt)))
      .groupBy(tickets.assigneeId);
    const load = new Map(rows.map((row) => [row.assigneeId, Number(row.n)]));
    chosen = inTurn.reduce((best, id) => ((load.get(id) ?? 0) < (load.get(best) ?? 0) ? id : best));
  }
  await recordAutoAssignee(tx, teamId, chosen);
  return chosen;
}

/** Tickets per status of a workflow (what a workflow edit must keep). */
export async function statusCountsOfWorkflow(tx: Tx, workflowKey: string) {
  return tx
    .select({ status: tickets.status, n: sql<number>`count(*)::int` })
    .from(tickets)
    .where(eq(tickets.workflowKey, workflowKey))
    .groupBy(tickets.status);
}
