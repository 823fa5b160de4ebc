// A request type's page: what it does, its tutorial (#tutorial, where docsUrl points) and the form
// generated from its fields. The browser checks the same rules as the server (shared code, with the
// inventory for environment facts) on blur and on submit; a 400 puts the server's words on the fields.
import {
  Alert,
  Anchor,
  Breadcrumbs,
  Button,
  Grid,
  Group,
  Paper,
  Skeleton,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useMemo, useState } from 'react';
import { Link, useLocation, useNavigate, useParams, useSearchParams } from 'react-router';
import type { FieldDefinition } from '../../shared/fields';
import { EmptyState, ErrorState } from '../components/States';
import { ApiError, api } from '../lib/api';
import { duration } from '../lib/format';
import { AttachmentInput, stageAttachments } from '../ticket/Attachments';
import { descriptionStyles } from '../ticket/ticketActions';
import { catalogQuery, findRequestType, type RequestType } from './catalog';
import { DocText } from './DocText';
import { FieldInput, fieldInputId } from './FieldInput';
import {
  cancelledProblems,
  checkForm,
  type Environment,
  environmentChoices,
  type FormValues,
  initialValues,
  toPayload,
  visibleErrors,
} from './requestForm';

export default function RequestPage() {
  const { key = '' } = useParams();
  const catalog = useQuery(catalogQuery);
  const found = findRequestType(catalog.data, key);

  if (catalog.isPending) return <RequestSkeleton />;
  if (catalog.isError) return <ErrorState error={catalog.error} onRetry={() => void catalog.refetch()} />;
  if (!found) {
    return (
      <Stack>
        <Title order={1}>Request type not found</Title>
        <EmptyState title={`There is no request type “${key}” in the catalog`}>
          <Anchor component={Link} to="/portal">
            Back to the catalog
          </Anchor>
        </EmptyState>
      </Stack>
    );
  }
  return <RequestTypeView key={found.type.key} type={found.type} categoryName={found.category.name} />;
}

