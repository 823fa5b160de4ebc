// The editor of one record: a drawer on the right (full width on a phone), which shows a loading
// block while the record is fetched and says so when there is no such record; and the foot of its
// form (Delete behind a confirmation, Cancel, Save).
import { Button, Drawer, Group, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { type ReactNode, useState } from 'react';
import { LoadingBlock } from '../../components/States';
import { ConfirmModal, SaveError } from './feedback';

export function EditorDrawer({
  title,
  size = 'lg',
  onClose,
  loading = false,
  missing,
  children,
}: {
  title: ReactNode;
  size?: 'md' | 'lg' | 'xl';
  onClose: () => void;
  /** The record is still being fetched. */
  loading?: boolean;
  /** Shown instead of the form when the record does not exist (an EmptyState). */
  missing?: ReactNode;
  children: ReactNode;
}) {
  const phone = useMediaQuery('(max-width: 48em)');
  return (
    <Drawer
      opened
      onClose={onClose}
      position="right"
      size={phone ? '100%' : size}
      title={title}
      closeButtonProps={{ 'aria-label': typeof title === 'string' ? `Close ${title}` : 'Close' }}
    >
      {loading ? <LoadingBlock rows={6} height={48} /> : (missing ?? children)}
    </Drawer>
  );
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
