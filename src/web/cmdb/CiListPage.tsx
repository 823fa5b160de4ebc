// /cmdb — configuration items: a class filter, a status filter and a search by name (all in the
// URL), name order, 50 at a time. Agents add CIs here (?new=1 opens the form).
import { Anchor, Badge, Button, Group, NativeSelect, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDeferredValue } from 'react';
import { Link, useNavigate } from 'react-router';
import { AdminPageHeader, QueryBlock, RecordTable, useUrlParam } from '../admin/kit';
import { EmptyState } from '../components/States';
import { useMe } from '../lib/auth';
import { timeAgo } from '../lib/format';
import { ciPath, ciStatusColors, ciStatuses } from './cmdb';
import { DiscoverButton } from './DiscoverButton';
import { NewCiDrawer } from './NewCiDrawer';
import { useCiClasses, useCiSearch } from './queries';

export default function CiListPage() {
  const me = useMe();
  const navigate = useNavigate();
  const classes = useCiClasses();
  const [classKey, setClassKey] = useUrlParam('class');
  const [status, setStatus] = useUrlParam('status');
  const [query, setQuery] = useUrlParam('q');
  const [creating, setCreating] = useUrlParam('new');
  const q = useDeferredValue(query);
  const search = useCiSearch({ class: classKey, q, status });
  const rows = search.data?.pages.flatMap((page) => page.items) ?? [];
  const canWrite = me.data?.permissions.includes('cmdb:write') ?? false;
  const canAdmin = me.data?.permissions.includes('cmdb:admin') ?? false;
  const className = (key: string) => classes.data?.find((entry) => entry.key === key)?.name ?? key;

  return (
    <Stack>
      <AdminPageHeader
        title="Configuration items"
        description="Services, applications, servers, databases and everything they run on; open one for its relations, impact and history."
        action={
          <Group>
            <Button variant="default" component={Link} to="/services">
              Service catalogue
            </Button>
            {canAdmin ? <DiscoverButton /> : null}
            {canWrite ? <Button onClick={() => setCreating('1')}>New CI</Button> : null}
          </Group>
        }
      />
      <Group align="flex-end">
        <NativeSelect
          label="Class"
          value={classKey}
          onChange={(event) => setClassKey(event.currentTarget.value, true)}
          data={[
            { value: '', label: 'All classes' },
            ...(classes.data ?? []).map((entry) => ({ value: entry.key, label: entry.name })),
          ]}
          w={220}
        />
        <NativeSelect
          label="Status"
          value={status}
          onChange={(event) => setStatus(event.currentTarget.value, true)}
          data={[{ value: '', label: 'Any status' }, ...ciStatuses.map((value) => ({ value, label: value }))]}
          w={180}
        />
        <TextInput
          label="Search"
          placeholder="Words of the name"
          value={query}
          onChange={(event) => setQuery(event.currentTarget.value, true)}
          w={320}
        />
      </Group>
      <QueryBlock
        query={search}
        isEmpty={() => rows.length === 0}
        empty={
          <EmptyState title="No configuration items match">
            {classKey || q || status ? 'Change the filters.' : 'Add one, import a file or run discovery.'}
          </EmptyState>
        }
      >
        {() => (
          <Stack gap="xs">
            <RecordTable columns={['Name', 'Class', 'Status', 'Team', 'Source', 'Changed']} minWidth={760}>
              {rows.map((ci) => (
                <Table.Tr key={ci.id}>
                  <Table.Td>
                    <Anchor component={Link} to={ciPath(ci.id)} fw={500}>
                      {ci.name}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{className(ci.class)}</Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={ciStatusColors[ci.status]} radius="sm">
                      {ci.status}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{ci.team?.name ?? '—'}</Table.Td>
                  <Table.Td>
                    <Text size="sm" c="gray.7">
                      {ci.source}
                    </Text>
                  </Table.Td>
                  <Table.Td>{timeAgo(ci.updatedAt)}</Table.Td>
                </Table.Tr>
              ))}
            </RecordTable>
            {search.hasNextPage ? (
              <Group justify="center">
                <Button
                  variant="default"
                  loading={search.isFetchingNextPage}
                  onClick={() => void search.fetchNextPage()}
                >
                  Show more
                </Button>
              </Group>
            ) : null}
          </Stack>
        )}
      </QueryBlock>
      {creating && canWrite ? (
        <NewCiDrawer
          classes={classes.data ?? []}
          initialClass={classKey}
          onClose={() => setCreating(null)}
          onCreated={(ci) => navigate(ciPath(ci.id))}
        />
      ) : null}
    </Stack>
  );
}
