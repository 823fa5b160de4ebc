// /admin/users — people, their roles and managers. ?q and ?role filter (server-side search),
// ?inactive=1 shows deactivated people, ?edit=<id>|new opens the editor (UserEditor.tsx).
import { Anchor, Badge, Button, Checkbox, Group, Select, Stack, Table, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { EmptyState } from '../../components/States';
import { api } from '../../lib/api';
import { AdminPageHeader, QueryBlock, RecordTable, Saved, useUrlParam } from '../kit';
import { roleColors, roles } from './people';
import { useAllUsers } from './queries';
import { UserDrawer } from './UserEditor';

export default function UsersPage() {
  const [query, setQuery] = useUrlParam('q');
  const [role, setRole] = useUrlParam('role');
  const [inactive, setInactive] = useUrlParam('inactive');
  const [edit, setEdit] = useUrlParam('edit');
  const [saved, setSaved] = useState<string | null>(null);
  const [debounced] = useDebouncedValue(query.trim(), 250);
  const users = useQuery({
    queryKey: ['admin', 'users', { query: debounced, role }],
    queryFn: () => api('/api/v1/users', 'identity.userListOut', { query: { query: debounced, role } }),
    placeholderData: keepPreviousData,
  });
  const all = useAllUsers();
  const byId = new Map((all.data ?? []).map((user) => [user.id, user]));
  const rows = (users.data ?? []).filter((user) => inactive === '1' || user.active);

  return (
    <Stack>
      <AdminPageHeader
        title="Users"
        description="Roles decide what people can do; a requester's manager approves their requests."
        action={<Button onClick={() => setEdit('new')}>New user</Button>}
      />
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
      <QueryBlock
        query={users}
        rows={5}
        height={40}
        isEmpty={() => rows.length === 0}
        empty={<EmptyState title="No user matches">Change the search or the role filter.</EmptyState>}
      >
        {() => (
          <RecordTable
            minWidth={720}
            busy={users.isFetching}
            columns={['Name', 'Email', 'Role', 'Manager', 'Teams', 'Status']}
          >
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
          </RecordTable>
        )}
      </QueryBlock>
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
