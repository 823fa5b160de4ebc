// Attachments in the web app: uploading files (portal form, comment box) as multipart, and the
// ticket's files with previews of pictures (the server serves only recognised images inline).
import { Anchor, FileInput, Group, Image, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { ApiError } from '../lib/api';
import type { Ticket } from './types';

export type Attachment = Ticket['attachments'][number];

const previewable = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Posts a multipart form; the server's error envelope becomes ApiError. */
async function postForm<T>(url: string, form: FormData): Promise<T> {
  let answer: Response;
  try {
    answer = await fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { accept: 'application/json' },
      body: form,
    });
  } catch {
    throw new ApiError(0, 'network', 'Opsdesk cannot be reached. Check your connection and try again.');
  }
  const data = (await answer.json().catch(() => null)) as
    | T
    | { error?: { code: string; message: string; details?: unknown } }
    | null;
  if (!answer.ok) {
    const envelope = data && !Array.isArray(data) ? (data as { error?: ApiEnvelope }).error : undefined;
    throw new ApiError(
      answer.status,
      envelope?.code ?? 'http_error',
      envelope?.message ?? `The server answered ${answer.status}.`,
      envelope?.details,
    );
  }
  return data as T;
}

interface ApiEnvelope {
  code: string;
  message: string;
  details?: unknown;
}

/** Sends files (and optionally a comment) to a ticket. */
export async function uploadAttachments(
  key: string,
  files: File[],
  extra: { comment?: string; internal?: boolean; reopen?: boolean } = {},
): Promise<Attachment[]> {
  const form = new FormData();
  if (extra.comment) form.append('comment', extra.comment);
  if (extra.internal) form.append('internal', 'true');
  if (extra.reopen !== undefined) form.append('reopen', String(extra.reopen));
  for (const file of files) form.append('file', file, file.name);
  return postForm<Attachment[]>(`/api/v1/tickets/${encodeURIComponent(key)}/attachments`, form);
}

/**
 * Uploads files ahead of filing a request (kept for the caller, usable once); their ids go in
 * the request's `attachments`, so the request is filed with its files or not at all.
 */
export async function stageAttachments(files: File[]): Promise<{ id: string; filename: string }[]> {
  const form = new FormData();
  for (const file of files) form.append('file', file, file.name);
  return postForm<{ id: string; filename: string }[]>('/api/v1/attachments', form);
}

/** A file picker for attachments (several files). */
export function AttachmentInput({
  value,
  onChange,
  error,
}: {
  value: File[];
  onChange: (files: File[]) => void;
  error?: string | undefined;
}) {
  return (
    <FileInput
      label="Attachments"
      description="Optional: screenshots, logs or documents (pictures, PDF, text, office files)."
      placeholder="Choose files"
      // Mantine's placeholder grey is 2.1:1 on white; WCAG AA wants 4.5:1.
      styles={{ placeholder: { color: 'var(--mantine-color-gray-7)' } }}
      multiple
      clearable
      value={value}
      onChange={(files) => onChange(files ?? [])}
      error={error}
    />
  );
}

function AttachmentItem({ attachment }: { attachment: Attachment }) {
  const url = `/api/v1/attachments/${attachment.id}`;
  return (
    <Stack gap={4} component="li">
      {previewable.has(attachment.contentType) ? (
        <a href={url} target="_blank" rel="noreferrer">
          <Image src={url} alt={`Preview of ${attachment.filename}`} mah={160} fit="contain" radius="sm" />
        </a>
      ) : null}
      <Group gap={6} wrap="nowrap">
        <Anchor href={url} download={attachment.filename} size="sm" style={{ overflowWrap: 'anywhere' }}>
          {attachment.filename}
        </Anchor>
        <Text size="xs" c="gray.7" style={{ whiteSpace: 'nowrap' }}>
          {formatSize(attachment.size)}
          {attachment.internal ? ' · internal' : ''}
        </Text>
      </Group>
    </Stack>
  );
}

export function AttachmentList({ attachments }: { attachments: Attachment[] }) {
  return (
    <SimpleGrid
      cols={{ base: 1, sm: 2 }}
      spacing="sm"
      component="ul"
      p={0}
      m={0}
      style={{ listStyle: 'none' }}
    >
      {attachments.map((attachment) => (
        <AttachmentItem key={attachment.id} attachment={attachment} />
      ))}
    </SimpleGrid>
  );
}

export function AttachmentsPanel({ ticket }: { ticket: Ticket }) {
  if (ticket.attachments.length === 0) return null;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="attachments-heading">
      <Title order={2} fz="lg" id="attachments-heading" mb="sm">
        Attachments
      </Title>
      <AttachmentList attachments={ticket.attachments} />
    </Paper>
  );
}
