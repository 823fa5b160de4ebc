// The webhook delivery log of fulfilment (newest first), with replay.
import {
  Alert,
  Badge,
  Button,
  Code,
  Group,
  ScrollArea,
  Stack,
  Table,
  Text,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { Wire } from '../../../shared/api/common';
import type { deliveryOut } from '../../../shared/api/fulfilment';
import { EmptyState } from '../../components/States';
import { api } from '../../lib/api';
import { dateTime, timeAgo } from '../../lib/format';
import { errorText, QueryBlock, Saved } from '../kit';

type Delivery = Wire<typeof deliveryOut>;

export function Deliveries() {
  const client = useQueryClient();
  const deliveries = useQuery({
    queryKey: ['admin', 'deliveries'],
    queryFn: () =>
      api('/api/v1/fulfilment/deliveries', 'fulfilment.deliveryListOut', { query: { limit: 50 } }),
  });
  const [replayed, setReplayed] = useState<{ from: number; to: Delivery } | null>(null);
  const replay = useMutation({
    mutationFn: (id: number) =>
      api(`/api/v1/fulfilment/deliveries/${id}/replay`, 'fulfilment.deliveryOut', {
        method: 'POST',
        body: {},
      }),
    onSuccess: async (delivery, id) => {
      setReplayed({ from: id, to: delivery });
      await client.invalidateQueries({ queryKey: ['admin', 'deliveries'] });
    },
  });
  const outcomeText = (outcome: Record<string, unknown>) => {
    const status = outcome.status ?? outcome.httpStatus ?? outcome.code;
    const ok = outcome.ok ?? (typeof status === 'number' ? status < 300 : undefined);
    return {
      ok,
      text:
        [status, outcome.error ?? outcome.message].filter((x) => x !== undefined).join(' ') ||
        JSON.stringify(outcome),
    };
  };

  return (
    <Stack gap="xs" mt="md">
      <Group justify="space-between">
        <Title order={2} size="h3">
          Recent fulfilment deliveries
        </Title>
        <Button
          size="xs"
          variant="default"
          onClick={() => deliveries.refetch()}
          loading={deliveries.isFetching}
        >
          Refresh
        </Button>
      </Group>
      <Text size="sm" c="gray.7">
        Webhook calls to your automation, newest first. Replay sends the same content again to the URL
        configured now.
      </Text>
      {replayed ? (
        <Saved>
          Delivery {replayed.from} replayed as {replayed.to.deliveryId} (
          {outcomeText(replayed.to.outcome).text}).
        </Saved>
      ) : null}
      {replay.isError ? (
        <Alert color="red" role="alert">
          <Text size="sm">Replay failed: {errorText(replay.error)}</Text>
        </Alert>
      ) : null}
      <QueryBlock
        query={deliveries}
        rows={3}
        isEmpty={(data) => data.length === 0}
        empty={
          <EmptyState title="No deliveries yet">
            They appear when a request type fulfils through a webhook.
          </EmptyState>
        }
      >
        {(data) => (
          <ScrollArea type="auto">
            <Table striped miw={760} verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>When</Table.Th>
                  <Table.Th>Delivery</Table.Th>
                  <Table.Th>URL</Table.Th>
                  <Table.Th>Attempt</Table.Th>
                  <Table.Th>Outcome</Table.Th>
                  <Table.Th>Took</Table.Th>
                  <Table.Th>
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.map((delivery) => {
                  const outcome = outcomeText(delivery.outcome);
                  return (
                    <Table.Tr key={delivery.id}>
                      <Table.Td title={dateTime(delivery.startedAt)}>{timeAgo(delivery.startedAt)}</Table.Td>
                      <Table.Td>
                        <Code>{delivery.deliveryId}</Code>
                      </Table.Td>
                      <Table.Td style={{ overflowWrap: 'anywhere' }}>{delivery.url}</Table.Td>
                      <Table.Td>{delivery.attempt}</Table.Td>
                      <Table.Td>
                        <Badge
                          variant="light"
                          radius="sm"
                          color={outcome.ok === false ? 'red' : outcome.ok ? 'green' : 'gray'}
                          tt="none"
                        >
                          {outcome.text.slice(0, 60)}
                        </Badge>
                      </Table.Td>
                      <Table.Td>{delivery.durationMs} ms</Table.Td>
                      <Table.Td>
                        <Button
                          size="xs"
                          variant="light"
                          loading={replay.isPending && replay.variables === delivery.id}
                          onClick={() => replay.mutate(delivery.id)}
                          aria-label={`Replay delivery ${delivery.deliveryId}`}
                        >
                          Replay
                        </Button>
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </ScrollArea>
        )}
      </QueryBlock>
    </Stack>
  );
}
