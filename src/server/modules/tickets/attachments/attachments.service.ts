// Attachments of tickets: uploads checked (size, kind from the bytes), stored in the blob store
// and recorded in the same transaction as the comment they belong to; downloads for exactly the
// people who may see the ticket (and, for an internal comment's files, its agents).
import { createHash, randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { and, asc, eq } from 'drizzle-orm';
import type { AppContext } from '../../../context.js';
import { type Queryable, type Tx, withTransaction } from '../../../db/client.js';
import { badRequest, forbidden, notFound, unsupportedType } from '../../../lib/errors.js';
import { actorOf, type Principal } from '../../identity/index.js';
import { lockTicket, type TicketRow } from '../lifecycle.js';
import { ticketAttachments, tickets } from '../tickets.schema.js';
import { addComment, ticketForCaller } from '../tickets.service.js';
import { canSee, rolesOf, viewerOf } from '../visibility.js';
import { detectType, servedAs, typeAllowed } from './kinds.js';
import { blobStoreFor } from './storage.js';

export interface UploadedFile {
  /** The form field that carried it, named in errors. */
  field: string;
  filename: string;
  bytes: Buffer;
}

export interface AttachInput {
  files: UploadedFile[];
  comment?: string | undefined;
  internal: boolean;
  reopen?: boolean | undefined;
}

type AttachmentRow = typeof ticketAttachments.$inferSelect;

export function attachmentOut(
  row: Pick<
    AttachmentRow,
    'id' | 'commentId' | 'filename' | 'contentType' | 'size' | 'internal' | 'uploadedByLabel' | 'createdAt'
  >,
) {
  return {
    id: row.id,
    commentId: row.commentId,
    filename: row.filename,
    contentType: row.contentType,
    size: row.size,
    internal: row.internal,
    uploadedBy: row.uploadedByLabel.replace(/^user:/, ''),
    createdAt: row.createdAt,
  };
}

const cleanName = (name: string) => {
  // Only the last path segment, without control characters; never empty.
  const base = name.split(/[/\\]/).pop() ?? '';
  const clean = [...base]
    .filter((char) => char.charCodeAt(0) >= 0x20 && char.charCodeAt(0) !== 0x7f)
    .join('')
    .trim()
    .slice(0, 200);
  return clean || 'file';
};

/** Checks every file before anything is stored: one bad file refuses the whole upload. */
export function checkFiles(context: AppContext, files: UploadedFile[]) {
  if (files.length === 0)
    throw badRequest('validation_failed', 'file: choose at least one file', [
      { field: 'file', message: 'choose at least one file' },
    ]);
  return files.map((file) => {
    const filename = cleanName(file.filename);
    if (file.bytes.length === 0)
      throw badRequest('empty_file', `${file.field}: ${filename} is empty`, [
        { field: file.field, message: `${filename} is empty` },
      ]);
    const contentType = detectType(filename, file.bytes);
    if (!typeAllowed(contentType, context.config.attachments.types))
      throw unsupportedType(
        'unsupported_type',
        `${file.field}: ${filename} is ${contentType}, which is not accepted here (accepted: ${context.config.attachments.types.join(', ')})`,
        [{ field: file.field, message: `${contentType} is not an accepted kind of file` }],
      );
    return {
      ...file,
      filename,
      contentType,
      id: randomUUID(),
      sha256: createHash('sha256').update(file.bytes).digest('hex'),
    };
  });
}

/**
 * Stores files on a ticket the caller may see, with a comment when one is given (the comment and
 * its files are one transaction; the bytes are removed again when it fails).
 */
export async function attachFiles(
  context: AppContext,
  principal: Principal,
  key: string,
  input: AttachInput,
  requestId?: string,
) {
  const { ticket } = await ticketForCaller(context, principal, key);
  if (input.internal && !principal.permissions.has('ticket:comment:internal'))
    throw forbidden('Only agents may attach files to internal comments.');
  const checked = checkFiles(context, input.files);
  const store = blobStoreFor(context.config);
  const actor = actorOf(principal, requestId);
  const keyOf = (id: string) => `${ticket.id}/${id}`;
  const stored: string[] = [];
  try {
    for (const file of checked) {
      await store.put(keyOf(file.id), file.bytes, file.contentType);
      stored.push(keyOf(file.id));
    }
    const rows: AttachmentRow[] = [];
    const record = async (tx: Tx, locked: TicketRow, commentId: string | null) => {
      const inserted = await tx
        .insert(ticketAttachments)
        .values(
          checked.map((file) => ({
            id: file.id,
            ticketId: locked.id,
            commentId,
            field: file.field,
            filename: file.filename,
            contentType: file.contentType,
            size: file.bytes.length,
            sha256: file.sha256,
            internal: input.internal,
            storage: store.kind,
            storageKey: keyOf(file.id),
            uploadedById: actor.id,
            uploadedByLabel: actor.label,
            createdAt: context.clock.now(),
          })),
        )
        .returning();
      rows.push(...inserted);
    };
    if (input.comment) {
      await addComment(
        context,
        principal,
        key,
        { body: input.comment, internal: input.internal, reopen: input.reopen },
        requestId,
        (tx, locked, commentId) => record(tx, locked, commentId),
      );
    } else {
      await withTransaction(context.db, actor, async (tx) =>
        record(tx, await lockTicket(tx, ticket.id), null),
      );
    }
    return rows.map(attachmentOut);
  } catch (error) {
    await Promise.allSettled(stored.map((storedKey) => store.delete(storedKey)));
    throw error;
  }
}

/** The attachments of a ticket a viewer may see (internal ones for its agents only). */
export async function attachmentsOf(db: Queryable, ticketId: string, seesInternal: boolean) {
  const rows = await db
    .select()
    .from(ticketAttachments)
    .where(
      seesInternal
        ? eq(ticketAttachments.ticketId, ticketId)
        : and(eq(ticketAttachments.ticketId, ticketId), eq(ticketAttachments.internal, false)),
    )
    .orderBy(asc(ticketAttachments.createdAt), asc(ticketAttachments.filename));
  return rows.map(attachmentOut);
}

/**
 * A download, for exactly those who may see the ticket: anyone else is told it does not exist,
 * as for the ticket itself.
 */
export async function openAttachment(
  context: AppContext,
  principal: Principal,
  id: string,
): Promise<{ headers: Record<string, string>; body: Readable }> {
  const [row] = await context.db.select().from(ticketAttachments).where(eq(ticketAttachments.id, id));
  const missing = () => notFound('The attachment');
  if (!row) throw missing();
  const [ticket] = await context.db.select().from(tickets).where(eq(tickets.id, row.ticketId));
  if (!ticket) throw missing();
  const viewer = await viewerOf(context.db, principal);
  if (!(await canSee(context.db, viewer, ticket as TicketRow))) throw missing();
  if (row.internal && !(await rolesOf(context.db, viewer, ticket as TicketRow)).has('agent')) throw missing();
  const body = await blobStoreFor(context.config).get(row.storageKey);
  return {
    headers: { ...servedAs(row.contentType, row.filename), 'content-length': String(row.size) },
    body,
  };
}
