// "Something is broken": anyone reports an incident. While they type, the open incidents on the
// services they follow or name, or in similar words, are offered ("Is it this? Follow it"), so
// one incident gets many followers instead of many duplicates (seed 002 steps 7–8). Their own
// services and the status the open incidents give them are shown too (seed 002 steps 4–5).
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Paper,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { ServiceStatusBadge } from '../incidents/PriorityBadge';
import { DeflectionSuggestions, useDeflection } from '../kb/DeflectionSuggestions';
import { ApiError, api } from '../lib/api';

const reach = [
  { value: 'low', label: 'Just me' },
  { value: 'medium', label: 'My team or several people' },
  { value: 'high', label: 'Everyone, or a whole office' },
];
const blocking = [
  { value: 'high', label: 'I cannot work at all' },
  { value: 'medium', label: 'I can work, but slowly' },
  { value: 'low', label: 'It can wait' },
];

export default function ReportPage() {
  const navigate = useNavigate();
  const client = useQueryClient();
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [service, setService] = useState<string | null>(null);
  const [impact, setImpact] = useState<string>('low');
  const [urgency, setUrgency] = useState<string>('medium');
  const [followed, setFollowed] = useState<string | null>(null);
  const deflection = useDeflection();
  const [words] = useDebouncedValue(title.trim(), 300);
  useEffect(() => {
    document.title = 'Report a problem · Opsdesk';
  }, []);

  const services = useQuery({
    queryKey: ['services'],
    queryFn: () => api('/api/v1/services', 'cmdb.serviceSummaryListOut'),
    staleTime: 60_000,
  });
  const mine = useQuery({
    queryKey: ['tickets', 'my-services'],
    queryFn: () => api('/api/v1/me/services', 'cmdb.serviceListOut'),
  });
  const suggestions = useQuery({
    queryKey: ['tickets', 'suggestions', words, service],
    queryFn: ({ signal }) =>
      api('/api/v1/incidents/suggestions', 'incidents.suggestionsOut', {
        signal,
        query: { q: words, service },
      }),
    enabled: words.length >= 3 || !!service,
  });
  const follow = useMutation({
    mutationFn: (key: string) =>
      api(`/api/v1/incidents/${key}/follow`, 'tickets.ticketOut', { method: 'POST' }),
    onSuccess: (ticket) => {
      setFollowed(ticket.key);
      void client.invalidateQueries({ queryKey: ['tickets'] });
    },
  });
  const report = useMutation({
    mutationFn: () =>
      api('/api/v1/incidents', 'tickets.ticketOut', {
        body: {
          title: title.trim(),
          ...(description.trim() ? { description: description.trim() } : {}),
          ...(service ? { service } : {}),
          impact,
          urgency,
        },
      }),
    onSuccess: async (ticket) => {
      // Counted in the deflection report as filed anyway (when articles were suggested).
      await deflection.ticketFiled(ticket.key);
      void client.invalidateQueries({ queryKey: ['tickets'] });
      navigate(`/tickets/${ticket.key}`);
    },
  });
  const fields = report.error instanceof ApiError ? report.error.fieldErrors : {};
  const submit = (event: FormEvent) => {
    event.preventDefault();
    report.mutate();
  };
  const offered = suggestions.data ?? [];

  return (
    <Stack gap="md" maw={820}>
      <Title order={1}>Report a problem</Title>
      <Text c="gray.7">
        Tell us what is broken. If we already know, you can follow it and hear when it is fixed.
      </Text>
      {followed ? (
        <Alert color="green" title={`You follow ${followed}`} role="status">
          We will tell you when it is resolved.{' '}
          <Anchor component={Link} to={`/tickets/${followed}`}>
            See {followed}
          </Anchor>
        </Alert>
      ) : null}
      <MyServices data={mine.data ?? []} />
      <Paper withBorder p="md" component="form" onSubmit={submit}>
        <Stack gap="sm">
          <TextInput
            label="What is not working?"
            placeholder="e.g. I cannot access the finance application"
            required
            value={title}
            onChange={(event) => setTitle(event.currentTarget.value)}
            error={fields.title}
          />
          <DeflectionSuggestions text={`${title} ${description}`} deflection={deflection} />
          {offered.length > 0 ? (
            <Stack gap="xs" component="section" aria-label="Is it this?">
              <Text fw={600}>Is it this?</Text>
              {offered.map((entry) => (
                <Card key={entry.key} withBorder padding="sm" bg="blue.0">
                  <Group justify="space-between" wrap="nowrap" align="flex-start">
                    <div>
                      <Text fw={600}>
                        {entry.key}: {entry.title}
                      </Text>
                      <Text size="sm" c="gray.7">
                        {entry.services.length ? `Affects ${entry.services.join(', ')} · ` : ''}
                        {entry.why}
                      </Text>
                    </div>
                    {followed === entry.key ? (
                      <Badge color="green">Following</Badge>
                    ) : (
                      <Button
                        size="xs"
                        onClick={() => follow.mutate(entry.key)}
                        loading={follow.isPending && follow.variables === entry.key}
                      >
                        Follow it
                      </Button>
                    )}
                  </Group>
                </Card>
              ))}
            </Stack>
          ) : null}
          <Select
            label="Which service?"
            placeholder="If you know"
            searchable
            clearable
            data={(services.data ?? []).map((entry) => ({ value: entry.name, label: entry.name }))}
            value={service}
            onChange={setService}
            error={fields.service}
          />
          <Textarea
            label="Details"
            autosize
            minRows={3}
            value={description}
            onChange={(event) => setDescription(event.currentTarget.value)}
          />
          <Group grow align="flex-start">
            <Select
              label="Who is affected?"
              data={reach}
              value={impact}
              onChange={(v) => v && setImpact(v)}
              allowDeselect={false}
            />
            <Select
              label="Can you work?"
              data={blocking}
              value={urgency}
              onChange={(v) => v && setUrgency(v)}
              allowDeselect={false}
            />
          </Group>
          {report.error && Object.keys(fields).length === 0 ? (
            <Alert color="red" role="alert" title="That did not work">
              {report.error.message}
            </Alert>
          ) : null}
          {follow.error ? (
            <Alert color="red" role="alert" title="Could not follow it">
              {follow.error.message}
            </Alert>
          ) : null}
          <Group justify="flex-end">
            <Button type="submit" loading={report.isPending} variant={followed ? 'default' : 'filled'}>
              Report it
            </Button>
          </Group>
        </Stack>
      </Paper>
    </Stack>
  );
}

function MyServices({ data }: { data: { id: string; name: string; status: string; incidents: string[] }[] }) {
  if (data.length === 0) return null;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="my-services-heading">
      <Title order={2} fz="lg" id="my-services-heading" mb="xs">
        Your services
      </Title>
      <Stack gap={6}>
        {data.map((entry) => (
          <Group key={entry.id} gap="xs">
            <Text size="sm" fw={600}>
              {entry.name}
            </Text>
            <ServiceStatusBadge status={entry.status} />
            {entry.incidents.map((key) => (
              <Anchor key={key} component={Link} to={`/tickets/${key}`} size="sm">
                {key}
              </Anchor>
            ))}
          </Group>
        ))}
      </Stack>
    </Paper>
  );
}
