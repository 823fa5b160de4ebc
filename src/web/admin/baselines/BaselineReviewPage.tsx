// /admin/baselines/:name — review before trust: Table 2, then every recognised request with the
// answer it was paired with and how sure the classifier was; doubtful ones first. Correcting a
// type (or "not a request") recomputes Table 2 and teaches the model.
import { Badge, Card, Group, Select, Stack, Switch, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useParams } from 'react-router';
import { AdminPageHeader, QueryBlock, SaveError } from '../kit';
import { useBaseline, useRecognisedRequests, useReview } from './queries';
import { doubtReason, type RecognisedRequest, reviewOrder } from './review';

const typeOptions = [
  { value: 'start-request-only-staging', label: 'Start request-only staging' },
  { value: 'recreate-staging', label: 'Recreate staging' },
  { value: 'copy-database-data', label: 'Copy database data' },
  { value: 'create-staging-domain', label: 'Create staging domain' },
  { value: 'none', label: 'Not a request' },
];

const when = (at: string) => new Date(at).toLocaleString();

export default function BaselineReviewPage() {
  const name = useParams().name ?? '';
  const baseline = useBaseline(name);
  const requests = useRecognisedRequests(name);
  const review = useReview(name);
  const [doubtfulOnly, setDoubtfulOnly] = useState(true);
  const support = baseline.data?.options.support;

  return (
    <Stack>
      <AdminPageHeader
        title={`Baseline ${name}`}
        description={
          Array.isArray(support)
            ? `Support team${baseline.data?.options.supportInferred ? ' (inferred from who answers)' : ''}: ${support.join(', ')}`
            : 'Table 2 and the requests it counts.'
        }
      />
      <QueryBlock query={baseline} rows={4}>
        {(data) => (
          <Table withTableBorder aria-label="Table 2">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Request type</Table.Th>
                <Table.Th>Count</Table.Th>
                <Table.Th>Average resolution</Table.Th>
                <Table.Th>Unanswered</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.table.map((row) => (
                <Table.Tr key={row.type}>
                  <Table.Td>{row.label}</Table.Td>
                  <Table.Td>{row.count ?? '-'}</Table.Td>
                  <Table.Td>{row.average ?? '-'}</Table.Td>
                  <Table.Td>{row.unanswered ?? '-'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </QueryBlock>
      <SaveError error={review.error} />
      <QueryBlock query={requests} rows={6} height={80}>
        {(data) => {
          const ordered = reviewOrder(data).filter((r) => !doubtfulOnly || doubtReason(r));
          return (
            <Stack gap="sm">
              <Group justify="space-between">
                <Text size="sm" c="gray.7">
                  {data.length} recognised requests, {data.filter((r) => doubtReason(r)).length} to look at,{' '}
                  {data.filter((r) => r.reviewedAt).length} reviewed.
                </Text>
                <Switch
                  label="Only the doubtful ones"
                  checked={doubtfulOnly}
                  onChange={(event) => setDoubtfulOnly(event.currentTarget.checked)}
                />
              </Group>
              {ordered.map((request) => (
                <RequestCard
                  key={request.id}
                  request={request}
                  saving={review.isPending && review.variables?.id === request.id}
                  onType={(type) => review.mutate({ id: request.id, type })}
                />
              ))}
            </Stack>
          );
        }}
      </QueryBlock>
    </Stack>
  );
}

function RequestCard({
  request,
  saving,
  onType,
}: {
  request: RecognisedRequest;
  saving: boolean;
  onType: (type: string | null) => void;
}) {
  const doubt = doubtReason(request);
  return (
    <Card withBorder padding="sm" aria-label={`Request on line ${request.line}`}>
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Stack gap={4} style={{ flex: 1 }}>
          <Text size="xs" c="gray.7">
            {request.author} · {when(request.at)} · line {request.line}
          </Text>
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {request.text}
          </Text>
          {request.answer ? (
            <Text size="sm" c="gray.8">
              ↳ <b>{request.answer.author}</b> ({when(request.answer.at)}): {request.answer.text}
            </Text>
          ) : (
            <Text size="sm" c="orange.8">
              ↳ no answer found: counted as unanswered
            </Text>
          )}
        </Stack>
        <Stack gap={4} align="flex-end" w={240}>
          <Group gap={4}>
            <Badge color={request.confidence >= 0.8 ? 'green' : 'orange'} variant="light">
              {Math.round(request.confidence * 100)} % sure ({request.via})
            </Badge>
            {doubt ? <Badge color="orange">look at this</Badge> : null}
            {request.reviewedAt ? <Badge color="blue">reviewed</Badge> : null}
          </Group>
          <Select
            aria-label="Request type"
            data={typeOptions}
            value={request.type ?? 'none'}
            disabled={saving}
            allowDeselect={false}
            onChange={(value) => value && onType(value === 'none' ? null : value)}
          />
        </Stack>
      </Group>
    </Card>
  );
}
