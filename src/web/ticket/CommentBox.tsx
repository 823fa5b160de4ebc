// The comment box (agents may make a comment internal).
import { Button, Checkbox, Group, Paper, Stack, Textarea, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { ApiError, api } from '../lib/api';
import { AttachmentInput, uploadAttachments } from './Attachments';
import { ActionError, descriptionStyles, useTicketAction } from './ticketActions';
import type { Ticket } from './types';

export function CommentBox({
  ticket,
  agent,
  isRequester,
  textareaRef,
}: {
  ticket: Ticket;
  agent: boolean;
  isRequester: boolean;
  textareaRef: React.RefObject<HTMLTextAreaElement | null>;
}) {
  const [body, setBody] = useState('');
  const [internal, setInternal] = useState(false);
  const [files, setFiles] = useState<File[]>([]);
  const [problem, setProblem] = useState<string | undefined>();
  // While the team waits for the requester, a plain comment (thanks, a remark) leaves the ticket
  // where it is; "It does not work" above is how they send it back.
  const waitingForRequester =
    isRequester && !agent && ticket.availableTransitions.some((t) => t.name === 'confirm');
  const add = useTicketAction<{ body: string; internal: boolean; reopen?: boolean }>(
    ticket.key,
    async (vars) => {
      if (files.length === 0)
        return api(`/api/v1/tickets/${ticket.key}/comments`, 'tickets.ticketOut', { body: vars });
      await uploadAttachments(ticket.key, files, { comment: vars.body, ...vars });
      return api(`/api/v1/tickets/${ticket.key}`, 'tickets.ticketOut');
    },
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!body.trim()) {
      setProblem('Write something first.');
      return;
    }
    setProblem(undefined);
    add.mutate(
      {
        body: body.trim(),
        internal: agent && internal,
        ...(waitingForRequester ? { reopen: false } : {}),
      },
      {
        onSuccess: () => {
          setBody('');
          setInternal(false);
          setFiles([]);
        },
      },
    );
  };
  const fieldError = problem ?? (add.error instanceof ApiError ? add.error.fieldErrors.body : undefined);
  return (
    <Paper withBorder p="md" component="form" onSubmit={submit} aria-labelledby="comment-heading">
      <Stack gap="sm">
        <Title order={2} fz="lg" id="comment-heading">
          Add a comment
        </Title>
        <Textarea
          ref={textareaRef}
          label="Comment"
          styles={descriptionStyles}
          description={
            waitingForRequester
              ? 'The team reads it; the request stays delivered. If it does not work, say so with “It does not work” above.'
              : undefined
          }
          value={body}
          onChange={(event) => setBody(event.currentTarget.value)}
          autosize
          minRows={3}
          error={fieldError}
          aria-keyshortcuts="c"
        />
        <AttachmentInput
          value={files}
          onChange={setFiles}
          error={add.error instanceof ApiError ? add.error.fieldErrors.file : undefined}
        />
        <Group justify="space-between" wrap="wrap" gap="xs">
          {agent ? (
            <Checkbox
              label="Internal (only agents see it)"
              checked={internal}
              onChange={(event) => setInternal(event.currentTarget.checked)}
            />
          ) : (
            <span />
          )}
          <Button type="submit" loading={add.isPending}>
            Add comment
          </Button>
        </Group>
        {add.error && !(add.error instanceof ApiError && add.error.fieldErrors.body) ? (
          <ActionError error={add.error} />
        ) : null}
      </Stack>
    </Paper>
  );
}
