// /admin/workflows: every workflow, each drawn as a diagram, with a link to its details.
import { Anchor, Badge, Button, Card, Group, Skeleton, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { EmptyState, ErrorState } from '../../components/States';
import { useWorkflows } from '../catalog/queries';
import { AdminPageHeader } from '../kit';
import { WorkflowDiagram } from './WorkflowDiagram';

export default function WorkflowsPage() {
  const workflows = useWorkflows();
  return (
    <Stack gap="lg">
      <AdminPageHeader
        title="Workflows"
        description="The statuses a request goes through and the transitions between them. Each request type follows one workflow."
        action={
          <Button component={Link} to="/admin/workflows/new">
            New workflow
          </Button>
        }
      />
      {workflows.isPending ? (
        <Stack gap="md" aria-busy="true" aria-label="Loading">
          <Skeleton height={28} width={240} />
          <Skeleton height={560} />
        </Stack>
      ) : workflows.error ? (
        <ErrorState error={workflows.error} onRetry={() => void workflows.refetch()} />
      ) : workflows.data.length === 0 ? (
        <EmptyState title="No workflows">Create one with “New workflow”.</EmptyState>
      ) : (
        workflows.data.map((workflow) => (
          <Card
            key={workflow.key}
            withBorder
            padding="md"
            component="section"
            aria-labelledby={`wf-${workflow.key}`}
          >
            <Stack gap="sm">
              <Group justify="space-between" align="flex-start" wrap="wrap">
                <Stack gap={2}>
                  <Group gap="xs">
                    <Title order={2} size="h3" id={`wf-${workflow.key}`}>
                      <Anchor component={Link} to={`/admin/workflows/${workflow.key}`} inherit>
                        {workflow.name}
                      </Anchor>
                    </Title>
                    {workflow.builtIn ? (
                      <Badge variant="light" color="gray">
                        Built in
                      </Badge>
                    ) : null}
                  </Group>
                  <Text size="sm" c="gray.7">
                    {workflow.description}
                  </Text>
                </Stack>
                <Text size="sm" c="gray.7">
                  {workflow.statuses.length} statuses · {workflow.transitions.length} transitions
                </Text>
              </Group>
              <WorkflowDiagram workflow={workflow} />
              <Anchor component={Link} to={`/admin/workflows/${workflow.key}`} size="sm">
                Transitions and statuses of {workflow.name}
              </Anchor>
            </Stack>
          </Card>
        ))
      )}
    </Stack>
  );
}
