// The admin audit log: every write to the domain tables (filled by the opsdesk_audit trigger),
// newest first, filtered by actor, entity, action and time, paged by keyset (the row id).
import { z } from 'zod';
import { dateOrDateTime, dateTime } from './common.js';

export const auditActions = ['insert', 'update', 'delete'] as const;

export const auditQuery = z
  .object({
    actor: z.string().trim().max(200).optional().describe('part of the actor label (email, job, system)'),
    entity: z
      .string()
      .trim()
      .regex(/^[a-z_][a-z0-9_]*$/, 'a table name: lower-case letters, digits and _')
      .max(63)
      .optional(),
    entityId: z.string().trim().max(200).optional().describe('the row key exactly'),
    action: z.enum(auditActions).optional(),
    from: dateOrDateTime.optional().describe('at or after'),
    to: dateOrDateTime.optional().describe('before (a date: the whole day included)'),
    q: z.string().trim().max(200).optional().describe('text anywhere in the row before or after'),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z
      .string()
      .regex(/^\d{1,18}$/, 'a cursor this API returned')
      .optional(),
  })
  .strict();
export type AuditQuery = z.infer<typeof auditQuery>;

export const auditChange = z.object({
  field: z.string(),
  before: z.unknown(),
  after: z.unknown(),
});

export const auditEntryOut = z.object({
  id: z.string(),
  at: dateTime,
  actorKind: z.string(),
  actorId: z.string().nullable(),
  actorLabel: z.string(),
  requestId: z.string().nullable(),
  action: z.string(),
  entity: z.string(),
  entityId: z.string().nullable(),
  /** The fields an update changed; every field of an inserted or deleted row. */
  changes: z.array(auditChange),
});
export type AuditEntryOut = z.infer<typeof auditEntryOut>;

export const auditPageOut = z.object({
  items: z.array(auditEntryOut),
  nextCursor: z.string().nullable(),
});

export const auditEntitiesOut = z.array(z.string());
