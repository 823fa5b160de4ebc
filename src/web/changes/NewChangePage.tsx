// Raising a change: type, title, CIs, window (local time, sent as instants), the Seven Rs, plans
// and the risk questionnaire. The server assesses it; the change page shows risk and conflicts.
import {
  Alert,
  Button,
  Checkbox,
  Grid,
  Group,
  NativeSelect,
  Paper,
  Stack,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useNavigate } from 'react-router';
import { ApiError, api } from '../lib/api';
import { ChangesNav } from './ChangesNav';

const texts = [
  ['reason', 'Reason (why)'],
  ['expectedReturn', 'Expected return'],
  ['risks', 'Risks'],
  ['resources', 'Resources'],
  ['implementationPlan', 'Implementation plan'],
  ['backoutPlan', 'Backout plan'],
  ['testPlan', 'Test plan'],
] as const;

const localInput = (date: Date) =>
  new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);

export default function NewChangePage() {
  const navigate = useNavigate();
  const inAnHour = new Date(Date.now() + 3_600_000);
  const [form, setForm] = useState<Record<string, string>>({
    type: 'normal',
    title: '',
    cis: '',
    responsible: '',
    plannedStart: localInput(inAnHour),
    plannedEnd: localInput(new Date(inAnHour.getTime() + 3_600_000)),
  });
  const [answers, setAnswers] = useState<Record<string, boolean>>({});
  const [isPublic, setPublic] = useState(false);
  const questions = useQuery({
    queryKey: ['changes', 'questionnaire'],
    queryFn: () => api('/api/v1/changes/risk-questionnaire', 'changes.riskQuestionnaireOut'),
  });
  const raise = useMutation({
    mutationFn: () =>
      api('/api/v1/changes', 'tickets.ticketOut', {
        body: {
          type: form.type,
          title: form.title,
          cis: (form.cis ?? '')
            .split(',')
            .map((ci) => ci.trim())
            .filter(Boolean),
          plannedStart: new Date(form.plannedStart!).toISOString(),
          plannedEnd: new Date(form.plannedEnd!).toISOString(),
          ...(form.responsible ? { responsible: form.responsible } : {}),
          ...Object.fromEntries(texts.flatMap(([key]) => (form[key] ? [[key, form[key]]] : []))),
          riskAnswers: answers,
          public: isPublic,
        },
      }),
    onSuccess: (ticket) => navigate(`/tickets/${ticket.key}`),
  });
  const errors = raise.error instanceof ApiError ? raise.error.fieldErrors : {};
  const set = (key: string) => (event: { currentTarget: { value: string } }) =>
    setForm((current) => ({ ...current, [key]: event.currentTarget.value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    raise.mutate();
  };

  return (
    <Stack gap="md">
      <ChangesNav />
      <Title order={1} fz="h2">
        New change
      </Title>
      <Paper withBorder p="md" component="form" onSubmit={submit} aria-label="New change">
        <Stack gap="sm">
          {raise.error ? <Alert color="red">{raise.error.message}</Alert> : null}
          <Grid>
            <Grid.Col span={{ base: 12, sm: 4 }}>
              <NativeSelect
                label="Type"
                data={['normal', 'standard', 'emergency']}
                value={form.type}
                onChange={set('type')}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 8 }}>
              <TextInput
                label="Title"
                required
                value={form.title}
                onChange={set('title')}
                error={errors.title}
              />
            </Grid.Col>
          </Grid>
          <TextInput
            label="Affected CIs and services (Relationships)"
            description="names or ids, comma-separated"
            required
            value={form.cis}
            onChange={set('cis')}
            error={Object.entries(errors).find(([field]) => field.startsWith('cis'))?.[1]}
          />
          <Group grow>
            <TextInput
              type="datetime-local"
              label="Planned start"
              required
              value={form.plannedStart}
              onChange={set('plannedStart')}
              error={errors.plannedStart}
            />
            <TextInput
              type="datetime-local"
              label="Planned end"
              required
              value={form.plannedEnd}
              onChange={set('plannedEnd')}
              error={errors.plannedEnd}
            />
          </Group>
          <TextInput
            label="Responsible"
            description="an email"
            value={form.responsible}
            onChange={set('responsible')}
            error={errors.responsible}
          />
          {texts.map(([key, label]) => (
            <Textarea
              key={key}
              label={label}
              autosize
              minRows={2}
              value={form[key] ?? ''}
              onChange={set(key)}
              error={errors[key]}
            />
          ))}
          <fieldset style={{ border: 0, padding: 0 }}>
            <legend>Risk questionnaire</legend>
            <Stack gap={4}>
              {(questions.data ?? []).map((question) => (
                <Checkbox
                  key={question.id}
                  label={`${question.text} (+${question.weight})`}
                  checked={answers[question.id] ?? false}
                  onChange={(event) =>
                    setAnswers((current) => ({ ...current, [question.id]: event.currentTarget.checked }))
                  }
                />
              ))}
            </Stack>
          </fieldset>
          <Checkbox
            label="Public: once scheduled, show it on the status page as maintenance of the services it reaches"
            checked={isPublic}
            onChange={(event) => setPublic(event.currentTarget.checked)}
          />
          <Group>
            <Button type="submit" loading={raise.isPending}>
              Raise the change
            </Button>
          </Group>
        </Stack>
      </Paper>
    </Stack>
  );
}
