// /admin/request-types/:key: a request type's details, approval and fulfilment, and its form
// (a field editor with a live preview). The tab lives in the URL (?tab=form|details|fulfilment);
// each tab is its own file (FormTab, DetailsTab, FulfilmentTab).
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  List,
  Modal,
  Paper,
  Skeleton,
  Stack,
  Tabs,
  Text,
  Title,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useReducer, useState } from 'react';
import { Link, useBlocker, useParams, useSearchParams } from 'react-router';
import type { z } from 'zod';
import type { requestTypePatch } from '../../../shared/api/catalog';
import { ErrorState } from '../../components/States';
import { ApiError, api } from '../../lib/api';
import { DetailsTab } from './DetailsTab';
import {
  checkDraft,
  type Draft,
  editorReducer,
  fieldList,
  initEditor,
  isDirty,
  serverProblems,
  toPatch,
} from './editorState';
import { FormTab } from './FormTab';
import { FulfilmentTab } from './FulfilmentTab';
import { refreshCatalog, requestTypeKey, useRequestType } from './queries';
import type { RequestTypeAdmin } from './types';

const tabs = ['form', 'details', 'fulfilment'] as const;
type Tab = (typeof tabs)[number];

export default function RequestTypeEditorPage() {
  const { key = '' } = useParams();
  const requestType = useRequestType(key);
  if (requestType.isPending)
    return (
      <Stack gap="md" aria-busy="true" aria-label="Loading">
        <Skeleton height={16} width={160} />
        <Title order={1}>Request type</Title>
        <Skeleton height={36} />
        <Skeleton height={480} />
      </Stack>
    );
  if (requestType.error)
    return (
      <Stack>
        <Anchor component={Link} to="/admin/request-types" size="sm">
          ← Request types
        </Anchor>
        <Title order={1}>Request type {key}</Title>
        <ErrorState error={requestType.error} onRetry={() => void requestType.refetch()} />
      </Stack>
    );
  // Keyed by the request type so that opening another one starts a fresh editor.
  return <Editor key={key} requestType={requestType.data} />;
}

