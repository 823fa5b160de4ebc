// /admin/request-types/:key: a request type's details, approval and fulfilment, and its form
// (a field editor with a live preview). The tab lives in the URL (?tab=form|details|fulfilment).
import {
  Alert,
  Anchor,
  Badge,
  Box,
  Button,
  Card,
  Checkbox,
  Grid,
  Group,
  List,
  Modal,
  NumberInput,
  Paper,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Tabs,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type Dispatch, useEffect, useMemo, useReducer, useState } from 'react';
import { Link, useBlocker, useParams, useSearchParams } from 'react-router';
import { ErrorState } from '../../components/States';
import { ApiError, api } from '../../lib/api';
import { duration } from '../../lib/format';
import {
  checkDraft,
  type Draft,
  type DraftProblems,
  type EditorAction,
  type EditorState,
  editorReducer,
  fieldList,
  fieldServerErrors,
  initEditor,
  isDirty,
  serverProblems,
  type TopLevelKey,
  toPatch,
} from './editorState';
import { FieldEditor } from './FieldEditor';
import { FormPreview } from './FormPreview';
import {
  refreshCatalog,
  requestTypeKey,
  useCatalog,
  useConnections,
  useRequestType,
  useTeams,
  useWorkflows,
} from './queries';
import { type ApprovalPolicy, type FulfilmentSpec, providerActions, type RequestTypeAdmin } from './types';

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
      api<RequestTypeAdmin>(`/api/v1/catalog/request-types/${encodeURIComponent(requestType.key)}`, {
        method: 'PATCH',
        body: toPatch(state.draft),
      }),
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

function FormTab({
  state,
  problems,
  dispatch,
  fields,
}: {
  state: EditorState;
  problems: DraftProblems;
  dispatch: Dispatch<EditorAction>;
  fields: ReturnType<typeof fieldList>;
}) {
  const keys = fields.map((field) => field.key);
  return (
    <Grid gap="lg">
      <Grid.Col span={{ base: 12, md: 7 }}>
        <Stack gap="md">
          <Group justify="space-between">
            <Group gap="sm">
              <Title order={2} size="h3">
                Fields ({fields.length})
              </Title>
              <Anchor href="#preview-title" size="sm" hiddenFrom="md">
                See the preview
              </Anchor>
            </Group>
            <Button
              variant="light"
              onClick={() => dispatch({ type: 'addField' })}
              disabled={fields.length >= 50}
            >
              Add field
            </Button>
          </Group>
          {problems.top.fields ? (
            <Text c="red.8" size="sm">
              {problems.top.fields}
            </Text>
          ) : null}
          {state.draft.fields.length === 0 ? (
            <Text size="sm" c="gray.7">
              No fields yet. Add the questions requesters answer when they file this request.
            </Text>
          ) : null}
          {state.draft.fields.map((field, index) => (
            <FieldEditor
              key={field.uid}
              field={field.def}
              index={index}
              count={state.draft.fields.length}
              otherKeys={keys.filter((candidate, i) => i !== index && candidate)}
              problems={{
                ...fieldServerErrors(state.serverErrors, index),
                ...(problems.fields[index] ?? {}),
              }}
              dispatch={dispatch}
            />
          ))}
          {state.draft.fields.length > 0 ? (
            <Button
              variant="light"
              onClick={() => dispatch({ type: 'addField' })}
              disabled={fields.length >= 50}
              style={{ alignSelf: 'flex-start' }}
            >
              Add field
            </Button>
          ) : null}
        </Stack>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 5 }}>
        <Card
          withBorder
          padding="md"
          style={{ position: 'sticky', top: 72 }}
          component="section"
          aria-labelledby="preview-title"
        >
          <Stack gap="xs">
            <Title order={2} size="h3" id="preview-title">
              Preview
            </Title>
            <Text size="sm" c="gray.7">
              As requesters see it in the portal. Type answers and check them against the rules.
            </Text>
            <Box>
              <Text fw={600}>{state.draft.name}</Text>
              {state.draft.description ? (
                <Text size="sm" c="gray.7">
                  {state.draft.description}
                </Text>
              ) : null}
            </Box>
            <FormPreview fields={fields} parsed={problems.parsed} />
          </Stack>
        </Card>
      </Grid.Col>
    </Grid>
  );
}

type ErrorOf = (path: string) => string | undefined;

