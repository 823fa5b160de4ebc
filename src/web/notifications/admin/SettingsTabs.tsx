// The other notification settings: who is told of what (rules), the SMTP server, chat webhooks
// and mailing lists. Each form answers with what the server said (field by field when it can).
import {
  Alert,
  Button,
  Card,
  Checkbox,
  Group,
  NumberInput,
  PasswordInput,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { errorText, QueryBlock } from '../../admin/kit';
import { api } from '../../lib/api';

const audienceLabels: Record<string, string> = {
  requester: 'Requester',
  approver: 'Approvers',
  agent_team: 'Team',
  team_lead: 'Team leads',
  assignee: 'Assignee',
  ticket_subscribers: 'Ticket followers',
  filter_subscribers: 'Saved-search followers',
  mailing_list: 'Mailing list',
  chat: 'Chat channel',
  incident_audiences: 'Incident lists',
};
const personAudiences = [
  'requester',
  'approver',
  'agent_team',
  'team_lead',
  'assignee',
  'ticket_subscribers',
  'filter_subscribers',
];

function Feedback({ mutation, ok }: { mutation: { error: unknown; isSuccess: boolean }; ok: string }) {
  if (mutation.error)
    return (
      <Alert color="red" role="alert" title="That did not work">
        {errorText(mutation.error)}
      </Alert>
    );
  if (mutation.isSuccess)
    return (
      <Text size="sm" c="green.9" role="status">
        {ok}
      </Text>
    );
  return null;
}

export function RulesTab() {
  const client = useQueryClient();
  const rules = useQuery({
    queryKey: ['admin', 'notifications', 'rules'],
    queryFn: () => api('/api/v1/admin/notifications/rules', 'notifications.eventRulesListOut'),
  });
  const save = useMutation({
    mutationFn: ({ event, rules: next }: { event: string; rules: unknown[] }) =>
      api(`/api/v1/admin/notifications/rules/${event}`, 'notifications.ruleListOut', {
        method: 'PUT',
        body: { rules: next },
      }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['admin', 'notifications', 'rules'] }),
  });
  return (
    <Stack gap="sm">
      <Text size="sm" c="gray.7">
        Who is told of each event. Nobody is told of their own action; each person chooses email, digest or
        nothing in their account.
      </Text>
      <Feedback mutation={save} ok="Rules saved." />
      <QueryBlock query={rules}>
        {(events) => (
          <Stack gap="xs">
            {events.map((entry) => {
              const toggle = (audience: string, on: boolean) => {
                const others = entry.rules.filter((rule) => rule.audience !== audience);
                const next = on
                  ? [...others, { audience, chatWebhookId: null, mailingListId: null, enabled: true }]
                  : others;
                save.mutate({ event: entry.event, rules: next });
              };
              const extra = entry.rules.filter((rule) => !personAudiences.includes(rule.audience));
              return (
                <Card key={entry.event} withBorder padding="sm">
                  <Stack gap={6}>
                    <Title order={3} size="h5">
                      {entry.label}{' '}
                      <Text span size="xs" c="gray.7" ff="monospace">
                        {entry.event}
                      </Text>
                    </Title>
                    <Group gap="md" role="group" aria-label={`Who is told: ${entry.label}`}>
                      {personAudiences.map((audience) => (
                        <Checkbox
                          key={audience}
                          label={audienceLabels[audience]}
                          checked={entry.rules.some((rule) => rule.audience === audience && rule.enabled)}
                          onChange={(e) => toggle(audience, e.currentTarget.checked)}
                          disabled={save.isPending}
                        />
                      ))}
                    </Group>
                    {extra.length ? (
                      <Text size="xs" c="gray.7">
                        Also: {extra.map((rule) => audienceLabels[rule.audience] ?? rule.audience).join(', ')}
                      </Text>
                    ) : null}
                  </Stack>
                </Card>
              );
            })}
          </Stack>
        )}
      </QueryBlock>
    </Stack>
  );
}

type Smtp = {
  host: string;
  port: number | '';
  security: string;
  user: string;
  pass: string;
  fromName: string;
  fromAddress: string;
};
const emptySmtp: Smtp = {
  host: '',
  port: 587,
  security: 'starttls',
  user: '',
  pass: '',
  fromName: 'Opsdesk',
  fromAddress: '',
};

