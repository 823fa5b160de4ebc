// Reading the audit log for admins: filters over the indexed columns, keyset pages on the id
// (the log is append-only and its ids grow with time, so "older than this id" is a stable cursor).
import { and, desc, eq, gte, ilike, lt, or, type SQL, sql } from 'drizzle-orm';
import type { AuditEntryOut, AuditQuery } from '../../../shared/api/audit.js';
import type { Queryable } from '../../db/client.js';
import { auditLog } from './audit.schema.js';

/** A date alone means its whole day for `to` (as the ticket search and the reports read it). */
const instant = (value: string, end: boolean) =>
  value.length === 10
    ? new Date(new Date(`${value}T00:00:00Z`).getTime() + (end ? 86_400_000 : 0))
    : new Date(value);

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

type Row = typeof auditLog.$inferSelect;
type Fields = Record<string, unknown>;

function changesOf(row: Row): AuditEntryOut['changes'] {
  const before = (row.before ?? {}) as Fields;
  const after = (row.after ?? {}) as Fields;
  const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return fields
    .filter(
      (field) => row.action !== 'update' || JSON.stringify(before[field]) !== JSON.stringify(after[field]),
    )
    .map((field) => ({
      field,
      before: row.before ? (before[field] ?? null) : null,
      after: row.after ? (after[field] ?? null) : null,
    }));
}

export async function listAudit(db: Queryable, filter: AuditQuery) {
  const conditions: (SQL | undefined)[] = [
    filter.actor ? ilike(auditLog.actorLabel, `%${escapeLike(filter.actor)}%`) : undefined,
    filter.entity ? eq(auditLog.entity, filter.entity) : undefined,
    filter.entityId ? eq(auditLog.entityId, filter.entityId) : undefined,
    filter.action ? eq(auditLog.action, filter.action) : undefined,
    filter.from ? gte(auditLog.at, instant(filter.from, false)) : undefined,
    filter.to ? lt(auditLog.at, instant(filter.to, true)) : undefined,
    filter.cursor ? lt(auditLog.id, Number(filter.cursor)) : undefined,
  ];
  if (filter.q) {
    const pattern = `%${escapeLike(filter.q)}%`;
    conditions.push(
      or(
        ilike(auditLog.entityId, pattern),
        sql`${auditLog.after}::text ILIKE ${pattern}`,
        sql`${auditLog.before}::text ILIKE ${pattern}`,
      ),
    );
  }
  const rows = await db
    .select()
    .from(auditLog)
    .where(and(...conditions))
    .orderBy(desc(auditLog.id))
    .limit(filter.limit + 1);
  const page = rows.slice(0, filter.limit);
  return {
    items: page.map(
      (row): AuditEntryOut => ({
        id: String(row.id),
        at: row.at,
        actorKind: row.actorKind,
        actorId: row.actorId,
        actorLabel: row.actorLabel,
        requestId: row.requestId,
        action: row.action,
        entity: row.entity,
        entityId: row.entityId,
        changes: changesOf(row),
      }),
    ),
    nextCursor: rows.length > filter.limit ? String(page.at(-1)!.id) : null,
  };
}

/** The audited tables (those the trigger is attached to), for the entity filter. */
export async function auditedEntities(db: Queryable): Promise<string[]> {
  const result = await db.execute<{ name: string }>(sql`
    SELECT c.relname AS name
      FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
     WHERE t.tgname = 'opsdesk_audit'
     ORDER BY 1`);
  return result.rows.map((row) => row.name);
}