function Editor({ requestType }: { requestType: RequestTypeAdmin }) {
  const client = useQueryClient();
  const [state, dispatch] = useReducer(editorReducer, requestType, initEditor);
  const [params, setParams] = useSearchParams();
  const tab: Tab = tabs.includes(params.get('tab') as Tab) ? (params.get('tab') as Tab) : 'form';
  const [paramsError, setParamsError] = useState<string | null>(null);
  const dirty = isDirty(state);
  const problems = useMemo(() => checkDraft(state.draft), [state.draft]);
  const fields = useMemo(() => fieldList(state.draft), [state.draft]);
  const problemCount = problems.count + (paramsError ? 1 : 0);

  const save = useMutation({
    mutationFn: () =>
      api(
        `/api/v1/catalog/request-types/${encodeURIComponent(requestType.key)}`,
        'catalog.requestTypeAdmin',
        {
          method: 'PATCH',
          body: toPatch(state.draft) satisfies z.input<typeof requestTypePatch>,
        },
      ),
    onSuccess: (saved) => {
      client.setQueryData(requestTypeKey(saved.key), saved);
      refreshCatalog(client);
      dispatch({ type: 'load', requestType: saved });
    },
    onError: (error) => {
      if (error instanceof ApiError && (error.status === 400 || error.status === 409))
        dispatch({ type: 'serverErrors', errors: serverProblems(error.details, error.message) });
    },
  });

  // Leaving with unsaved changes: ask inside the app, and let the browser ask on reload/close.
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) => dirty && currentLocation.pathname !== nextLocation.pathname,
  );
  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  const serverMessages = Object.entries(state.serverErrors);
  const topError = (path: string) => problems.top[path] ?? state.serverErrors[path];
  const detailProblems = [
    'name',
    'description',
    'documentation',
    'docsUrl',
    'icon',
    'category',
    'workflow',
    'active',
    'position',
  ].filter((path) => topError(path)).length;
  const fulfilmentProblems =
    Object.keys({ ...problems.top, ...state.serverErrors }).filter((path) =>
      /^(fulfilment|approval|team|autoCloseDays)/.test(path),
    ).length + (paramsError ? 1 : 0);
  const fieldProblems =
    Object.values(problems.fields).reduce((sum, byPath) => sum + Object.keys(byPath).length, 0) +
    Object.keys(state.serverErrors).filter((path) => path.startsWith('fields')).length;

  return (
    <Stack gap="md">
      <Anchor component={Link} to="/admin/request-types" size="sm" style={{ alignSelf: 'flex-start' }}>
        ← Request types
      </Anchor>
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
        <Stack gap={4}>
          <Title order={1}>{state.draft.name || requestType.name}</Title>
          <Group gap="xs">
            <Text size="sm" c="gray.7" ff="monospace">
              {requestType.key}
            </Text>
            <Badge variant="light" color={state.draft.active ? 'green' : 'gray'}>
              {state.draft.active ? 'Active' : 'Inactive'}
            </Badge>
            <Anchor component={Link} to={`/portal/catalog/${requestType.key}`} size="sm">
              Open in the portal
            </Anchor>
          </Group>
        </Stack>
      </Group>
      <div aria-live="polite">
        {save.isSuccess && !dirty ? (
          <Alert color="green" variant="light" withCloseButton onClose={() => save.reset()}>
            Saved. Requesters see the new version right away.
          </Alert>
        ) : null}
        {save.error ? (
          <Alert color="red" title="Not saved" role="alert">
            <Text size="sm">{save.error.message}</Text>
            {serverMessages.length > 0 ? (
              <List size="sm" mt={4}>
                {serverMessages.map(([path, message]) => (
                  <List.Item key={path}>
                    {describePath(path, state.draft)}: {message}
                  </List.Item>
                ))}
              </List>
            ) : null}
          </Alert>
        ) : null}
      </div>
      <Tabs
        value={tab}
        onChange={(value) => {
          const next = new URLSearchParams(params);
          if (!value || value === 'form') next.delete('tab');
          else next.set('tab', value);
          setParams(next, { replace: true });
        }}
        keepMounted={false}
      >
        <Tabs.List>
          <Tabs.Tab value="form">Form{countLabel(fieldProblems)}</Tabs.Tab>
          <Tabs.Tab value="details">Details{countLabel(detailProblems)}</Tabs.Tab>
          <Tabs.Tab value="fulfilment">Approval and fulfilment{countLabel(fulfilmentProblems)}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="form" pt="md">
          <FormTab state={state} problems={problems} dispatch={dispatch} fields={fields} />
        </Tabs.Panel>
        <Tabs.Panel value="details" pt="md">
          <DetailsTab draft={state.draft} error={topError} dispatch={dispatch} requestType={requestType} />
        </Tabs.Panel>
        <Tabs.Panel value="fulfilment" pt="md">
          <FulfilmentTab
            draft={state.draft}
            error={topError}
            dispatch={dispatch}
            paramsError={paramsError}
            setParamsError={setParamsError}
          />
        </Tabs.Panel>
      </Tabs>
      <Paper withBorder shadow="sm" p="sm" style={{ position: 'sticky', bottom: 8, zIndex: 5 }}>
        <SaveBar
          dirty={dirty}
          problemCount={problemCount}
          saving={save.isPending}
          onSave={() => save.mutate()}
          onDiscard={() => {
            setParamsError(null);
            dispatch({ type: 'load', requestType });
          }}
        />
      </Paper>
      <Modal
        opened={blocker.state === 'blocked'}
        onClose={() => blocker.reset?.()}
        title="Leave without saving?"
      >
        <Stack>
          <Text size="sm">
            Your changes to {state.draft.name} are not saved. They will be lost if you leave.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => blocker.reset?.()} data-autofocus>
              Stay
            </Button>
            <Button color="red" onClick={() => blocker.proceed?.()}>
              Leave without saving
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}

const countLabel = (count: number) =>
  count > 0 ? ` (${count} ${count === 1 ? 'problem' : 'problems'})` : '';

function describePath(path: string, draft: Draft): string {
  const match = /^fields\.(\d+)(?:\.(.+))?$/.exec(path);
  if (match) {
    const field = draft.fields[Number(match[1])]?.def;
    return `Field ${Number(match[1]) + 1}${field ? ` (${field.label})` : ''}${match[2] ? ` – ${match[2]}` : ''}`;
  }
  return path;
}

function SaveBar({
  dirty,
  problemCount,
  saving,
  onSave,
  onDiscard,
}: {
  dirty: boolean;
  problemCount: number;
  saving: boolean;
  onSave: () => void;
  onDiscard: () => void;
}) {
  return (
    <Group gap="xs" wrap="wrap" justify="flex-end">
      <Text size="sm" c={problemCount > 0 ? 'red.8' : 'gray.7'} role="status" style={{ flex: 1 }} miw={140}>
        {problemCount > 0
          ? `${problemCount} ${problemCount === 1 ? 'problem' : 'problems'} to fix`
          : dirty
            ? 'Unsaved changes'
            : 'All changes saved'}
      </Text>
      <Button variant="default" onClick={onDiscard} disabled={!dirty || saving}>
        Discard changes
      </Button>
      <Button onClick={onSave} disabled={!dirty || problemCount > 0} loading={saving}>
        Save
      </Button>
    </Group>
  );
}
