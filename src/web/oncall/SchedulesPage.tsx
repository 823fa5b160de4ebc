// On-call schedules: who is on call now on each, and the next two weeks of the chosen one as a
// timeline, with its layers and overrides.
import { Badge, Card, Group, SimpleGrid, Stack, Table, Text, Title, UnstyledButton } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { EmptyState, ErrorState, LoadingBlock } from '../components/States';
import { api } from '../lib/api';
import { OncallNav } from './OncallNav';
import { ShiftTimeline } from './ShiftTimeline';

const days = 14;

function startOfToday(): Date {
  const today = new Date();
  today.setHours(0, 0, 0, 0);
  return today;
}

export default function SchedulesPage() {
  const [params, setParams] = useSearchParams();
  const schedules = useQuery({
    queryKey: ['oncall', 'schedules'],
    queryFn: () => api('/api/v1/schedules', 'oncall.schedulesOut'),
  });
  const selectedId = params.get('schedule') ?? schedules.data?.[0]?.id;
  const selected = schedules.data?.find((schedule) => schedule.id === selectedId);
  const from = startOfToday();
  const to = new Date(from.getTime() + days * 86_400_000);
  const shifts = useQuery({
    queryKey: ['oncall', 'shifts', selectedId, from.toISOString()],
    enabled: Boolean(selectedId),
    queryFn: () =>
      api(`/api/v1/schedules/${selectedId}/shifts`, 'oncall.shiftsOut', {
        query: { from: from.toISOString(), to: to.toISOString() },
      }),
  });

  return (
    <Stack gap="md">
      <Title order={1}>On-call</Title>
      <OncallNav />
      {schedules.isPending ? (
        <LoadingBlock />
      ) : schedules.isError ? (
        <ErrorState error={schedules.error} onRetry={() => schedules.refetch()} />
      ) : schedules.data.length === 0 ? (
        <EmptyState title="No schedules yet">
          Create one through the API, or import them from Opsgenie or PagerDuty.
        </EmptyState>
      ) : (
        <>
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
            {schedules.data.map((schedule) => (
              <UnstyledButton
                key={schedule.id}
                onClick={() => setParams({ schedule: schedule.id })}
                aria-pressed={schedule.id === selectedId}
              >
                <Card withBorder padding="sm" bg={schedule.id === selectedId ? 'blue.0' : undefined}>
                  <Text fw={600}>{schedule.name}</Text>
                  <Text size="xs" c="gray.7">
                    {schedule.timeZone}
                    {schedule.team ? ` · ${schedule.team}` : ''}
                  </Text>
                  <Group gap={4} mt={6}>
                    <Text size="sm">On call now:</Text>
                    {schedule.onCallNow.length === 0 ? (
                      <Badge color="red" variant="light">
                        nobody
                      </Badge>
                    ) : (
                      schedule.onCallNow.map((user) => (
                        <Badge key={user.id} variant="light">
                          {user.name}
                        </Badge>
                      ))
                    )}
                  </Group>
                </Card>
              </UnstyledButton>
            ))}
          </SimpleGrid>
          {selected && (
            <Card withBorder>
              <Stack gap="sm">
                <Title order={2} size="h4">
                  {selected.name}: the next {days} days
                </Title>
                {shifts.isPending ? (
                  <LoadingBlock rows={3} />
                ) : shifts.isError ? (
                  <ErrorState error={shifts.error} />
                ) : (
                  <ShiftTimeline shifts={shifts.data} from={from} days={days} />
                )}
                <Title order={3} size="h5">
                  Layers (the lower in this list wins where it has someone)
                </Title>
                <Table>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Layer</Table.Th>
                      <Table.Th>Rotation</Table.Th>
                      <Table.Th>Hand-off</Table.Th>
                      <Table.Th>Restricted to</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {selected.layers.map((layer) => (
                      <Table.Tr key={layer.name}>
                        <Table.Td>{layer.name}</Table.Td>
                        <Table.Td>
                          {layer.rotation === 'custom' ? `every ${layer.shiftHours} h` : layer.rotation} ·{' '}
                          {layer.members.length} people
                        </Table.Td>
                        <Table.Td>
                          {layer.handoffTime} from {layer.startDate}
                        </Table.Td>
                        <Table.Td>
                          {layer.restrictions?.length
                            ? layer.restrictions
                                .map((r) => `days ${r.days.join(',')} ${r.start}–${r.end}`)
                                .join('; ')
                            : 'always'}
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
                {selected.overrides.length > 0 && (
                  <Text size="sm">
                    Overrides:{' '}
                    {selected.overrides
                      .map(
                        (o) =>
                          `${o.user.name} covers ${o.replaces?.name ?? 'everyone'} ${new Date(o.startsAt).toLocaleString()} – ${new Date(o.endsAt).toLocaleString()}`,
                      )
                      .join('; ')}
                  </Text>
                )}
              </Stack>
            </Card>
          )}
        </>
      )}
    </Stack>
  );
}
