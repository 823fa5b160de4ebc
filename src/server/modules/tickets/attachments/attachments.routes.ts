// Uploading (multipart/form-data) and downloading attachments. Multipart parsing is registered
// for these routes only; every other route still takes JSON alone.
import fastifyMultipart from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorResponses, ticketKeyParams } from '../../../../shared/api/common.js';
import {
  attachmentListOut,
  attachmentParams,
  stagedAttachmentListOut,
} from '../../../../shared/api/tickets.js';
import type { AppContext } from '../../../context.js';
import type { App } from '../../../http/app.js';
import { badRequest, isDomainError, tooLarge, unsupportedType } from '../../../lib/errors.js';
import { principalOf } from '../../identity/index.js';
import { attachFiles, openAttachment, type UploadedFile } from './attachments.service.js';
import { stageFiles } from './staged.service.js';

const maxCommentLength = 20_000;
const textFields = new Set(['comment', 'internal', 'reopen']);
const noFields = new Set<string>();

const flag = (field: string, value: string | undefined) => {
  if (value === undefined || value === '') return undefined;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw badRequest('validation_failed', `${field}: must be true or false`, [
    { field, message: 'must be true or false' },
  ]);
};

/** The files and text fields of a multipart upload; a part too large or too many answer 413 naming the field. */
async function readUpload(
  request: FastifyRequest,
  allowedFields: ReadonlySet<string>,
  maxBytes: number,
  maxFiles: number,
) {
  if (!request.isMultipart())
    throw unsupportedType('unsupported_media_type', 'Send the files as multipart/form-data.');
  const files: UploadedFile[] = [];
  const fields: Record<string, string> = {};
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        files.push({ field: part.fieldname, filename: part.filename, bytes: await part.toBuffer() });
      } else {
        if (!allowedFields.has(part.fieldname))
          throw badRequest('validation_failed', `${part.fieldname}: not a field of an upload`, [
            { field: part.fieldname, message: 'not a field of an upload' },
          ]);
        fields[part.fieldname] = String(part.value);
      }
    }
  } catch (error) {
    if (isDomainError(error)) throw error;
    const code = (error as { code?: string }).code;
    const field = (error as { part?: { fieldname?: string } }).part?.fieldname ?? 'file';
    if (code === 'FST_REQ_FILE_TOO_LARGE')
      throw tooLarge('file_too_large', `${field}: a file is larger than ${maxBytes} bytes`, [
        { field, message: `larger than ${maxBytes} bytes` },
      ]);
    if (code === 'FST_FILES_LIMIT')
      throw tooLarge('too_many_files', `file: at most ${maxFiles} files at once`, [
        { field: 'file', message: `at most ${maxFiles} files at once` },
      ]);
    if (code === 'FST_FIELDS_LIMIT' || code === 'FST_PARTS_LIMIT')
      throw badRequest('validation_failed', 'The form has too many fields.');
    throw badRequest('invalid_multipart', `The upload could not be read: ${(error as Error).message}`);
  }
  return { files, fields };
}

export async function attachmentRoutes(app: App, context: AppContext): Promise<void> {
  const { maxBytes, maxFiles } = context.config.attachments;
  await app.register(async (plain) => {
    const scope = plain.withTypeProvider<ZodTypeProvider>();
    await scope.register(fastifyMultipart, {
      limits: {
        fileSize: maxBytes,
        files: maxFiles,
        fields: 10,
        fieldSize: maxCommentLength * 4,
        parts: maxFiles + 10,
      },
    });

    scope.post(
      '/api/v1/tickets/:key/attachments',
      {
        config: { permission: 'ticket:comment' },
        schema: {
          tags: ['tickets'],
          summary: `Attach files (multipart/form-data: one or more file parts, at most ${maxFiles}, each at most ${maxBytes} bytes; optional comment, internal, reopen as on comments). With a comment the files belong to it; 413 for a file too large, 415 for a kind not accepted, naming the field`,
          consumes: ['multipart/form-data'],
          params: ticketKeyParams,
          response: { 201: attachmentListOut, ...errorResponses },
        },
      },
      async (request, reply) => {
        const { files, fields } = await readUpload(request, textFields, maxBytes, maxFiles);
        const comment = fields.comment?.trim();
        if (comment && comment.length > maxCommentLength)
          throw badRequest('validation_failed', `comment: at most ${maxCommentLength} characters`, [
            { field: 'comment', message: `at most ${maxCommentLength} characters` },
          ]);
        const attached = await attachFiles(
          context,
          principalOf(request),
          request.params.key,
          {
            files,
            comment: comment || undefined,
            internal: flag('internal', fields.internal) ?? false,
            reopen: flag('reopen', fields.reopen),
          },
          request.id,
        );
        return reply.status(201).send(attached);
      },
    );

    scope.post(
      '/api/v1/attachments',
      {
        config: { permission: 'ticket:create' },
        schema: {
          tags: ['tickets'],
          summary: `Upload files ahead of filing a request (multipart/form-data: file parts, at most ${maxFiles}, each at most ${maxBytes} bytes; checked as on tickets). Returns their ids for \`attachments\` of POST /requests; yours only, usable once, deleted unused after OPSDESK_ATTACHMENT_STAGED_HOURS`,
          consumes: ['multipart/form-data'],
          response: { 201: stagedAttachmentListOut, ...errorResponses },
        },
      },
      async (request, reply) => {
        const { files } = await readUpload(request, noFields, maxBytes, maxFiles);
        return reply.status(201).send(await stageFiles(context, principalOf(request), files));
      },
    );
  });

  app.get(
    '/api/v1/attachments/:id',
    {
      config: { permission: 'ticket:read' },
      schema: {
        tags: ['tickets'],
        summary:
          'Download an attachment (images inline, everything else as a download; 404 for whoever may not see the ticket)',
        params: attachmentParams,
        response: errorResponses,
      },
    },
    async (request, reply) => {
      const { headers, body } = await openAttachment(context, principalOf(request), request.params.id);
      // A stream, not JSON: the response schemas describe the errors only.
      return reply.headers(headers).send(body as never);
    },
  );
}
