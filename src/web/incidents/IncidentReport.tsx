// The incidents report beside the list: open incidents per service (worst priority first), and
// for the last 30 days the mean time to acknowledge and to resolve per priority; problems opened
// and resolved. Query keys are rooted at 'reports', so ticket events refresh it live.
import { Group, Paper, SimpleGrid, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api } from '../lib/api';
import { duration } from '../lib/format';
import { PriorityBadge } from './PriorityBadge';

export function IncidentReport() {
  const report = useQuery({
    queryKey: ['reports', 'incidents'],
    queryFn: ({ signal }) => api('/api/v1/incidents/report', 'incidents.incidentReportOut', { signal }),
  });
  if (!report.data) return null;
  const { open, byPriority, problems } = report.data;
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
      <Paper withBorder p="md" component="section" aria-labelledby="open-by-service-heading">
        <Title order={2} fz="lg" id="open-by-service-heading" mb="sm">
          Open incidents by service
        </Title>
        {open.byService.length === 0 ? (
          <Text size="sm" c="gray.7">
            No service is affected.
          </Text>
        ) : (
          <Table verticalSpacing={4}>
            <Table.Tbody>
              {open.byService.map((row) => (
                <Table.Tr key={row.service}>
                  <Table.Td>{row.service}</Table.Td>
                  <Table.Td>{row.count}</Table.Td>
                  <Table.Td>
                    <PriorityBadge priority={row.worst} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Paper>
      <Paper withBorder p="md" component="section" aria-labelledby="times-heading">
        <Group justify="space-between" mb="sm">
          <Title order={2} fz="lg" id="times-heading">
            Last 30 days
          </Title>
          <Text size="sm">
            Problems: {problems.opened} opened, {problems.resolved} resolved
          </Text>
        </Group>
        <Table verticalSpacing={4}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Priority</Table.Th>
              <Table.Th>Incidents</Table.Th>
              <Table.Th>Mean time to acknowledge</Table.Th>
              <Table.Th>Mean time to resolve</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {byPriority.map((row) => (
              <Table.Tr key={row.priority}>
                <Table.Td>
                  <PriorityBadge priority={row.priority} />
                </Table.Td>
                <Table.Td>{row.count}</Table.Td>
                <Table.Td>{row.mttaSeconds === null ? '—' : duration(row.mttaSeconds)}</Table.Td>
                <Table.Td>{row.mttrSeconds === null ? '—' : duration(row.mttrSeconds)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Paper>
    </SimpleGrid>
  );
}
