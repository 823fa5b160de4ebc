// /admin/workflows/new?from=KEY and /admin/workflows/:key/edit: a workflow as a form (statuses,
// transitions, who may fire them, guards, effects) with the diagram as a live preview. Built-in
// workflows are never edited in place: "Copy" starts a new one from them. The server validates
// again and names the field (unreachable statuses, unknown statuses, statuses tickets are in).
import {
  Alert,
  Anchor,
  Button,
  Card,
  Checkbox,
  Fieldset,
  Grid,
  Group,
  MultiSelect,
  Select,
  Skeleton,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import {
  statusCategories,
  statusEffects,
  transitionActors,
  transitionGuards,
} from '../../../shared/api/workflow';
import { ErrorState } from '../../components/States';
import { api } from '../../lib/api';
import { useWorkflows, workflowsKey } from '../catalog/queries';
import { fieldErrorsOf, SaveError } from '../kit';
import {
  blankStatus,
  blankTransition,
  copyOf,
  draftProblems,
  drawable,
  keyFromLabel,
  uniqueKey,
} from './draft';
import type { Workflow, WorkflowStatus, WorkflowTransition } from './layout';
import { categoryStyle, WorkflowDiagram } from './WorkflowDiagram';
import { actorLabels, guardLabels, onEnterLabels } from './WorkflowTables';

const guardWords: Record<string, string> = {
  ...guardLabels,
  changeReadyForAuthorization: 'change ready for authorisation',
  changeAuthorized: 'change authorised',
  changeConflictFree: 'no conflicting change',
  changeWindowOpen: 'change window open',
  changeOutcomeRecorded: 'change outcome recorded',
  changeReviewed: 'change reviewed',
};
const effectWords: Record<string, string> = {
  ...onEnterLabels,
  resolveChildren: 'resolve linked child tickets',
  requestChangeApproval: 'ask the change advisory board',
};

export default function WorkflowEditorPage() {
  const { key } = useParams();
  const [params] = useSearchParams();
  const from = key ?? params.get('from') ?? '';
  const workflows = useWorkflows();
  const source = useQuery({
    queryKey: ['workflows', from],
    queryFn: () => api(`/api/v1/workflows/${encodeURIComponent(from)}`, 'workflow.workflowDefinitionSchema'),
    enabled: from !== '',
  });
  const creating = key === undefined;
  const builtIn = workflows.data?.find((workflow) => workflow.key === key)?.builtIn ?? false;
  return (
    <Stack gap="lg">
      <Anchor component={Link} to="/admin/workflows" size="sm" style={{ alignSelf: 'flex-start' }}>
        ← Workflows
      </Anchor>
      {from !== '' && source.isPending ? (
        <Stack aria-busy="true" aria-label="Loading">
          <Title order={1}>{creating ? 'New workflow' : 'Edit workflow'}</Title>
          <Skeleton height={480} />
        </Stack>
      ) : source.error ? (
        <>
          <Title order={1}>Workflow {from}</Title>
          <ErrorState error={source.error} onRetry={() => void source.refetch()} />
        </>
      ) : builtIn ? (
        <>
          <Title order={1}>{source.data?.name}</Title>
          <Alert color="gray" title="Built-in workflow">
            Opsdesk’s own workflows are not edited in place.{' '}
            <Anchor component={Link} to={`/admin/workflows/new?from=${encodeURIComponent(key ?? '')}`}>
              Copy it
            </Anchor>{' '}
            and edit the copy.
          </Alert>
        </>
      ) : workflows.isPending ? (
        <Skeleton height={480} />
      ) : (
        <WorkflowForm
          key={`${key ?? 'new'}:${from}`}
          creating={creating}
          initial={
            creating
              ? source.data
                ? copyOf(
                    source.data,
                    (workflows.data ?? []).map((w) => w.key),
                  )
                : emptyWorkflow((workflows.data ?? []).map((w) => w.key))
              : (source.data as Workflow)
          }
          copiedFrom={creating ? source.data?.name : undefined}
        />
      )}
    </Stack>
  );
}

function emptyWorkflow(taken: string[]): Workflow {
  return {
    key: uniqueKey('my-workflow', taken, '-'),
    name: 'My workflow',
    description: '',
    initial: 'open',
    statuses: [
      { key: 'open', name: 'Open', category: 'open', resolves: false, onEnter: [] },
      { key: 'done', name: 'Done', category: 'done', resolves: true, onEnter: [] },
    ],
    transitions: [
      {
        name: 'resolve',
        label: 'Resolve',
        from: ['open'],
        to: 'done',
        actors: ['agent'],
        guards: [],
        requiresComment: false,
      },
    ],
  };
}

/** Renames a status key everywhere it is referred to. */
function renameStatus(workflow: Workflow, from: string, to: string): Workflow {
  const swap = (key: string) => (key === from ? to : key);
  return {
    ...workflow,
    initial: swap(workflow.initial),
    transitions: workflow.transitions.map((t) => ({ ...t, from: t.from.map(swap), to: swap(t.to) })),
  };
}

function WorkflowForm({
  initial,
  creating,
  copiedFrom,
}: {
  initial: Workflow;
  creating: boolean;
  copiedFrom: string | undefined;
}) {
  const [draft, setDraft] = useState<Workflow>(() => {
    const { builtIn: _builtIn, ...definition } = initial;
    return definition;
  });
  // Rows added here take their key from their label until the key is typed in.
  const [autoKeys, setAutoKeys] = useState<Set<string>>(() => new Set());
  const navigate = useNavigate();
  const client = useQueryClient();
  const save = useMutation({
    mutationFn: (workflow: Workflow) =>
      api(`/api/v1/workflows/${encodeURIComponent(workflow.key)}`, 'workflow.workflowDefinitionSchema', {
        method: 'PUT',
        body: workflow,
      }),
    onSuccess: async (saved) => {
      await client.invalidateQueries({ queryKey: workflowsKey });
      navigate(`/admin/workflows/${saved.key}`);
    },
  });
  const serverErrors = fieldErrorsOf(save.error);
  const local = useMemo(() => draftProblems(draft), [draft]);
  const errorAt = (path: string): string | undefined => {
    const exact = serverErrors[path] ?? local[path];
    if (exact) return exact;
    const nested = Object.entries(serverErrors).find(([field]) => field.startsWith(`${path}.`));
    return nested?.[1];
  };
  const preview = useMemo(() => drawable(draft), [draft]);
  const statusOptions = draft.statuses.map((status) => ({
    value: status.key,
    label: `${status.name} (${status.key})`,
  }));

  const setStatus = (index: number, next: Partial<WorkflowStatus>, auto?: boolean) =>
    setDraft((current) => {
      const old = current.statuses[index]!;
      // Inputs that report their unchanged value (on mount) must not re-render the form in a loop.
      if (unchanged(old, next)) return current;
      let updated: Workflow = {
        ...current,
        statuses: current.statuses.map((status, i) => (i === index ? { ...status, ...next } : status)),
      };
      if (next.key !== undefined && next.key !== old.key) updated = renameStatus(updated, old.key, next.key);
      if (auto === false) setAutoKeys((keys) => new Set([...keys].filter((k) => k !== `s:${old.key}`)));
      else if (auto && next.key) setAutoKeys((keys) => new Set([...keys, `s:${next.key}`]));
      return updated;
    });
  const setTransition = (index: number, next: Partial<WorkflowTransition>) =>
    setDraft((current) =>
      unchanged(current.transitions[index]!, next)
        ? current
        : {
            ...current,
            transitions: current.transitions.map((t, i) => (i === index ? { ...t, ...next } : t)),
          },
    );

  const tKey = (index: number) => `t:${index}`;

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        save.mutate(draft);
      }}
      aria-labelledby="workflow-editor-title"
    >
      <Stack gap="md">
        <Stack gap={4}>
          <Title order={1} id="workflow-editor-title">
            {creating ? 'New workflow' : `Edit ${initial.name}`}
          </Title>
          <Text size="sm" c="gray.7">
            {copiedFrom
              ? `A copy of ${copiedFrom}: change it, then save it under its own key.`
              : 'Statuses, the transitions between them, who may fire each, and what entering a status sets in motion.'}
          </Text>
        </Stack>
        <Grid gap="lg">
          <Grid.Col span={{ base: 12, lg: 7 }}>
            <Stack gap="md">
              <Group grow align="flex-start" wrap="wrap">
                <TextInput
                  label="Name"
                  required
                  value={draft.name}
                  error={errorAt('name')}
                  onChange={(event) => {
                    const name = event.currentTarget.value;
                    setDraft((current) => ({
                      ...current,
                      name,
                      ...(creating && autoKeys.has('workflow') ? { key: keyFromLabel(name, '-') } : {}),
                    }));
                  }}
                />
                <TextInput
                  label="Key"
                  description={creating ? 'Lowercase letters, digits and dashes' : 'Fixed once saved'}
                  required
                  readOnly={!creating}
                  ff="monospace"
                  value={draft.key}
                  error={errorAt('key')}
                  onChange={(event) => {
                    const next = event.currentTarget.value;
                    setAutoKeys((keys) => new Set([...keys].filter((k) => k !== 'workflow')));
                    setDraft((current) => ({ ...current, key: next }));
                  }}
                />
              </Group>
              <Textarea
                label="Description"
                autosize
                minRows={2}
                value={draft.description ?? ''}
                error={errorAt('description')}
                onChange={(event) => {
                  const description = event.currentTarget.value;
                  setDraft((current) => ({ ...current, description }));
                }}
              />
              <Select
                label="Initial status"
                description="Where every new ticket on this workflow starts"
                data={statusOptions}
                value={draft.initial}
                error={errorAt('initial')}
                allowDeselect={false}
                onChange={(value) => value && setDraft((current) => ({ ...current, initial: value }))}
              />

              <Title order={2} size="h3">
                Statuses
              </Title>
              {errorAt('statuses') && !errorAt('statuses.0') ? (
                <Text size="sm" c="red.8" role="alert">
                  {errorAt('statuses')}
                </Text>
              ) : null}
              {draft.statuses.map((status, index) => (
                <Fieldset
                  // biome-ignore lint/suspicious/noArrayIndexKey: a row keeps its place while its key is typed
                  key={index}
                  legend={`Status ${index + 1}: ${status.name}`}
                  style={{ borderLeft: `4px solid ${categoryStyle[status.category].stroke}` }}
                >
                  <Stack gap="xs">
                    <Group grow align="flex-start" wrap="wrap">
                      <TextInput
                        label="Status name"
                        required
                        value={status.name}
                        error={errorAt(`statuses.${index}.name`)}
                        onChange={(event) => {
                          const name = event.currentTarget.value;
                          const auto = autoKeys.has(`s:${status.key}`);
                          setStatus(
                            index,
                            auto
                              ? {
                                  name,
                                  key: uniqueKey(
                                    keyFromLabel(name) || 'status',
                                    draft.statuses.filter((_, i) => i !== index).map((s) => s.key),
                                  ),
                                }
                              : { name },
                            auto || undefined,
                          );
                        }}
                      />
                      <TextInput
                        label="Status key"
                        required
                        ff="monospace"
                        value={status.key}
                        error={errorAt(`statuses.${index}.key`)}
                        onChange={(event) => setStatus(index, { key: event.currentTarget.value }, false)}
                      />
                      <Select
                        label="Category"
                        data={statusCategories.map((category) => ({
                          value: category,
                          label: categoryStyle[category].label,
                        }))}
                        value={status.category}
                        allowDeselect={false}
                        onChange={(value) =>
                          value && setStatus(index, { category: value as WorkflowStatus['category'] })
                        }
                      />
                    </Group>
                    <Group grow align="flex-start" wrap="wrap">
                      <MultiSelect
                        label="On entering"
                        placeholder={status.onEnter.length ? undefined : 'Nothing automatic'}
                        data={statusEffects.map((effect) => ({
                          value: effect,
                          label: effectWords[effect] ?? effect,
                        }))}
                        value={status.onEnter}
                        error={errorAt(`statuses.${index}.onEnter`)}
                        onChange={(value) =>
                          setStatus(index, { onEnter: value as WorkflowStatus['onEnter'] })
                        }
                      />
                      <Select
                        label="A requester’s comment fires"
                        placeholder="Nothing"
                        clearable
                        data={draft.transitions
                          .filter((t) => t.from.includes(status.key))
                          .map((t) => ({ value: t.name, label: t.label }))
                          .filter((option, i, all) => all.findIndex((o) => o.value === option.value) === i)}
                        value={status.onRequesterComment ?? null}
                        error={errorAt(`statuses.${index}.onRequesterComment`)}
                        onChange={(value) => setStatus(index, { onRequesterComment: value ?? undefined })}
                      />
                    </Group>
                    <Group justify="space-between">
                      <Checkbox
                        label="Counts as resolved"
                        checked={status.resolves}
                        onChange={(event) => setStatus(index, { resolves: event.currentTarget.checked })}
                      />
                      <Button
                        variant="subtle"
                        color="red"
                        size="compact-sm"
                        disabled={draft.statuses.length === 1}
                        onClick={() =>
                          setDraft((current) => ({
                            ...current,
                            statuses: current.statuses.filter((_, i) => i !== index),
                          }))
                        }
                      >
                        Remove status {status.name}
                      </Button>
                    </Group>
                  </Stack>
                </Fieldset>
              ))}
              <Button
                variant="light"
                style={{ alignSelf: 'flex-start' }}
                onClick={() =>
                  setDraft((current) => {
                    const status = blankStatus(current.statuses.map((s) => s.key));
                    setAutoKeys((keys) => new Set([...keys, `s:${status.key}`]));
                    return { ...current, statuses: [...current.statuses, status] };
                  })
                }
              >
                Add status
              </Button>

              <Title order={2} size="h3">
                Transitions
              </Title>
              {draft.transitions.map((transition, index) => (
                <Fieldset
                  // biome-ignore lint/suspicious/noArrayIndexKey: a row keeps its place while its name is typed
                  key={index}
                  legend={`Transition ${index + 1}: ${transition.label}`}
                >
                  <Stack gap="xs">
                    <Group grow align="flex-start" wrap="wrap">
                      <TextInput
                        label="Transition label"
                        required
                        value={transition.label}
                        error={errorAt(`transitions.${index}.label`)}
                        onChange={(event) => {
                          const label = event.currentTarget.value;
                          setTransition(
                            index,
                            autoKeys.has(tKey(index))
                              ? { label, name: keyFromLabel(label) || 'transition' }
                              : { label },
                          );
                        }}
                      />
                      <TextInput
                        label="Transition name"
                        description="What the API fires"
                        required
                        ff="monospace"
                        value={transition.name}
                        error={errorAt(`transitions.${index}.name`)}
                        onChange={(event) => {
                          const name = event.currentTarget.value;
                          setAutoKeys((keys) => new Set([...keys].filter((k) => k !== tKey(index))));
                          setTransition(index, { name });
                        }}
                      />
                    </Group>
                    <Group grow align="flex-start" wrap="wrap">
                      <MultiSelect
                        label="From"
                        required
                        data={statusOptions}
                        value={transition.from}
                        error={errorAt(`transitions.${index}.from`)}
                        onChange={(from) => setTransition(index, { from })}
                      />
                      <Select
                        label="To"
                        required
                        data={statusOptions}
                        value={statusOptions.some((o) => o.value === transition.to) ? transition.to : null}
                        error={errorAt(`transitions.${index}.to`)}
                        allowDeselect={false}
                        onChange={(to) => to && setTransition(index, { to })}
                      />
                    </Group>
                    <Group grow align="flex-start" wrap="wrap">
                      <MultiSelect
                        label="Who may fire it"
                        required
                        data={transitionActors.map((actor) => ({
                          value: actor,
                          label: actorLabels[actor] ?? actor,
                        }))}
                        value={transition.actors}
                        error={errorAt(`transitions.${index}.actors`)}
                        onChange={(actors) =>
                          setTransition(index, { actors: actors as WorkflowTransition['actors'] })
                        }
                      />
                      <MultiSelect
                        label="Only if (guards)"
                        placeholder={transition.guards.length ? undefined : 'No condition'}
                        data={transitionGuards.map((guard) => ({
                          value: guard,
                          label: guardWords[guard] ?? guard,
                        }))}
                        value={transition.guards}
                        error={errorAt(`transitions.${index}.guards`)}
                        onChange={(guards) =>
                          setTransition(index, { guards: guards as WorkflowTransition['guards'] })
                        }
                      />
                    </Group>
                    <Group justify="space-between">
                      <Checkbox
                        label="Needs a comment"
                        checked={transition.requiresComment}
                        onChange={(event) =>
                          setTransition(index, { requiresComment: event.currentTarget.checked })
                        }
                      />
                      <Button
                        variant="subtle"
                        color="red"
                        size="compact-sm"
                        disabled={draft.transitions.length === 1}
                        onClick={() => {
                          setAutoKeys(new Set());
                          setDraft((current) => ({
                            ...current,
                            transitions: current.transitions.filter((_, i) => i !== index),
                          }));
                        }}
                      >
                        Remove transition {transition.label}
                      </Button>
                    </Group>
                  </Stack>
                </Fieldset>
              ))}
              <Button
                variant="light"
                style={{ alignSelf: 'flex-start' }}
                onClick={() => {
                  setAutoKeys((keys) => new Set([...keys, tKey(draft.transitions.length)]));
                  setDraft((current) => ({
                    ...current,
                    transitions: [...current.transitions, blankTransition(current)],
                  }));
                }}
              >
                Add transition
              </Button>
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, lg: 5 }}>
            <Card
              withBorder
              padding="md"
              component="section"
              aria-labelledby="workflow-preview-title"
              style={{ position: 'sticky', top: 72 }}
            >
              <Stack gap="xs">
                <Title order={2} size="h3" id="workflow-preview-title">
                  Preview
                </Title>
                {Object.keys(local).length > 0 ? (
                  <Alert color="yellow" title="Not ready to save" role="status">
                    <Stack gap={2}>
                      {Object.entries(local).map(([field, message]) => (
                        <Text key={field} size="sm">
                          {describeField(draft, field)}: {message}
                        </Text>
                      ))}
                    </Stack>
                  </Alert>
                ) : null}
                <WorkflowDiagram workflow={preview} minWidth={360} />
              </Stack>
            </Card>
          </Grid.Col>
        </Grid>
        <SaveError error={save.error} />
        <Group>
          <Button type="submit" loading={save.isPending}>
            Save workflow
          </Button>
          <Button
            variant="default"
            component={Link}
            to={creating ? '/admin/workflows' : `/admin/workflows/${initial.key}`}
          >
            Cancel
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function unchanged<T extends object>(old: T, next: Partial<T>): boolean {
  return Object.entries(next).every(
    ([field, value]) => JSON.stringify((old as Record<string, unknown>)[field]) === JSON.stringify(value),
  );
}

/** "statuses.2.key" → "Status On hold". */
function describeField(workflow: Workflow, field: string): string {
  const [list, index] = field.split('.');
  const at = Number(index);
  if (list === 'statuses') return `Status ${workflow.statuses[at]?.name ?? at + 1}`;
  if (list === 'transitions') return `Transition ${workflow.transitions[at]?.label ?? at + 1}`;
  return 'Initial status';
}
