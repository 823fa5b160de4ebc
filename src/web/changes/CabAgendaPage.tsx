// The CAB agenda: changes waiting for the CAB or the emergency CAB, soonest window first, each with
// its risk factors, conflicts and how many approvals it has of those it needs.
import { Alert, Anchor, Badge, Group, List, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { EmptyState, ErrorState, LoadingBlock } from '../components/States';
import { api } from '../lib/api';
import { dateTime } from '../lib/format';
import { ChangesNav } from './ChangesNav';
import { riskColor } from './ChangesPage';

export default function CabAgendaPage() {
  const agenda = useQuery({
    queryKey: ['changes', 'cab'],
    queryFn: () => api('/api/v1/changes/cab-agenda', 'changes.cabAgendaOut'),
  });
  return (
    <Stack gap="md">
      <ChangesNav />
      <Title order={1} fz="h2">
        CAB agenda
      </Title>
      {agenda.isError ? <ErrorState error={agenda.error} onRetry={() => agenda.refetch()} /> : null}
      {agenda.isPending ? <LoadingBlock /> : null}
      {agenda.data && agenda.data.length === 0 ? <EmptyState title="Nothing waits for the CAB" /> : null}
      {agenda.data?.map((change) => (
        <Paper key={change.key} withBorder p="md" component="article" aria-label={change.key}>
          <Group justify="space-between">
            <Text fw={700}>
              <Anchor component={Link} to={`/tickets/${change.key}`}>
                {change.key}
              </Anchor>{' '}
              {change.title}
            </Text>
            <Group gap="xs">
              <Badge color={riskColor[change.riskLevel]}>
                {change.riskLevel} risk ({change.riskScore})
              </Badge>
              <Badge variant="light">{change.approvalPath === 'cab' ? 'CAB' : 'Emergency CAB'}</Badge>
              <Badge variant="outline">
                {change.approvals.approved} of {change.approvals.required} approvals
              </Badge>
            </Group>
          </Group>
          <Text fz="sm" c="gray.7">
            {change.type} · {dateTime(change.plannedStart)} – {dateTime(change.plannedEnd)} ·{' '}
            {change.cis.map((ci) => ci.name).join(', ')}
          </Text>
          <List size="sm" mt="xs">
            {change.riskFactors
              .filter((factor) => factor.points > 0)
              .map((factor) => (
                <List.Item key={factor.key}>
                  +{factor.points} {factor.label}: {factor.detail}
                </List.Item>
              ))}
          </List>
          {change.conflicts.map((conflict) => (
            <Alert key={conflict.message} color="red" variant="light" p="xs" mt={4}>
              {conflict.message}
            </Alert>
          ))}
        </Paper>
      ))}
    </Stack>
  );
}
