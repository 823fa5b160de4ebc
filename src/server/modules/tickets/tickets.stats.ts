// Counts over the core's own tables that other modules show (an approver sees how a requester's
// last requests went).
import { param, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { tickets } from './tickets.schema.js';

export interface RequesterHistory {
  total: number;
  open: number;
  cancelled: number;
  /** Their latest tickets, newest first (at most 6). */
  recent: { key: string; title: string; status: string; outcome: string | null; createdAt: Date }[];
}

export async function requesterHistory(
  db: Queryable,
  requesterIds: readonly string[],
): Promise<Map<string, RequesterHistory>> {
  const ids = [...new Set(requesterIds)];
  const result = new Map<string, RequesterHistory>();
  if (ids.length === 0) return result;
  const [counts, recent] = await Promise.all([
    db.execute<{ requester_id: string; total: number; open: number; cancelled: number }>(sql`
      select requester_id, count(*)::int as total,
             count(*) filter (where closed_at is null)::int as open,
             count(*) filter (where status = 'cancelled')::int as cancelled
        from ${tickets} where requester_id = any(${param(ids)}::uuid[]) group by requester_id`),
    db.execute<{
      requester_id: string;
      key: string;
      title: string;
      status: string;
      outcome: string | null;
      created_at: Date | string;
    }>(sql`
      select requester_id, key, title, status, outcome, created_at from (
        select requester_id, key, title, status, outcome, created_at,
               row_number() over (partition by requester_id order by created_at desc, id desc) as n
          from ${tickets}
         where requester_id = any(${param(ids)}::uuid[])
      ) latest
       where n <= 6
       order by created_at desc`),
  ]);
  for (const row of counts.rows)
    result.set(row.requester_id, { total: row.total, open: row.open, cancelled: row.cancelled, recent: [] });
  for (const row of recent.rows) {
    result.get(row.requester_id)?.recent.push({
      key: row.key,
      title: row.title,
      status: row.status,
      outcome: row.outcome,
      createdAt: new Date(row.created_at),
    });
  }
  return result;
}

/**
 * Tickets of a kind not yet resolved, among `ids` (when given) or by words of the title (trigram
 * word similarity, so "vpn not connecting" finds "VPN connections drop"), best first.
 */
export async function openTicketsLike(
  db: Queryable,
  input: { kind: string; text?: string | undefined; ids?: readonly string[] | undefined; limit: number },
) {
  const text = (input.text ?? '').trim().toLowerCase();
  const result = await db.execute<{
    id: string;
    key: string;
    title: string;
    status: string;
    score: number;
  }>(sql`
    select id, key, title, status,
           ${text ? sql`word_similarity(lower(title), ${text})` : sql`0`}::float8 as score
      from ${tickets}
     where kind = ${input.kind} and resolved_at is null and closed_at is null
       and (${input.ids ? sql`id = any(${param([...input.ids])}::uuid[])` : sql`false`}
            ${text ? sql`or word_similarity(lower(title), ${text}) > 0.3` : sql``})
     order by score desc, created_at desc
     limit ${input.limit}`);
  return result.rows;
}
