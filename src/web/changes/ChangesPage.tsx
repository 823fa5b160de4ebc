// The list of changes: key, title, type, status, risk, window and CIs, latest window first.
import { Anchor, Badge, Stack, Table, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { EmptyState, ErrorState, LoadingBlock } from '../components/States';
import { StatusBadge } from '../components/StatusBadge';
import { api } from '../lib/api';
import { dateTime } from '../lib/format';
import { ChangesNav } from './ChangesNav';

export const riskColor = { low: 'green', moderate: 'yellow', high: 'red' } as const;

export default function ChangesPage() {
  const list = useQuery({
    queryKey: ['changes', 'list'],
    queryFn: () => api('/api/v1/changes', 'changes.changeListOut', { query: { limit: 200 } }),
  });
  return (
    <Stack gap="md">
      <ChangesNav />
      <Title order={1} fz="h2">
        Changes
      </Title>
      {list.isError ? <ErrorState error={list.error} onRetry={() => list.refetch()} /> : null}
      {list.isPending ? <LoadingBlock /> : null}
      {list.data && list.data.length === 0 ? <EmptyState title="No changes yet" /> : null}
      {list.data?.length ? (
        <Table striped highlightOnHover aria-label="Changes">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Key</Table.Th>
              <Table.Th>Title</Table.Th>
              <Table.Th>Type</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Risk</Table.Th>
              <Table.Th>Window</Table.Th>
              <Table.Th>CIs</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.data.map((change) => (
              <Table.Tr key={change.key}>
                <Table.Td>
                  <Anchor component={Link} to={`/tickets/${change.key}`}>
                    {change.key}
                  </Anchor>
                </Table.Td>
                <Table.Td>{change.title}</Table.Td>
                <Table.Td>{change.type}</Table.Td>
                <Table.Td>
                  <StatusBadge status={change.status} />
                </Table.Td>
                <Table.Td>
                  <Badge color={riskColor[change.riskLevel]} variant="light">
                    {change.riskLevel} ({change.riskScore})
                  </Badge>
                </Table.Td>
                <Table.Td>
                  {dateTime(change.plannedStart)} – {dateTime(change.plannedEnd)}
                </Table.Td>
                <Table.Td>{change.cis.map((ci) => ci.name).join(', ')}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : null}
    </Stack>
  );
}
