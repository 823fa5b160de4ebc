// The deflection report: attempts, suggestions shown, self-solved, tickets filed anyway, the rate
// per article and category, and what people searched for without finding anything.
import { Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { EmptyState, ErrorState, LoadingBlock } from '../components/States';
import { api } from '../lib/api';
import { percent } from './kb';

function Figure({ label, value }: { label: string; value: string | number }) {
  return (
    <Paper withBorder p="sm">
      <Text size="sm" c="gray.7">
        {label}
      </Text>
      <Text fw={700} size="xl">
        {value}
      </Text>
    </Paper>
  );
}

export default function DeflectionReportPage() {
  const report = useQuery({
    queryKey: ['reports', 'deflection'],
    queryFn: () => api('/api/v1/kb/deflection-report', 'kb.kbDeflectionReportOut'),
  });
  if (report.isPending) return <LoadingBlock rows={6} />;
  if (report.isError) return <ErrorState error={report.error} onRetry={() => report.refetch()} />;
  const data = report.data;
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <Title order={1}>Deflection</Title>
        <Text c="gray.7">
          {data.from} – {data.to}
        </Text>
      </Group>
      <SimpleGrid cols={{ base: 2, md: 6 }}>
        <Figure label="Attempts" value={data.attempts} />
        <Figure label="With suggestions" value={data.suggested} />
        <Figure label="Solved themselves" value={data.solved} />
        <Figure label="Tickets anyway" value={data.tickets} />
        <Figure label="Deflection rate" value={percent(data.rate)} />
        <Figure label="Left without either" value={data.abandoned} />
      </SimpleGrid>
      <Text size="sm" c="gray.7">
        Rate = solved ÷ (solved + tickets filed anyway). Attempts that ended with neither are not counted as
        deflected.
      </Text>
      <Title order={2}>By article</Title>
      {data.byArticle.length === 0 ? (
        <EmptyState title="No article was suggested yet" />
      ) : (
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Article</Table.Th>
              <Table.Th>Shown</Table.Th>
              <Table.Th>Solved</Table.Th>
              <Table.Th>Tickets</Table.Th>
              <Table.Th>Rate</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {data.byArticle.map((row) => (
              <Table.Tr key={row.id}>
                <Table.Td>{row.title}</Table.Td>
                <Table.Td>{row.shown}</Table.Td>
                <Table.Td>{row.solved}</Table.Td>
                <Table.Td>{row.tickets}</Table.Td>
                <Table.Td>{percent(row.rate)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Title order={2}>By category</Title>
      <Table>
        <Table.Tbody>
          {data.byCategory.map((row) => (
            <Table.Tr key={row.category ?? 'none'}>
              <Table.Td>{row.category ?? 'No category'}</Table.Td>
              <Table.Td>
                {row.solved} solved · {row.tickets} tickets · {percent(row.rate)}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Stack gap="xs">
          <Title order={2}>Searches without a result</Title>
          {data.noResults.length === 0 ? <Text c="gray.7">None.</Text> : null}
          {data.noResults.map((row) => (
            <Text key={row.query}>
              {row.query}{' '}
              <Text span c="gray.7">
                × {row.count}
              </Text>
            </Text>
          ))}
        </Stack>
        <Stack gap="xs">
          <Title order={2}>Top searches</Title>
          {data.topSearches.map((row) => (
            <Text key={row.query}>
              {row.query}{' '}
              <Text span c="gray.7">
                × {row.count}
              </Text>
            </Text>
          ))}
        </Stack>
      </SimpleGrid>
    </Stack>
  );
}