function RequestTypeView({ type, categoryName }: { type: RequestType; categoryName: string }) {
  const location = useLocation();
  const target = type.slaTargets[0];

  useEffect(() => {
    if (location.hash === '#tutorial') document.getElementById('tutorial')?.scrollIntoView();
  }, [location.hash]);

  return (
    <Stack gap="lg">
      <Stack gap={6}>
        <Breadcrumbs separator="›">
          <Anchor component={Link} to="/portal" size="sm">
            Catalog
          </Anchor>
          <Text size="sm" c="gray.7">
            {categoryName}
          </Text>
        </Breadcrumbs>
        <Title order={1}>{type.name}</Title>
        <Text c="gray.7">{type.description}</Text>
        {target ? (
          <Text size="sm" c="gray.7">
            Target once approved: {duration(target.goalSeconds)}.{' '}
            {type.documentation ? (
              <Anchor href="#tutorial" size="sm">
                How it works
              </Anchor>
            ) : null}
          </Text>
        ) : null}
      </Stack>
      <Grid gap="xl">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <RequestForm type={type} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Paper
            component="section"
            id="tutorial"
            aria-labelledby="tutorial-heading"
            withBorder
            p="md"
            radius="md"
          >
            <Stack gap="sm">
              <Title order={2} id="tutorial-heading" size="h3">
                Tutorial
              </Title>
              {type.documentation ? (
                <DocText source={type.documentation} headingBase={2} />
              ) : (
                <Text c="gray.7">No documentation for this request type yet.</Text>
              )}
            </Stack>
          </Paper>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

function RequestForm({ type }: { type: RequestType }) {
  const navigate = useNavigate();
  const client = useQueryClient();
  const [params] = useSearchParams();
  const hasEnvironmentFields = type.fields.some((field) => field.type === 'environment');
  const environments = useQuery({
    queryKey: ['environments'],
    queryFn: () => api('/api/v1/environments', 'inventory.environmentListOut'),
    enabled: hasEnvironmentFields,
    staleTime: 30_000,
  });

  // Values may be preset from the link (…?environment=bugfix1x2), so a request can be shared.
  const [values, setValues] = useState<FormValues>(() => {
    const start = initialValues(type.fields);
    for (const field of type.fields) {
      const preset = params.getAll(field.key);
      if (!preset.length) continue;
      start[field.key] = Array.isArray(start[field.key]) ? preset : preset.join('\n');
    }
    return start;
  });
  const [touched, setTouched] = useState<Record<string, boolean>>({});
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [cancelled, setCancelled] = useState<{ key: string; messages: string[] } | null>(null);
  const [summary, setSummary] = useState('');
  const [description, setDescription] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [attachError, setAttachError] = useState<string | null>(null);

  const inventory = environments.isSuccess ? environments.data : undefined;
  const browserErrors = useMemo(
    () => checkForm(type.fields, values, inventory, undefined, type.databaseCheck),
    [type.fields, values, inventory, type.databaseCheck],
  );
  const errors = visibleErrors(browserErrors, serverErrors, touched);

  const submit = useMutation({
    mutationFn: async () => {
      // The files first: a request is filed with its files or not at all. Each submission uploads
      // them afresh (a filed id is used up, e.g. by a request verification cancelled at once).
      let attachments: string[] = [];
      if (files.length > 0) {
        try {
          attachments = (await stageAttachments(files)).map((file) => file.id);
        } catch (error) {
          setAttachError(error instanceof Error ? error.message : String(error));
          throw error;
        }
      }
      setAttachError(null);
      return api('/api/v1/requests', 'tickets.ticketOut', {
        body: {
          requestType: type.key,
          fields: toPayload(type.fields, values),
          ...(type.askSummary && summary.trim() ? { summary: summary.trim() } : {}),
          ...(type.askSummary && description.trim() ? { description: description.trim() } : {}),
          ...(attachments.length ? { attachments } : {}),
        },
      });
    },
    onSuccess: (ticket) => {
      void client.invalidateQueries({ queryKey: ['tickets'] });
      const problems = cancelledProblems(ticket);
      if (problems) {
        setServerErrors(problems.byField);
        setCancelled({ key: ticket.key, messages: problems.messages });
        return;
      }
      navigate(`/tickets/${ticket.key}`);
    },
    onError: (error) => {
      if (error instanceof ApiError && error.status === 400) setServerErrors(error.fieldErrors);
    },
  });

  const change = (field: FieldDefinition, value: string | string[]) => {
    const { key } = field;
    setValues((current) => ({ ...current, [key]: value }));
    // A choice is complete when made: check it at once (text is checked when the person leaves it).
    if (!isTyped(field, inventory)) blur(key);
    setServerErrors(({ [key]: _dropped, ...rest }) => rest);
    setCancelled(null);
  };
  const blur = (key: string) =>
    setTouched((current) => (current[key] ? current : { ...current, [key]: true }));

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(Object.fromEntries(type.fields.map((field) => [field.key, true])));
    setCancelled(null);
    const firstInvalid = type.fields.find((field) => browserErrors[field.key]);
    if (firstInvalid) {
      document.getElementById(fieldInputId(firstInvalid.key))?.focus();
      return;
    }
    submit.mutate();
  };

  const generalError =
    submit.error &&
    !attachError &&
    !(
      submit.error instanceof ApiError &&
      submit.error.status === 400 &&
      Object.keys(submit.error.fieldErrors).length
    )
      ? submit.error
      : null;

  const environmentNote = environments.isError
    ? 'The list of environments could not be loaded: type the name.'
    : undefined;

  return (
    <Paper component="section" aria-labelledby="form-heading" withBorder p="md" radius="md">
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="md">
          <Title order={2} id="form-heading" size="h3">
            Your request
          </Title>
          {type.askSummary ? (
            <>
              <TextInput
                label="Summary"
                styles={descriptionStyles}
                description="Optional: a line that names your request (it becomes its title)."
                value={summary}
                maxLength={200}
                onChange={(event) => setSummary(event.currentTarget.value)}
                error={serverErrors.summary}
              />
              <Textarea
                label="Description"
                styles={descriptionStyles}
                description="Optional: anything the team should know."
                value={description}
                autosize
                minRows={2}
                maxLength={20_000}
                onChange={(event) => setDescription(event.currentTarget.value)}
                error={serverErrors.description}
              />
            </>
          ) : null}
          {type.fields.map((field) => {
            return (
              <FieldInput
                key={field.key}
                field={field}
                value={values[field.key] ?? ''}
                error={errors[field.key]}
                environmentChoices={
                  field.type === 'environment' && inventory ? environmentChoices(field, inventory) : null
                }
                loadingChoices={field.type === 'environment' && environments.isPending}
                environmentNote={environmentNote}
                onChange={(value) => change(field, value)}
                onBlur={(event) => {
                  // Leaving for the submit button: the submit checks everything; showing the error now
                  // would move the button under the pointer and swallow the click.
                  if ((event.relatedTarget as HTMLElement | null)?.dataset.submit === undefined)
                    blur(field.key);
                }}
              />
            );
          })}
          <AttachmentInput
            value={files}
            onChange={(chosen) => {
              setFiles(chosen);
              setAttachError(null);
            }}
            error={
              attachError
                ? `The files could not be uploaded, so nothing was filed: ${attachError}`
                : Object.entries(serverErrors).find(([field]) => field.startsWith('attachments'))?.[1]
            }
          />
          {cancelled ? (
            <Alert
              color="red"
              title={`${cancelled.key} was cancelled: some fields are not valid`}
              role="alert"
            >
              <Stack gap={4}>
                {cancelled.messages.map((message) => (
                  <Text size="sm" key={message}>
                    {message}
                  </Text>
                ))}
                <Text size="sm">
                  Correct them and submit again, or{' '}
                  <Anchor component={Link} to={`/tickets/${cancelled.key}`} size="sm">
                    open {cancelled.key}
                  </Anchor>
                  .
                </Text>
              </Stack>
            </Alert>
          ) : null}
          {generalError ? (
            <Alert color="red" title="The request was not filed" role="alert">
              {generalError instanceof Error ? generalError.message : 'Something went wrong.'}
            </Alert>
          ) : null}
          <Group>
            <Button type="submit" loading={submit.isPending} data-submit>
              Submit request
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

function isTyped(field: FieldDefinition, inventory: Environment[] | undefined): boolean {
  if (field.type === 'select' || field.type === 'multiselect') return false;
  if (field.type === 'environment') return !inventory || Boolean(field.rules.environment?.mustNotExist);
  return true;
}

function RequestSkeleton() {
  return (
    <Stack gap="lg" aria-busy="true" aria-label="Loading the request type">
      <Skeleton height={16} width={180} />
      <Skeleton height={34} width={360} maw="100%" />
      <Skeleton height={20} width="70%" />
      <Grid gap="xl">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Skeleton height={260} radius="md" />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Skeleton height={200} radius="md" />
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
