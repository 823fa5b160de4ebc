// What a save or a deletion says back: field problems keyed like the server's, the error in plain
// words, "Done", and the confirmation asked before deleting.
import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { ApiError } from '../../lib/api';

/** Field problems of a failed save (400 details), keyed like the server's paths without `body.`. */
export function fieldErrorsOf(error: unknown, prefix = ''): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  const out: Record<string, string> = {};
  for (const [key, message] of Object.entries(error.fieldErrors)) {
    const bare = key.replace(/^body\./, '');
    out[prefix && bare.startsWith(prefix) ? bare.slice(prefix.length) : bare] = message;
  }
  return out;
}

export function errorText(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 403) return 'You are not allowed to do this.';
    if (error.status === 409)
      return error.message || 'Someone changed this at the same time; reload and try again.';
    return error.message;
  }
  return error instanceof Error ? error.message : 'Something went wrong.';
}

/** The error of a save that failed, in plain words (field problems are also shown on the fields). */
export function SaveError({ error }: { error: unknown }) {
  if (!error) return null;
  const fields = error instanceof ApiError ? Object.keys(error.fieldErrors).length : 0;
  return (
    <Alert color="red" role="alert" title={fields ? 'Please correct the marked fields' : 'Not saved'}>
      <Text size="sm">
        {fields ? `${fields} field${fields > 1 ? 's need' : ' needs'} attention.` : errorText(error)}
      </Text>
    </Alert>
  );
}

export function Saved({ children }: { children: ReactNode }) {
  return (
    <Alert color="green" role="status" title="Done">
      <Text size="sm">{children}</Text>
    </Alert>
  );
}

export function ConfirmModal({
  opened,
  title,
  children,
  confirmLabel,
  danger,
  busy,
  error,
  onConfirm,
  onClose,
}: {
  opened: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  busy?: boolean;
  error?: unknown;
  onConfirm: () => void;
  onClose: () => void;
}) {
  return (
    <Modal opened={opened} onClose={onClose} title={title} centered>
      <Stack>
        <Text size="sm">{children}</Text>
        {error ? (
          <Alert color="red" role="alert">
            <Text size="sm">{errorText(error)}</Text>
          </Alert>
        ) : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button color={danger ? 'red' : undefined} loading={busy} onClick={onConfirm}>
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
