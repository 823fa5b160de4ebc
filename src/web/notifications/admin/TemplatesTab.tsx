// Notification templates: pick an event, edit its Liquid subject, text and HTML, and see them
// rendered as you type (against a real ticket when you name one, else the sample); save or go
// back to the default. The HTML preview is a sandboxed frame: nothing in it runs.
import {
  Alert,
  Badge,
  Button,
  Grid,
  Group,
  NavLink,
  Paper,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { errorText, QueryBlock, useUrlParam } from '../../admin/kit';
import { api } from '../../lib/api';

type Draft = { subject: string; text: string; html: string };

function usePreview(event: string, draft: Draft | null, ticketKey: string) {
  const [debounced, setDebounced] = useState<{ draft: Draft; ticketKey: string } | null>(null);
  useEffect(() => {
    if (!draft) return;
    const timer = setTimeout(() => setDebounced({ draft, ticketKey }), 350);
    return () => clearTimeout(timer);
  }, [draft, ticketKey]);
  return useQuery({
    queryKey: ['admin', 'notifications', 'preview', event, debounced],
    enabled: Boolean(debounced),
    placeholderData: keepPreviousData,
    queryFn: ({ signal }) =>
      api(`/api/v1/admin/notifications/templates/${event}/preview`, 'notifications.templatePreviewOut', {
        body: {
          template: debounced!.draft,
          ...(/^[A-Za-z]+-\d+$/.test(debounced!.ticketKey.trim())
            ? { ticketKey: debounced!.ticketKey.trim() }
            : {}),
        },
        signal,
      }),
  });
}

function Editor({ event }: { event: string }) {
  const client = useQueryClient();
  const stored = useQuery({
    queryKey: ['admin', 'notifications', 'template', event],
    queryFn: () => api(`/api/v1/admin/notifications/templates/${event}`, 'notifications.templateOut'),
  });
  const [draft, setDraft] = useState<Draft | null>(null);
  const [ticketKey, setTicketKey] = useState('');
  useEffect(() => {
    if (stored.data) setDraft({ ...stored.data.template });
  }, [stored.data]);
  const preview = usePreview(event, draft, ticketKey);
  const done = (data: unknown) => {
    client.setQueryData(['admin', 'notifications', 'template', event], data);
    void client.invalidateQueries({ queryKey: ['admin', 'notifications', 'templates'] });
  };
  const save = useMutation({
    mutationFn: () =>
      api(`/api/v1/admin/notifications/templates/${event}`, 'notifications.templateOut', {
        method: 'PUT',
        body: draft,
      }),
    onSuccess: done,
  });
  const reset = useMutation({
    mutationFn: () =>
      api(`/api/v1/admin/notifications/templates/${event}`, 'notifications.templateOut', {
        method: 'DELETE',
      }),
    onSuccess: done,
  });
  const set = (part: keyof Draft) => (value: string) =>
    setDraft((current) => (current ? { ...current, [part]: value } : current));
  const rendered = preview.data?.rendered;
  return (
    <QueryBlock query={stored} rows={6}>
      {(data) =>
        draft ? (
          <Grid gap="md">
            <Grid.Col span={{ base: 12, lg: 6 }}>
              <Stack gap="sm">
                <Group gap="xs">
                  <Title order={2} size="h4">
                    {event}
                  </Title>
                  {data.customised ? (
                    <Badge variant="light">Customised</Badge>
                  ) : (
                    <Badge variant="light" color="gray">
                      Default
                    </Badge>
                  )}
                </Group>
                <TextInput
                  label="Subject"
                  value={draft.subject}
                  onChange={(e) => set('subject')(e.currentTarget.value)}
                />
                <Textarea
                  label="Text"
                  value={draft.text}
                  onChange={(e) => set('text')(e.currentTarget.value)}
                  autosize
                  minRows={6}
                  maxRows={16}
                  ff="monospace"
                />
                <Textarea
                  label="HTML"
                  value={draft.html}
                  onChange={(e) => set('html')(e.currentTarget.value)}
                  autosize
                  minRows={6}
                  maxRows={16}
                  ff="monospace"
                />
                {save.error ? (
                  <Alert color="red" role="alert" title="Not saved">
                    {errorText(save.error)}
                  </Alert>
                ) : null}
                {save.isSuccess && !save.isPending ? (
                  <Text size="sm" c="green.9" role="status">
                    Template saved.
                  </Text>
                ) : null}
                <Group gap="xs">
                  <Button onClick={() => save.mutate()} loading={save.isPending}>
                    Save template
                  </Button>
                  <Button
                    variant="default"
                    onClick={() => reset.mutate()}
                    loading={reset.isPending}
                    disabled={!data.customised}
                  >
                    Back to the default
                  </Button>
                </Group>
              </Stack>
            </Grid.Col>
            <Grid.Col span={{ base: 12, lg: 6 }}>
              <Paper withBorder p="sm" component="section" aria-labelledby="preview-heading">
                <Stack gap="xs">
                  <Title order={3} size="h5" id="preview-heading">
                    Preview
                  </Title>
                  <TextInput
                    label="Render against ticket"
                    description="A ticket key (e.g. REQ-12); empty: the sample ticket."
                    value={ticketKey}
                    onChange={(e) => setTicketKey(e.currentTarget.value)}
                  />
                  {preview.error ? (
                    <Alert color="red" role="alert">
                      {errorText(preview.error)}
                    </Alert>
                  ) : null}
                  {preview.data?.problems.map((problem) => (
                    <Alert
                      key={`${problem.part}-${problem.line}-${problem.column}`}
                      color="red"
                      role="alert"
                      title={`${problem.part}, line ${problem.line}, column ${problem.column}`}
                    >
                      {problem.message}
                    </Alert>
                  ))}
                  {preview.data?.notes.map((note) => (
                    <Text key={note} size="xs" c="gray.7">
                      {note}
                    </Text>
                  ))}
                  {rendered ? (
                    <div aria-live="polite">
                      <Text size="sm" fw={600} data-testid="preview-subject">
                        {rendered.subject}
                      </Text>
                      <Text
                        size="sm"
                        component="pre"
                        style={{ whiteSpace: 'pre-wrap' }}
                        data-testid="preview-text"
                      >
                        {rendered.text}
                      </Text>
                      <iframe
                        title="HTML preview"
                        sandbox=""
                        srcDoc={rendered.html}
                        style={{
                          width: '100%',
                          height: 320,
                          border: '1px solid var(--mantine-color-gray-3)',
                        }}
                      />
                    </div>
                  ) : preview.isFetching ? (
                    <Text size="sm" c="gray.7">
                      Rendering…
                    </Text>
                  ) : null}
                </Stack>
              </Paper>
            </Grid.Col>
          </Grid>
        ) : null
      }
    </QueryBlock>
  );
}

export function TemplatesTab() {
  const [event, setEvent] = useUrlParam('event');
  const list = useQuery({
    queryKey: ['admin', 'notifications', 'templates'],
    queryFn: () => api('/api/v1/admin/notifications/templates', 'notifications.templateListOut'),
  });
  return (
    <QueryBlock query={list}>
      {(templates) => (
        <Grid gap="md">
          <Grid.Col span={{ base: 12, md: 3 }}>
            <nav aria-label="Templates">
              {templates.map((template) => (
                <NavLink
                  key={template.event}
                  component="button"
                  label={template.label}
                  description={template.customised ? 'customised' : template.event}
                  active={template.event === event}
                  onClick={() => setEvent(template.event)}
                />
              ))}
            </nav>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 9 }}>
            {event ? (
              <Editor key={event} event={event} />
            ) : (
              <Text c="gray.7">Choose a template to edit.</Text>
            )}
          </Grid.Col>
        </Grid>
      )}
    </QueryBlock>
  );
}