export function EmailTab() {
  const client = useQueryClient();
  const stored = useQuery({
    queryKey: ['admin', 'notifications', 'email'],
    queryFn: () => api('/api/v1/admin/notifications/email', 'notifications.emailSettingsOut'),
  });
  const [form, setForm] = useState<Smtp>(emptySmtp);
  useEffect(() => {
    const settings = stored.data?.settings as
      | {
          host: string;
          port?: number;
          security: string;
          auth?: { user: string } | null;
          from: { name: string; address: string };
        }
      | null
      | undefined;
    if (settings)
      setForm({
        host: settings.host,
        port: settings.port ?? '',
        security: settings.security,
        user: settings.auth?.user ?? '',
        pass: '',
        fromName: settings.from.name,
        fromAddress: settings.from.address,
      });
  }, [stored.data]);
  const save = useMutation({
    mutationFn: () =>
      api('/api/v1/admin/notifications/email', 'notifications.emailSettingsOut', {
        method: 'PUT',
        body: {
          host: form.host,
          ...(form.port ? { port: Number(form.port) } : {}),
          security: form.security,
          auth: form.user ? { user: form.user, ...(form.pass ? { pass: form.pass } : {}) } : null,
          from: { name: form.fromName, address: form.fromAddress },
        },
      }),
    onSuccess: (data) => client.setQueryData(['admin', 'notifications', 'email'], data),
  });
  const test = useMutation({
    mutationFn: () =>
      api('/api/v1/admin/notifications/email/test', 'notifications.outcomeOut', { method: 'POST', body: {} }),
  });
  const set = (key: keyof Smtp) => (value: string | number) =>
    setForm((current) => ({ ...current, [key]: value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  return (
    <QueryBlock query={stored}>
      {(data) => (
        <form onSubmit={submit} aria-label="SMTP server">
          <Stack gap="sm" maw={560}>
            <Text size="sm" c="gray.7">
              {data.configured
                ? 'Email is sent through this server.'
                : 'Email is off until an SMTP server is set.'}{' '}
              The password is stored encrypted and never shown; leave it empty to keep it.
            </Text>
            <TextInput
              label="Host"
              required
              value={form.host}
              onChange={(e) => set('host')(e.currentTarget.value)}
            />
            <Group grow>
              <NumberInput
                label="Port"
                value={form.port}
                onChange={(value) => set('port')(value === '' ? '' : Number(value))}
                min={1}
                max={65535}
              />
              <Select
                label="Security"
                data={[
                  { value: 'starttls', label: 'STARTTLS' },
                  { value: 'tls', label: 'TLS' },
                  { value: 'none', label: 'None' },
                ]}
                value={form.security}
                onChange={(value) => set('security')(value ?? 'starttls')}
                allowDeselect={false}
              />
            </Group>
            <Group grow>
              <TextInput
                label="User name"
                value={form.user}
                onChange={(e) => set('user')(e.currentTarget.value)}
                autoComplete="off"
              />
              <PasswordInput
                label="Password"
                value={form.pass}
                onChange={(e) => set('pass')(e.currentTarget.value)}
                autoComplete="new-password"
              />
            </Group>
            <Group grow>
              <TextInput
                label="From name"
                required
                value={form.fromName}
                onChange={(e) => set('fromName')(e.currentTarget.value)}
              />
              <TextInput
                label="From address"
                required
                value={form.fromAddress}
                onChange={(e) => set('fromAddress')(e.currentTarget.value)}
              />
            </Group>
            <Feedback mutation={save} ok="SMTP settings saved." />
            {test.data ? (
              <Alert
                color={test.data.ok ? 'green' : 'red'}
                role="status"
                title={test.data.ok ? 'It works' : 'It did not work'}
              >
                {test.data.detail}
              </Alert>
            ) : null}
            {test.error ? (
              <Alert color="red" role="alert">
                {errorText(test.error)}
              </Alert>
            ) : null}
            <Group gap="xs">
              <Button type="submit" loading={save.isPending}>
                Save SMTP settings
              </Button>
              <Button
                variant="default"
                onClick={() => test.mutate()}
                loading={test.isPending}
                disabled={!data.configured}
              >
                Test connection
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </QueryBlock>
  );
}

export function ChatTab() {
  const client = useQueryClient();
  const key = ['admin', 'notifications', 'chat'];
  const hooks = useQuery({
    queryKey: key,
    queryFn: () => api('/api/v1/admin/notifications/chat-webhooks', 'notifications.chatWebhookListOut'),
  });
  const [form, setForm] = useState({ name: '', platform: 'slack', url: '' });
  const add = useMutation({
    mutationFn: () =>
      api('/api/v1/admin/notifications/chat-webhooks', 'notifications.chatWebhookOut', {
        body: { ...form, username: null },
      }),
    onSuccess: () => {
      setForm({ name: '', platform: 'slack', url: '' });
      void client.invalidateQueries({ queryKey: key });
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) =>
      api(`/api/v1/admin/notifications/chat-webhooks/${id}`, 'common.noContent', { method: 'DELETE' }),
    onSuccess: () => client.invalidateQueries({ queryKey: key }),
  });
  const test = useMutation({
    mutationFn: (id: string) =>
      api(`/api/v1/admin/notifications/chat-webhooks/${id}/test`, 'notifications.outcomeOut', {
        method: 'POST',
        body: {},
      }),
  });
  return (
    <Stack gap="sm">
      <Text size="sm" c="gray.7">
        Incoming webhooks of Slack, Discord or Teams; a rule names one to post an event there. Only the host
        is shown.
      </Text>
      <QueryBlock
        query={hooks}
        isEmpty={(list) => list.length === 0}
        empty={
          <Text size="sm" c="gray.7">
            No chat webhooks yet.
          </Text>
        }
      >
        {(list) => (
          <div style={{ overflowX: 'auto' }}>
            <Table verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Platform</Table.Th>
                  <Table.Th>Host</Table.Th>
                  <Table.Th>Actions</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.map((hook) => (
                  <Table.Tr key={hook.id}>
                    <Table.Td>{hook.name}</Table.Td>
                    <Table.Td>{hook.platform}</Table.Td>
                    <Table.Td ff="monospace">{hook.urlHost}</Table.Td>
                    <Table.Td>
                      <Group gap={4} wrap="nowrap">
                        <Button
                          size="compact-xs"
                          variant="light"
                          onClick={() => test.mutate(hook.id)}
                          aria-label={`Test ${hook.name}`}
                        >
                          Test
                        </Button>
                        <Button
                          size="compact-xs"
                          variant="light"
                          color="red"
                          onClick={() => remove.mutate(hook.id)}
                          aria-label={`Delete ${hook.name}`}
                        >
                          Delete
                        </Button>
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </div>
        )}
      </QueryBlock>
      {test.data ? (
        <Alert color={test.data.ok ? 'green' : 'red'} role="status">
          {test.data.detail}
        </Alert>
      ) : null}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          add.mutate();
        }}
        aria-label="Add a chat webhook"
      >
        <Group align="flex-end" gap="xs" wrap="wrap">
          <TextInput
            label="Name"
            required
            value={form.name}
            onChange={(e) => setForm({ ...form, name: e.currentTarget.value })}
          />
          <Select
            label="Platform"
            data={[
              { value: 'slack', label: 'Slack' },
              { value: 'discord', label: 'Discord' },
              { value: 'teams', label: 'Teams' },
            ]}
            value={form.platform}
            onChange={(value) => setForm({ ...form, platform: value ?? 'slack' })}
            allowDeselect={false}
            w={140}
          />
          <TextInput
            label="Webhook URL"
            required
            value={form.url}
            onChange={(e) => setForm({ ...form, url: e.currentTarget.value })}
            w={320}
          />
          <Button type="submit" loading={add.isPending}>
            Add webhook
          </Button>
        </Group>
      </form>
      <Feedback mutation={add} ok="Webhook added." />
    </Stack>
  );
}

export function MailingListsTab() {
  const client = useQueryClient();
  const key = ['admin', 'notifications', 'lists'];
  const lists = useQuery({
    queryKey: key,
    queryFn: () => api('/api/v1/mailing-lists', 'incident-communications.mailingListListOut'),
  });
  const [form, setForm] = useState({ key: '', name: '' });
  const add = useMutation({
    mutationFn: () => api('/api/v1/mailing-lists', 'incident-communications.mailingListOut', { body: form }),
    onSuccess: () => {
      setForm({ key: '', name: '' });
      void client.invalidateQueries({ queryKey: key });
    },
  });
  return (
    <Stack gap="sm">
      <Text size="sm" c="gray.7">
        Lists of addresses for incident communications and rules; members can unsubscribe from each email.
      </Text>
      <QueryBlock
        query={lists}
        isEmpty={(list) => list.length === 0}
        empty={
          <Text size="sm" c="gray.7">
            No mailing lists yet.
          </Text>
        }
      >
        {(list) => (
          <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
            {list.map((entry) => (
              <Card key={entry.id} withBorder padding="sm" component="li">
                <Text fw={600} size="sm">
                  {entry.name}
                </Text>
                <Text size="xs" c="gray.7">
                  {entry.key} · {entry.members} {entry.members === 1 ? 'member' : 'members'}
                  {entry.services.length ? ` · services: ${entry.services.join(', ')}` : ''}
                </Text>
              </Card>
            ))}
          </Stack>
        )}
      </QueryBlock>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          add.mutate();
        }}
        aria-label="Add a mailing list"
      >
        <Group align="flex-end" gap="xs" wrap="wrap">
          <TextInput
            label="List key"
            required
            value={form.key}
            onChange={(e) => setForm({ ...form, key: e.currentTarget.value })}
          />
          <TextInput
            label="List name"
            required
            value={form.name}
            onChange={(e) => setForm({ ...form, name: e.currentTarget.value })}
          />
          <Button type="submit" loading={add.isPending}>
            Add list
          </Button>
        </Group>
      </form>
      <Feedback mutation={add} ok="List added." />
    </Stack>
  );
}
