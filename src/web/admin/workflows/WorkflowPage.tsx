// /admin/workflows/:key: one workflow as a diagram, its transitions and statuses as tables, and the
// request types that follow it.
import { Alert, Anchor, Badge, Button, Card, Group, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { Link, useParams } from 'react-router';
import { ErrorState } from '../../components/States';
import { api } from '../../lib/api';
import { useAdminCatalog } from '../catalog/queries';
import type { Workflow } from './layout';
import { WorkflowDiagram } from './WorkflowDiagram';
import { StatusesTable, TransitionsTable } from './WorkflowTables';

export default function WorkflowPage() {
  const { key = '' } = useParams();
  const workflow = useQuery({
    queryKey: ['workflows', key],
    queryFn: () => api(`/api/v1/workflows/${encodeURIComponent(key)}`, 'workflow.workflowDefinitionSchema'),
    staleTime: 60_000,
  });
  return (
    <Stack gap="lg">
      <Anchor component={Link} to="/admin/workflows" size="sm" style={{ alignSelf: 'flex-start' }}>
        ← Workflows
      </Anchor>
      {workflow.isPending ? (
        <Stack gap="md" aria-busy="true" aria-label="Loading">
          <Title order={1}>Workflow</Title>
          <Skeleton height={18} width={320} />
          <Skeleton height={620} />
        </Stack>
      ) : workflow.error ? (
        <>
          <Title order={1}>Workflow {key}</Title>
          <ErrorState error={workflow.error} onRetry={() => void workflow.refetch()} />
        </>
      ) : (
        <WorkflowView workflow={workflow.data} />
      )}
    </Stack>
  );
}

function WorkflowView({ workflow }: { workflow: Workflow }) {
  // Every request type, inactive ones too, with its workflow: one request.
  const catalog = useAdminCatalog();
  const loadingUsers = catalog.isPending;
  const users = useMemo(
    () =>
      (catalog.data ?? []).flatMap((category) =>
        category.requestTypes.filter((type) => type.workflow === workflow.key),
      ),
    [catalog.data, workflow.key],
  );
  const builtIn = workflow.builtIn ?? workflow.key === 'fulfilment';
  return (
    <>
      <Stack gap={4}>
        <Group justify="space-between" align="flex-start" wrap="wrap">
          <Group gap="xs">
            <Title order={1}>{workflow.name}</Title>
            {builtIn ? (
              <Badge variant="light" color="gray">
                Built in
              </Badge>
            ) : null}
          </Group>
          <Group gap="xs">
            {builtIn ? null : (
              <Button component={Link} to={`/admin/workflows/${workflow.key}/edit`}>
                Edit workflow
              </Button>
            )}
            <Button
              variant={builtIn ? 'filled' : 'default'}
              component={Link}
              to={`/admin/workflows/new?from=${encodeURIComponent(workflow.key)}`}
            >
              Copy workflow
            </Button>
          </Group>
        </Group>
        <Text size="sm" c="gray.7" ff="monospace">
          {workflow.key}
        </Text>
        {workflow.description ? <Text size="sm">{workflow.description}</Text> : null}
      </Stack>
      <Card withBorder padding="md">
        <WorkflowDiagram workflow={workflow} />
      </Card>
      <Stack gap="xs" component="section" aria-labelledby="transitions-title">
        <Title order={2} size="h3" id="transitions-title">
          Transitions
        </Title>
        <TransitionsTable workflow={workflow} />
      </Stack>
      <Stack gap="xs" component="section" aria-labelledby="statuses-title">
        <Title order={2} size="h3" id="statuses-title">
          Statuses
        </Title>
        <StatusesTable workflow={workflow} />
      </Stack>
      <Stack gap="xs" component="section" aria-labelledby="users-title">
        <Title order={2} size="h3" id="users-title">
          Request types that follow it
        </Title>
        {loadingUsers ? (
          <Skeleton height={20} width={280} />
        ) : users.length === 0 ? (
          <Text size="sm" c="gray.7">
            No active request type follows this workflow.
          </Text>
        ) : (
          <Group gap="md">
            {users.map((type) => (
              <Anchor key={type.key} component={Link} to={`/admin/request-types/${type.key}`} size="sm">
                {type.name}
              </Anchor>
            ))}
          </Group>
        )}
      </Stack>
      {builtIn ? (
        <Alert color="gray" variant="light" title="Built-in workflow">
          Opsdesk’s own workflows are not changed in place: copy this one (“Copy workflow”) and edit the copy,
          then choose it on a request type.
        </Alert>
      ) : null}
    </>
  );
}