function DetailsTab({
  draft,
  error,
  dispatch,
  requestType,
}: {
  draft: Draft;
  error: ErrorOf;
  dispatch: Dispatch<EditorAction>;
  requestType: RequestTypeAdmin;
}) {
  const catalog = useCatalog();
  const workflows = useWorkflows();
  const set = <K extends TopLevelKey>(key: K, value: Draft[K]) => dispatch({ type: 'set', key, value });
  const categoryOptions = (catalog.data ?? []).map((category) => ({
    value: category.key,
    label: category.name,
  }));
  if (!categoryOptions.some((option) => option.value === draft.category))
    categoryOptions.push({ value: draft.category, label: draft.category });
  const workflowOptions = (workflows.data ?? []).map((workflow) => ({
    value: workflow.key,
    label: workflow.name,
  }));
  if (!workflowOptions.some((option) => option.value === draft.workflow))
    workflowOptions.push({ value: draft.workflow, label: draft.workflow });
  return (
    <Stack gap="md" maw={820}>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <TextInput
          label="Name"
          required
          value={draft.name}
          onChange={(event) => set('name', event.currentTarget.value)}
          error={error('name')}
        />
        <TextInput
          label="Icon"
          description="An icon name, e.g. player-play"
          value={draft.icon}
          onChange={(event) => set('icon', event.currentTarget.value)}
          error={error('icon')}
        />
        <Select
          label="Category"
          data={categoryOptions}
          value={draft.category}
          allowDeselect={false}
          onChange={(value) => value && set('category', value)}
          error={error('category')}
        />
        <Select
          label="Workflow"
          data={workflowOptions}
          value={draft.workflow}
          allowDeselect={false}
          onChange={(value) => value && set('workflow', value)}
          error={error('workflow')}
          description={
            <Anchor component={Link} to={`/admin/workflows/${draft.workflow}`} size="xs">
              See the {draft.workflow} workflow
            </Anchor>
          }
        />
      </SimpleGrid>
      <Textarea
        label="Description"
        description="One or two sentences shown in the catalog"
        autosize
        minRows={2}
        value={draft.description}
        onChange={(event) => set('description', event.currentTarget.value)}
        error={error('description')}
      />
      <Textarea
        label="Documentation"
        description="The tutorial shown with the form (Markdown)"
        autosize
        minRows={6}
        maxRows={20}
        styles={{ input: { fontFamily: 'ui-monospace, monospace' } }}
        value={draft.documentation}
        onChange={(event) => set('documentation', event.currentTarget.value)}
        error={error('documentation')}
      />
      <TextInput
        label="Documentation link"
        description="Where the tutorial lives (a path or a full address); leave empty for none"
        value={draft.docsUrl ?? ''}
        onChange={(event) => set('docsUrl', event.currentTarget.value)}
        error={error('docsUrl')}
      />
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <NumberInput
          label="Position in its category"
          description="Lower comes first"
          allowDecimal={false}
          value={draft.position}
          onChange={(value) => typeof value === 'number' && set('position', value)}
          error={error('position')}
        />
        <Checkbox
          mt={{ base: 0, sm: 32 }}
          label="Active (shown in the portal)"
          checked={draft.active}
          onChange={(event) => set('active', event.currentTarget.checked)}
        />
      </SimpleGrid>
      <Card withBorder padding="sm">
        <Text size="sm" fw={600}>
          SLA targets
        </Text>
        {requestType.slaTargets.length === 0 ? (
          <Text size="sm" c="gray.7">
            No SLA policy measures this request type.
          </Text>
        ) : (
          <List size="sm">
            {requestType.slaTargets.map((target) => (
              <List.Item key={target.metric}>
                {target.metric.replace(/_/g, ' ')}: {duration(target.goalSeconds)}
              </List.Item>
            ))}
          </List>
        )}
        <Anchor component={Link} to="/admin/sla" size="sm">
          Edit SLA policies
        </Anchor>
      </Card>
    </Stack>
  );
}

const approvalKinds: { value: ApprovalPolicy['kind']; label: string }[] = [
  { value: 'none', label: 'No approval' },
  { value: 'manager', label: 'The requester’s manager' },
  { value: 'team_any', label: 'Anyone in a team' },
  { value: 'team_quorum', label: 'Several people in a team' },
];

