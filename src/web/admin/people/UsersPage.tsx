// /admin/users — people, their roles and managers. ?q and ?role filter (server-side search),
// ?inactive=1 shows deactivated people, ?edit=<id>|new opens the editor.
import {
  Anchor,
  Badge,
  Button,
  Checkbox,
  Group,
  PasswordInput,
  ScrollArea,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { EmptyState, ErrorState, LoadingBlock } from '../../components/States';
import { ApiError, api } from '../../lib/api';
import { useMe } from '../../lib/auth';
import { EditorDrawer, fieldErrorsOf, Saved, SaveError, timeZones, useUrlParam } from '../sla/adminKit';
import {
  type AdminUser,
  emptyUserForm,
  roleColors,
  roles,
  toUserBody,
  type UserForm,
  userToForm,
} from './people';

export const useAllUsers = () =>
  useQuery({ queryKey: ['admin', 'users', 'all'], queryFn: () => api<AdminUser[]>('/api/v1/users') });

export default function UsersPage() {
  const [query, setQuery] = useUrlParam('q');
  const [role, setRole] = useUrlParam('role');
  const [inactive, setInactive] = useUrlParam('inactive');
  const [edit, setEdit] = useUrlParam('edit');
  const [saved, setSaved] = useState<string | null>(null);
  const [debounced] = useDebouncedValue(query.trim(), 250);
  const users = useQuery({
    queryKey: ['admin', 'users', { query: debounced, role }],
    queryFn: () => api<AdminUser[]>('/api/v1/users', { query: { query: debounced, role } }),
    placeholderData: keepPreviousData,
  });
  const all = useAllUsers();
  const byId = new Map((all.data ?? []).map((user) => [user.id, user]));
  const rows = (users.data ?? []).filter((user) => inactive === '1' || user.active);

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1}>Users</Title>
          <Text size="sm" c="gray.7">
            Roles decide what people can do; a requester's manager approves their requests.
          </Text>
        </div>
        <Button onClick={() => setEdit('new')}>New user</Button>
      </Group>
      {saved ? <Saved>{saved}</Saved> : null}
      <Group align="flex-end" wrap="wrap">
        <TextInput
          label="Search"
          placeholder="Name or email"
          value={query}
          onChange={(event) => setQuery(event.currentTarget.value, true)}
          style={{ flex: 1, minWidth: 200 }}
        />
        <Select
          label="Role"
          placeholder="Any role"
          data={roles}
          value={role || null}
          onChange={(value) => setRole(value)}
          clearable
          w={160}
        />
        <Checkbox
          label="Show deactivated"
          checked={inactive === '1'}
          onChange={(event) => setInactive(event.currentTarget.checked ? '1' : null)}
          mb={8}
        />
      </Group>
      {users.isPending ? (
        <LoadingBlock rows={5} height={40} />
      ) : users.isError ? (
        <ErrorState error={users.error} onRetry={() => users.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState title="No user matches">Change the search or the role filter.</EmptyState>
      ) : (
        <ScrollArea type="auto">
          <Table striped highlightOnHover miw={720} verticalSpacing="xs" aria-busy={users.isFetching}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Email</Table.Th>
                <Table.Th>Role</Table.Th>
                <Table.Th>Manager</Table.Th>
                <Table.Th>Teams</Table.Th>
                <Table.Th>Status</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((user) => (
                <Table.Tr key={user.id}>
                  <Table.Td>
                    <Anchor
                      component="button"
                      type="button"
                      fw={600}
                      ta="left"
                      onClick={() => setEdit(user.id)}
                    >
                      {user.displayName}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{user.email}</Table.Td>
                  <Table.Td>
                    <Badge variant="light" radius="sm" color={roleColors[user.role]}>
                      {user.role}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{user.managerId ? (byId.get(user.managerId)?.displayName ?? '…') : '—'}</Table.Td>
                  <Table.Td>
                    {user.teams.length
                      ? user.teams.map((team) => `${team.name}${team.isLead ? ' (lead)' : ''}`).join(', ')
                      : '—'}
                  </Table.Td>
                  <Table.Td>
                    {user.active ? (
                      'Active'
                    ) : (
                      <Badge variant="light" color="gray" radius="sm">
                        Deactivated
                      </Badge>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea>
      )}
      {edit ? (
        <UserDrawer
          key={edit}
          userId={edit === 'new' ? null : edit}
          onClose={() => setEdit(null)}
          onSaved={(message) => {
            setSaved(message);
            setEdit(null);
          }}
        />
      ) : null}
    </Stack>
  );
}

function UserDrawer({
  userId,
  onClose,
  onSaved,
}: {
  userId: string | null;
  onClose: () => void;
  onSaved: (message: string) => void;
}) {
  const user = useQuery({
    queryKey: ['admin', 'user', userId],
    queryFn: () => api<AdminUser>(`/api/v1/users/${encodeURIComponent(userId!)}`),
    enabled: userId !== null,
  });
  return (
    <EditorDrawer
      size="md"
      onClose={onClose}
      title={userId ? `Edit ${user.data?.displayName ?? 'user'}` : 'New user'}
    >
      {userId && user.isPending ? (
        <LoadingBlock rows={6} height={48} />
      ) : userId && user.isError ? (
        <ErrorState error={user.error} onRetry={() => user.refetch()} />
      ) : (
        <UserFormView user={user.data} onClose={onClose} onSaved={onSaved} />
      )}
    </EditorDrawer>
  );
}

function UserFormView({
  user,
  onClose,
  onSaved,
}: {
  user: AdminUser | undefined;
  onClose: () => void;
  onSaved: (message: string) => void;
}) {
  const client = useQueryClient();
  const me = useMe();
  const all = useAllUsers();
  const zones = useMemo(timeZones, []);
  const [form, setForm] = useState<UserForm>(() => (user ? userToForm(user) : emptyUserForm()));
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const save = useMutation({
    mutationFn: (body: object) =>
      user
        ? api<AdminUser>(`/api/v1/users/${user.id}`, { method: 'PATCH', body })
        : api<AdminUser>('/api/v1/users', { method: 'POST', body }),
    onSuccess: async (saved) => {
      await client.invalidateQueries({ queryKey: ['admin', 'users'] });
      await client.invalidateQueries({ queryKey: ['admin', 'user', saved.id] });
      await client.invalidateQueries({ queryKey: ['admin', 'teams'] });
      onSaved(`${saved.displayName} ${user ? 'saved' : 'created'}.`);
    },
  });
  const taken = save.error instanceof ApiError && save.error.code === 'email_taken';
  const errors: Record<string, string> = {
    ...fieldErrorsOf(save.error),
    ...(taken ? { email: 'Someone already has an account with this email.' } : {}),
    ...localErrors,
  };
  const self = user?.id === me.data?.id;
  const managerOptions = (all.data ?? [])
    .filter((candidate) => candidate.id !== user?.id && (candidate.active || candidate.id === form.managerId))
    .map((candidate) => ({ value: candidate.id, label: `${candidate.displayName} (${candidate.email})` }));

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const { body, errors: problems } = toUserBody(form, user);
    setLocalErrors(problems);
    if (Object.keys(problems).length === 0) save.mutate(body);
  };
  const set = (patch: Partial<UserForm>) => setForm((current) => ({ ...current, ...patch }));

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <TextInput
          label="Email"
          type="email"
          required
          value={form.email}
          onChange={(event) => set({ email: event.currentTarget.value })}
          error={errors.email}
        />
        <TextInput
          label="Display name"
          required
          value={form.displayName}
          onChange={(event) => set({ displayName: event.currentTarget.value })}
          error={errors.displayName}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label="Role"
            data={roles}
            value={form.role}
            onChange={(role) => set({ role: (role ?? 'requester') as UserForm['role'] })}
            allowDeselect={false}
            disabled={self}
            description={self ? 'You cannot change your own role.' : undefined}
            error={errors.role}
          />
          <Select
            label="Time zone"
            data={zones}
            searchable
            limit={100}
            value={form.timeZone}
            onChange={(timeZone) => set({ timeZone: timeZone ?? 'UTC' })}
            allowDeselect={false}
            error={errors.timeZone}
          />
        </SimpleGrid>
        <Select
          label="Manager"
          description="Approves this person's requests."
          placeholder="No manager"
          data={managerOptions}
          searchable
          clearable
          value={form.managerId || null}
          onChange={(managerId) => set({ managerId: managerId ?? '' })}
          error={errors.managerId}
          nothingFoundMessage="Nobody matches"
        />
        <PasswordInput
          label={user ? 'New password' : 'Password'}
          description={
            user
              ? 'Leave empty to keep the current password.'
              : 'At least 8 characters. Leave empty if they sign in another way.'
          }
          autoComplete="new-password"
          value={form.password}
          onChange={(event) => set({ password: event.currentTarget.value })}
          error={errors.password}
        />
        {user ? (
          <Switch
            label="Active (can sign in and be picked)"
            checked={form.active}
            disabled={self}
            onChange={(event) => set({ active: event.currentTarget.checked })}
            error={errors.active}
          />
        ) : null}
        <SaveError error={save.error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={save.isPending}>
            {user ? 'Save user' : 'Create user'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
