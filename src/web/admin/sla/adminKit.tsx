// Small pieces the SLA, inventory and people admin pages share: URL state, form feedback, a
// confirmation dialog and the editor drawer frame.
import { Alert, Button, Drawer, Group, Modal, Stack, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { type ReactNode, useCallback, useState } from 'react';
import { useSearchParams } from 'react-router';
import { ApiError } from '../../lib/api';

/** One query-string parameter as state; '' or null removes it. Other parameters are kept. */
export function useUrlParam(name: string): [string, (value: string | null, replace?: boolean) => void] {
  const [params, setParams] = useSearchParams();
  const value = params.get(name) ?? '';
  const set = useCallback(
    (next: string | null, replace = false) =>
      setParams(
        (current) => {
          const copy = new URLSearchParams(current);
          if (next) copy.set(name, next);
          else copy.delete(name);
          return copy;
        },
        { replace },
      ),
    [name, setParams],
  );
  return [value, set];
}

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

/** The frame of a record editor: an open drawer on the right, full width on a phone (under 48em). */
export function EditorDrawer({
  title,
  size = 'lg',
  onClose,
  children,
}: {
  title: ReactNode;
  size?: 'md' | 'lg' | 'xl';
  onClose: () => void;
  children: ReactNode;
}) {
  const phone = useMediaQuery('(max-width: 48em)');
  return (
    <Drawer opened onClose={onClose} position="right" size={phone ? '100%' : size} title={title}>
      {children}
    </Drawer>
  );
}

/** All IANA zones the browser knows (UTC first), for time-zone pickers. */
export function timeZones(): string[] {
  const supported = (Intl as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf;
  const zones = supported ? supported('timeZone') : [];
  return ['UTC', ...zones.filter((zone) => zone !== 'UTC')];
}

/**
 * The foot of an editor form: "correct the marked fields", the server's error, Delete (existing
 * records, behind a confirmation) on the left, Cancel and Save on the right.
 */
export function EditorActions({
  noun,
  hasLocalErrors,
  saveError,
  saving,
  onCancel,
  deletion,
}: {
  noun: string;
  hasLocalErrors: boolean;
  saveError: unknown;
  saving: boolean;
  onCancel: () => void;
  deletion?: {
    title: string;
    busy: boolean;
    error: unknown;
    onConfirm: () => void;
    explanation: ReactNode;
  };
}) {
  const [confirming, setConfirming] = useState(false);
  return (
    <>
      {hasLocalErrors ? (
        <Text c="red.8" size="sm" role="alert">
          Please correct the marked fields.
        </Text>
      ) : null}
      <SaveError error={saveError} />
      <Group justify="space-between">
        {deletion ? (
          <Button variant="subtle" color="red" onClick={() => setConfirming(true)}>
            Delete {noun}
          </Button>
        ) : (
          <span />
        )}
        <Group>
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={saving}>
            Save {noun}
          </Button>
        </Group>
      </Group>
      {deletion ? (
        <ConfirmModal
          opened={confirming}
          title={deletion.title}
          confirmLabel={`Delete ${noun}`}
          danger
          busy={deletion.busy}
          error={deletion.error}
          onConfirm={deletion.onConfirm}
          onClose={() => setConfirming(false)}
        >
          {deletion.explanation}
        </ConfirmModal>
      ) : null}
    </>
  );
}
