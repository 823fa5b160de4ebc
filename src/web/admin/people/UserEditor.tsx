// The editor of a user (a drawer at ?edit=<id>|new): email, name, role, time zone, manager,
// password, active.
import { Button, Group, PasswordInput, Select, SimpleGrid, Stack, Switch, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { ErrorState } from '../../components/States';
import { ApiError, api } from '../../lib/api';
import { useMe } from '../../lib/auth';
import { EditorDrawer, fieldErrorsOf, SaveError, timeZones } from '../kit';
import { type AdminUser, emptyUserForm, roles, toUserBody, type UserForm, userToForm } from './people';

import { useAllUsers } from './queries';

export function UserDrawer({
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
    queryFn: () => api(`/api/v1/users/${encodeURIComponent(userId!)}`, 'identity.userOut'),
    enabled: userId !== null,
  });
  return (
    <EditorDrawer
      size="md"
      onClose={onClose}
      title={userId ? `Edit ${user.data?.displayName ?? 'user'}` : 'New user'}
      loading={userId !== null && user.isPending}
      missing={
        userId && user.isError ? <ErrorState error={user.error} onRetry={() => user.refetch()} /> : null
      }
    >
      <UserFormView user={user.data} onClose={onClose} onSaved={onSaved} />
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
        ? api(`/api/v1/users/${user.id}`, 'identity.userOut', { method: 'PATCH', body })
        : api('/api/v1/users', 'identity.userOut', { method: 'POST', body }),
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
