// /admin/baselines — chat-export baselines (the paper's Table 2). Imports come from the API or
// `opsdesk baseline import`; each opens for review (BaselineReviewPage.tsx).
import { Anchor, Stack, Table, Text } from '@mantine/core';
import { Link } from 'react-router';
import { EmptyState } from '../../components/States';
import { AdminPageHeader, QueryBlock } from '../kit';
import { useBaselines } from './queries';

export default function BaselinesPage() {
  const baselines = useBaselines();
  return (
    <Stack>
      <AdminPageHeader
        title="Baselines"
        description="Table 2 from a support channel's export: where we are before improving. Review the recognised requests before trusting it."
      />
      <QueryBlock
        query={baselines}
        isEmpty={(data) => data.length === 0}
        empty={
          <EmptyState title="No baselines yet">
            Import a chat export with POST /api/v1/baselines or `opsdesk baseline import`.
          </EmptyState>
        }
      >
        {(data) => (
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Source</Table.Th>
                <Table.Th>Messages</Table.Th>
                <Table.Th>Requests</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.map((baseline) => (
                <Table.Tr key={baseline.name}>
                  <Table.Td>
                    <Anchor component={Link} to={`/admin/baselines/${encodeURIComponent(baseline.name)}`}>
                      {baseline.name}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{baseline.source === 'manual' ? 'typed in' : 'chat export'}</Table.Td>
                  <Table.Td>{baseline.messageCount ?? '-'}</Table.Td>
                  <Table.Td>
                    <Text size="sm">{baseline.requests}</Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </QueryBlock>
    </Stack>
  );
}
