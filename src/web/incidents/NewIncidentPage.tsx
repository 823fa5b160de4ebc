// An agent opens an incident: what is broken, the service and CIs it touches, impact and urgency
// (the priority they make through the admins' matrix is shown as they are chosen).
import {
  Alert,
  Button,
  Group,
  Paper,
  Select,
  Stack,
  TagsInput,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { ApiError, api } from '../lib/api';
import { impactWords, type Level, levels, urgencyWords } from './incidents';
import { PriorityBadge } from './PriorityBadge';

export const servicesQuery = {
  queryKey: ['services'],
  queryFn: () => api('/api/v1/services', 'cmdb.serviceSummaryListOut'),
  staleTime: 60_000,
};

export default function NewIncidentPage() {
  const navigate = useNavigate();
  const client = useQueryClient();
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [service, setService] = useState<string | null>(null);
  const [cis, setCis] = useState<string[]>([]);
  const [impact, setImpact] = useState<Level>('medium');
  const [urgency, setUrgency] = useState<Level>('medium');
  useEffect(() => {
    document.title = 'New incident · Opsdesk';
  }, []);
  const services = useQuery(servicesQuery);
  const matrix = useQuery({
    queryKey: ['incidents', 'matrix'],
    queryFn: () => api('/api/v1/incidents/priority-matrix', 'incidents.matrixOut'),
  });
  const open = useMutation({
    mutationFn: () =>
      api('/api/v1/incidents', 'tickets.ticketOut', {
        body: {
          title: title.trim(),
          ...(description.trim() ? { description: description.trim() } : {}),
          ...(service ? { service } : {}),
          ...(cis.length ? { cis } : {}),
          impact,
          urgency,
        },
      }),
    onSuccess: (ticket) => {
      void client.invalidateQueries({ queryKey: ['tickets'] });
      navigate(`/tickets/${ticket.key}`);
    },
  });
  const fields = open.error instanceof ApiError ? open.error.fieldErrors : {};
  const submit = (event: FormEvent) => {
    event.preventDefault();
    open.mutate();
  };
  const priority = matrix.data?.[impact]?.[urgency];
  return (
    <Stack gap="md" maw={760}>
      <Title order={1}>New incident</Title>
      <Paper withBorder p="md" component="form" onSubmit={submit}>
        <Stack gap="sm">
          <TextInput
            label="What is broken?"
            required
            value={title}
            onChange={(event) => setTitle(event.currentTarget.value)}
            error={fields.title}
          />
          <Textarea
            label="Description"
            autosize
            minRows={3}
            value={description}
            onChange={(event) => setDescription(event.currentTarget.value)}
            error={fields.description}
          />
          <Select
            label="Affected service"
            placeholder="Choose a service"
            searchable
            clearable
            data={(services.data ?? []).map((entry) => ({ value: entry.name, label: entry.name }))}
            value={service}
            onChange={setService}
            error={fields.service}
          />
          <TagsInput
            label="Affected CIs"
            description="Names of servers, applications, network devices… (Enter after each)"
            value={cis}
            onChange={setCis}
            error={Object.entries(fields).find(([field]) => field.startsWith('cis'))?.[1]}
          />
          <Group grow align="flex-start">
            <Select
              label="Impact"
              data={levels.map((level) => ({ value: level, label: impactWords[level] }))}
              value={impact}
              onChange={(value) => value && setImpact(value as Level)}
              allowDeselect={false}
            />
            <Select
              label="Urgency"
              data={levels.map((level) => ({ value: level, label: urgencyWords[level] }))}
              value={urgency}
              onChange={(value) => value && setUrgency(value as Level)}
              allowDeselect={false}
            />
          </Group>
          <Group gap="xs">
            <Text size="sm">Priority:</Text>
            {priority ? <PriorityBadge priority={priority} /> : <Text size="sm">…</Text>}
          </Group>
          {open.error && Object.keys(fields).length === 0 ? (
            <Alert color="red" role="alert" title="That did not work">
              {open.error.message}
            </Alert>
          ) : null}
          <Group justify="flex-end">
            <Button type="submit" loading={open.isPending}>
              Open incident
            </Button>
          </Group>
        </Stack>
      </Paper>
    </Stack>
  );
}
