// Files uploaded ahead of the request they go with: the portal uploads the form's files first
// (POST /api/v1/attachments), then files the request naming their ids, so a failed upload never
// leaves a filed request without its files. A staged file belongs to its uploader, is attached in
// the filing's own transaction (same id, same stored bytes) and, never used, is deleted with its
// bytes once it expires (`pruneStagedAttachments`, hourly).
import { and, eq, gt, inArray, lt, sql } from 'drizzle-orm';
import type { AppContext } from '../../../context.js';
import type { Actor, Tx } from '../../../db/client.js';
import { tooLarge, validationFailed } from '../../../lib/errors.js';
import type { Principal } from '../../identity/index.js';
import type { TicketRow } from '../lifecycle.js';
import { stagedAttachments, ticketAttachments } from '../tickets.schema.js';
import { attachmentOut, checkFiles, type UploadedFile } from './attachments.service.js';
import { blobStoreFor } from './storage.js';

const stagedKey = (id: string) => `staged/${id}`;

/**
 * Stores checked files for the caller to file a request with; the bytes are removed if recording
 * fails. What one person holds unfiled is capped (`stagedMaxBytes`), so staging is not free
 * storage: an upload that would pass the cap is refused with 413 naming `file`. (Two uploads of the
 * same person at the same instant may both pass the check: the cap is exceeded by at most one upload.)
 */
export async function stageFiles(context: AppContext, principal: Principal, files: UploadedFile[]) {
  const checked = checkFiles(context, files);
  const store = blobStoreFor(context.config);
  const now = context.clock.now();
  const limit = context.config.attachments.stagedMaxBytes;
  const [held] = await context.db
    .select({ bytes: sql<number>`coalesce(sum(${stagedAttachments.size}), 0)::bigint` })
    .from(stagedAttachments)
    .where(and(eq(stagedAttachments.uploaderId, principal.user.id), gt(stagedAttachments.expiresAt, now)));
  const adding = checked.reduce((sum, file) => sum + file.bytes.length, 0);
  if ((held?.bytes ?? 0) + adding > limit)
    throw tooLarge(
      'staged_quota_exceeded',
      `file: you hold ${held?.bytes ?? 0} bytes of uploads not yet filed; with these ${adding} more you would pass the ${limit}-byte limit. File your request with them, or wait for unused ones to expire.`,
      [{ field: 'file', message: `uploads not yet filed would pass ${limit} bytes` }],
    );
  const expiresAt = new Date(now.getTime() + context.config.attachments.stagedHours * 3_600_000);
  const stored: string[] = [];
  try {
    for (const file of checked) {
      await store.put(stagedKey(file.id), file.bytes, file.contentType);
      stored.push(stagedKey(file.id));
    }
    const rows = await context.db
      .insert(stagedAttachments)
      .values(
        checked.map((file) => ({
          id: file.id,
          uploaderId: principal.user.id,
          filename: file.filename,
          contentType: file.contentType,
          size: file.bytes.length,
          sha256: file.sha256,
          storage: store.kind,
          storageKey: stagedKey(file.id),
          createdAt: now,
          expiresAt,
        })),
      )
      .returning();
    return rows.map((row) => ({
      id: row.id,
      filename: row.filename,
      contentType: row.contentType,
      size: row.size,
      expiresAt: row.expiresAt,
    }));
  } catch (error) {
    await Promise.allSettled(stored.map((key) => store.delete(key)));
    throw error;
  }
}

type StagedRow = typeof stagedAttachments.$inferSelect;

/**
 * Claims staged files for a filing, in its transaction and before the ticket is created (a
 * refusal then costs no ticket number): each id must be a file `uploaderId` staged, not yet used
 * and not expired; otherwise a 400 naming `<field>.<index>`. The rows stay locked until the
 * filing ends, so a second filing naming the same ids waits, then finds them used.
 */
export async function claimStaged(
  tx: Tx,
  input: { ids: readonly string[]; uploaderId: string; now: Date; field?: string },
): Promise<{ field: string; rows: StagedRow[] }> {
  const field = input.field ?? 'attachments';
  if (input.ids.length === 0) return { field, rows: [] };
  const rows = await tx
    .select()
    .from(stagedAttachments)
    .where(inArray(stagedAttachments.id, [...input.ids]))
    .for('update');
  const byId = new Map(rows.map((row) => [row.id, row]));
  const problems: { field: string; message: string }[] = [];
  const seen = new Set<string>();
  input.ids.forEach((id, index) => {
    const row = byId.get(id);
    const at = `${field}.${index}`;
    if (seen.has(id)) problems.push({ field: at, message: 'the same file is named twice' });
    else if (!row || row.uploaderId !== input.uploaderId)
      // Someone else's upload is as unknown as a missing one: its existence is not revealed.
      problems.push({
        field: at,
        message: 'no uploaded file of yours has this id (it may have been used already)',
      });
    else if (row.expiresAt <= input.now)
      problems.push({ field: at, message: 'the upload expired: upload the file again' });
    seen.add(id);
  });
  if (problems.length > 0) throw validationFailed(problems, 'The attachments cannot be filed');
  return { field, rows: input.ids.map((id) => byId.get(id)!) };
}

/**
 * Attaches claimed staged files to the ticket just filed, in the same transaction: the rows move
 * to `ticket_attachments` (same id, same stored bytes) and the staged rows are consumed.
 */
export async function attachStaged(
  tx: Tx,
  input: {
    ticket: TicketRow;
    claimed: { field: string; rows: StagedRow[] };
    actor: Actor;
    now: Date;
    commentId?: string | null;
  },
) {
  const { rows, field } = input.claimed;
  if (rows.length === 0) return [];
  const inserted = await tx
    .insert(ticketAttachments)
    .values(
      rows.map((row) => ({
        id: row.id,
        ticketId: input.ticket.id,
        commentId: input.commentId ?? null,
        field,
        filename: row.filename,
        contentType: row.contentType,
        size: row.size,
        sha256: row.sha256,
        internal: false,
        storage: row.storage,
        storageKey: row.storageKey,
        uploadedById: input.actor.id,
        uploadedByLabel: input.actor.label,
        createdAt: input.now,
      })),
    )
    .returning();
  await tx.delete(stagedAttachments).where(
    inArray(
      stagedAttachments.id,
      rows.map((row) => row.id),
    ),
  );
  return inserted.map(attachmentOut);
}

/** Deletes staged files that expired unused, rows first (a filing then finds them gone), then bytes. */
export async function pruneStagedAttachments(context: AppContext, now: Date): Promise<number> {
  const store = blobStoreFor(context.config);
  let removed = 0;
  for (;;) {
    const expired = await context.db
      .delete(stagedAttachments)
      .where(
        inArray(
          stagedAttachments.id,
          context.db
            .select({ id: stagedAttachments.id })
            .from(stagedAttachments)
            .where(lt(stagedAttachments.expiresAt, now))
            .limit(500),
        ),
      )
      .returning({ storageKey: stagedAttachments.storageKey });
    await Promise.allSettled(expired.map((row) => store.delete(row.storageKey)));
    removed += expired.length;
    if (expired.length < 500) return removed;
  }
}