function FulfilmentTab({
  draft,
  error,
  dispatch,
  paramsError,
  setParamsError,
}: {
  draft: Draft;
  error: ErrorOf;
  dispatch: Dispatch<EditorAction>;
  paramsError: string | null;
  setParamsError: (message: string | null) => void;
}) {
  const teams = useTeams();
  const connections = useConnections();
  const set = <K extends TopLevelKey>(key: K, value: Draft[K]) => dispatch({ type: 'set', key, value });
  const teamOptions = (teams.data ?? []).map((team) => ({ value: team.key, label: team.name }));
  const approval = draft.approval;
  const approvalTeam =
    approval.kind === 'manager' ? approval.fallbackTeam : 'team' in approval ? approval.team : '';
  const setApprovalKind = (kind: ApprovalPolicy['kind']) => {
    const team = approvalTeam || teamOptions[0]?.value || '';
    const next: ApprovalPolicy =
      kind === 'none'
        ? { kind }
        : kind === 'manager'
          ? { kind, fallbackTeam: team }
          : kind === 'team_any'
            ? { kind, team }
            : { kind, team, required: approval.kind === 'team_quorum' ? approval.required : 2 };
    set('approval', next);
  };
  const setApprovalTeam = (team: string) => {
    if (approval.kind === 'manager') set('approval', { ...approval, fallbackTeam: team });
    else if (approval.kind === 'team_any' || approval.kind === 'team_quorum')
      set('approval', { ...approval, team });
  };
  const fulfilment = draft.fulfilment;
  const environmentFields = draft.fields
    .filter((field) => field.def.type === 'environment')
    .map((field) => ({ value: field.def.key, label: `${field.def.label} (${field.def.key})` }));
  const setFulfilment = (patch: Partial<FulfilmentSpec>) =>
    fulfilment && set('fulfilment', { ...fulfilment, ...patch } as FulfilmentSpec);
  const setExecutor = (executor: string) => {
    const common = {
      params: fulfilment?.params ?? {},
      resultTemplate: fulfilment?.resultTemplate ?? 'Done.',
      maxAttempts: fulfilment?.maxAttempts ?? 5,
      timeoutSeconds: fulfilment?.timeoutSeconds ?? 3600,
    };
    const environmentField = fulfilment?.environmentField ?? environmentFields[0]?.value ?? '';
    if (executor === 'none') set('fulfilment', null);
    else if (executor === 'provider')
      set('fulfilment', {
        executor,
        action: fulfilment?.executor === 'provider' ? fulfilment.action : 'environment.start',
        environmentField,
        ...common,
      });
    else
      set('fulfilment', {
        executor: 'external',
        connection:
          fulfilment?.executor === 'external' ? fulfilment.connection : (connections.data?.[0]?.name ?? ''),
        ...(environmentField ? { environmentField } : {}),
        ...common,
      });
  };
  const [paramsText, setParamsText] = useState(() => JSON.stringify(fulfilment?.params ?? {}, null, 2));
  const params = fulfilment?.params;
  useEffect(() => {
    // When the draft's parameters change elsewhere (discard, save), show them; not while typing.
    setParamsText((current) =>
      !paramsProblem(current) && JSON.stringify(JSON.parse(current || '{}')) === JSON.stringify(params ?? {})
        ? current
        : JSON.stringify(params ?? {}, null, 2),
    );
  }, [params]);
  // Leaving the tab forgets unparsable text (the draft keeps the last valid parameters).
  useEffect(() => () => setParamsError(null), [setParamsError]);

  return (
    <Stack gap="lg" maw={820}>
      <Stack gap="sm" component="section" aria-labelledby="approval-title">
        <Title order={2} size="h3" id="approval-title">
          Approval and assignment
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <Select
            label="Who approves"
            data={approvalKinds}
            value={approval.kind}
            allowDeselect={false}
            onChange={(value) => value && setApprovalKind(value as ApprovalPolicy['kind'])}
            error={error('approval')}
          />
          {approval.kind !== 'none' ? (
            <Select
              label={
                approval.kind === 'manager' ? 'Team when the requester has no manager' : 'Approving team'
              }
              data={
                teamOptions.some((option) => option.value === approvalTeam) || !approvalTeam
                  ? teamOptions
                  : [...teamOptions, { value: approvalTeam, label: approvalTeam }]
              }
              value={approvalTeam || null}
              allowDeselect={false}
              onChange={(value) => value && setApprovalTeam(value)}
            />
          ) : null}
          {approval.kind === 'team_quorum' ? (
            <NumberInput
              label="Approvals needed"
              min={1}
              max={50}
              allowDecimal={false}
              value={approval.required}
              onChange={(value) =>
                typeof value === 'number' && set('approval', { ...approval, required: value })
              }
            />
          ) : null}
          <Select
            label="Team that handles it"
            placeholder="No team"
            clearable
            data={
              teamOptions.some((option) => option.value === draft.team) || !draft.team
                ? teamOptions
                : [...teamOptions, { value: draft.team, label: draft.team }]
            }
            value={draft.team}
            onChange={(value) => set('team', value)}
            error={error('team')}
          />
          <NumberInput
            label="Close automatically after (days)"
            description="Once waiting for the customer; empty for never"
            min={0}
            max={365}
            value={draft.autoCloseDays ?? ''}
            onChange={(value) => set('autoCloseDays', typeof value === 'number' ? value : null)}
            error={error('autoCloseDays')}
          />
        </SimpleGrid>
      </Stack>

      <Stack gap="sm" component="section" aria-labelledby="fulfilment-title">
        <Title order={2} size="h3" id="fulfilment-title">
          Fulfilment
        </Title>
        <Select
          label="Who fulfils it"
          allowDeselect={false}
          maw={400}
          data={[
            { value: 'none', label: 'People (no automation)' },
            { value: 'provider', label: 'A provider action' },
            { value: 'external', label: 'An external connection' },
          ]}
          value={fulfilment?.executor ?? 'none'}
          onChange={(value) => value && setExecutor(value)}
        />
        {fulfilment ? (
          <>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
              {fulfilment.executor === 'provider' ? (
                <Select
                  label="Action"
                  data={[...providerActions]}
                  value={fulfilment.action}
                  allowDeselect={false}
                  onChange={(value) =>
                    value && setFulfilment({ action: value as (typeof providerActions)[number] })
                  }
                  error={error('fulfilment.action')}
                />
              ) : (
                <Select
                  label="Connection"
                  data={[
                    ...new Set([
                      ...(connections.data ?? []).map((connection) => connection.name),
                      ...(fulfilment.connection ? [fulfilment.connection] : []),
                    ]),
                  ]}
                  value={fulfilment.connection || null}
                  allowDeselect={false}
                  onChange={(value) => value && setFulfilment({ connection: value })}
                  error={error('fulfilment.connection')}
                />
              )}
              <Select
                label="Environment field"
                description="The form field naming the environment"
                data={environmentFields}
                placeholder={environmentFields.length ? undefined : 'The form has no environment field'}
                value={fulfilment.environmentField ?? null}
                clearable={fulfilment.executor === 'external'}
                onChange={(value) => setFulfilment({ environmentField: value ?? undefined })}
                error={error('fulfilment.environmentField')}
              />
              <NumberInput
                label="Attempts at most"
                min={1}
                max={20}
                allowDecimal={false}
                value={fulfilment.maxAttempts}
                onChange={(value) => typeof value === 'number' && setFulfilment({ maxAttempts: value })}
                error={error('fulfilment.maxAttempts')}
              />
              <NumberInput
                label="Timeout (seconds)"
                description={duration(fulfilment.timeoutSeconds)}
                min={1}
                max={604800}
                allowDecimal={false}
                value={fulfilment.timeoutSeconds}
                onChange={(value) => typeof value === 'number' && setFulfilment({ timeoutSeconds: value })}
                error={error('fulfilment.timeoutSeconds')}
              />
            </SimpleGrid>
            <Textarea
              label="Message to the requester when done"
              description="A template: {{ fields.environment }}, {{ outputs.url }}"
              autosize
              minRows={2}
              value={fulfilment.resultTemplate}
              onChange={(event) => setFulfilment({ resultTemplate: event.currentTarget.value })}
              error={error('fulfilment.resultTemplate')}
            />
            <Textarea
              label="Parameters (JSON)"
              description={
                'Each parameter takes a field ({"field": "domain"}) or a fixed value ({"value": "eu"})'
              }
              autosize
              minRows={3}
              styles={{ input: { fontFamily: 'ui-monospace, monospace' } }}
              value={paramsText}
              onChange={(event) => {
                const text = event.currentTarget.value;
                setParamsText(text);
                const message = paramsProblem(text);
                setParamsError(message);
                if (!message) setFulfilment({ params: JSON.parse(text) });
              }}
              error={paramsError ?? error('fulfilment.params') ?? firstParamError(error, fulfilment.params)}
            />
          </>
        ) : (
          <Text size="sm" c="gray.7">
            Agents fulfil these requests by hand.
          </Text>
        )}
      </Stack>
    </Stack>
  );
}

function paramsProblem(text: string): string | null {
  let value: unknown;
  try {
    value = JSON.parse(text || '{}');
  } catch {
    return 'not valid JSON';
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return 'must be an object of parameters';
  for (const [name, source] of Object.entries(value as Record<string, unknown>)) {
    const ok =
      source &&
      typeof source === 'object' &&
      ((Object.keys(source).length === 1 && typeof (source as { field?: unknown }).field === 'string') ||
        (Object.keys(source).length === 1 &&
          ['string', 'number', 'boolean'].includes(typeof (source as { value?: unknown }).value)));
    if (!ok) return `${name}: give {"field": "<field key>"} or {"value": …}`;
  }
  return null;
}

function firstParamError(error: ErrorOf, params: Record<string, unknown>): string | undefined {
  for (const name of Object.keys(params)) {
    const message = error(`fulfilment.params.${name}`);
    if (message) return `${name}: ${message}`;
  }
  return undefined;
}
