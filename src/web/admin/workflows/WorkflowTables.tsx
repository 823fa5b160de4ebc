// The workflow as text: its transitions and statuses as tables (for screen readers and phones).
import { Badge, Box, Group, Paper, ScrollArea, Stack, Table, Text } from '@mantine/core';
import type { Workflow } from './layout';
import { categoryStyle } from './WorkflowDiagram';

export const actorLabels: Record<string, string> = {
  requester: 'Requester',
  approver: 'Approver',
  agent: 'Agent',
  admin: 'Admin',
  system: 'Opsdesk (automatic)',
};

export const guardLabels: Record<string, string> = {
  noRunInProgress: 'no automation running',
};

export const onEnterLabels: Record<string, string> = {
  verify: 'verify the fields',
  requestApproval: 'ask for approval',
  fulfil: 'run the automation',
  scheduleAutoClose: 'schedule closing',
};

const conditions = (transition: Workflow['transitions'][number]) =>
  [
    ...(transition.requiresComment ? ['needs a comment'] : []),
    ...transition.guards.map((guard) => guardLabels[guard] ?? guard),
  ].join('; ');

/** A table on wider screens, a list of cards on phones. */
export function TransitionsTable({ workflow }: { workflow: Workflow }) {
  const name = (key: string) => workflow.statuses.find((status) => status.key === key)?.name ?? key;
  return (
    <>
      <Stack gap="xs" hiddenFrom="sm" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {workflow.transitions.map((transition) => (
          <Paper key={transition.name} component="li" withBorder p="sm">
            <Text size="sm" fw={600}>
              {transition.label}{' '}
              <Text span size="xs" c="gray.7" ff="monospace">
                {transition.name}
              </Text>
            </Text>
            <Text size="sm">
              {transition.from.map(name).join(', ')} → {name(transition.to)}
            </Text>
            <Text size="sm" c="gray.7">
              By {transition.actors.map((actor) => actorLabels[actor] ?? actor).join(', ')}
              {conditions(transition) ? `; ${conditions(transition)}` : ''}
            </Text>
          </Paper>
        ))}
      </Stack>
      <Box visibleFrom="sm">
        <TransitionsGrid workflow={workflow} />
      </Box>
    </>
  );
}

function TransitionsGrid({ workflow }: { workflow: Workflow }) {
  const name = (key: string) => workflow.statuses.find((status) => status.key === key)?.name ?? key;
  return (
    <ScrollArea type="auto" viewportProps={{ tabIndex: 0 }}>
      <Table miw={640} verticalSpacing="xs" striped>
        <Table.Caption>
          Transitions of {workflow.name}: from which statuses, to which, and who fires them.
        </Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Transition</Table.Th>
            <Table.Th scope="col">From</Table.Th>
            <Table.Th scope="col">To</Table.Th>
            <Table.Th scope="col">Who</Table.Th>
            <Table.Th scope="col">Conditions</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {workflow.transitions.map((transition) => (
            <Table.Tr key={transition.name}>
              <Table.Th scope="row" fw={400}>
                <Text size="sm" fw={600}>
                  {transition.label}
                </Text>
                <Text size="xs" c="gray.7" ff="monospace">
                  {transition.name}
                </Text>
              </Table.Th>
              <Table.Td>{transition.from.map(name).join(', ')}</Table.Td>
              <Table.Td>{name(transition.to)}</Table.Td>
              <Table.Td>{transition.actors.map((actor) => actorLabels[actor] ?? actor).join(', ')}</Table.Td>
              <Table.Td>{conditions(transition) || '—'}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollArea>
  );
}

export function StatusesTable({ workflow }: { workflow: Workflow }) {
  return (
    <ScrollArea type="auto" viewportProps={{ tabIndex: 0 }}>
      <Table miw={560} verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Status</Table.Th>
            <Table.Th scope="col">Category</Table.Th>
            <Table.Th scope="col">On entering</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {workflow.statuses.map((status) => (
            <Table.Tr key={status.key}>
              <Table.Th scope="row" fw={400}>
                <Group gap={6}>
                  <Text size="sm" fw={600}>
                    {status.name}
                  </Text>
                  {status.key === workflow.initial ? (
                    <Badge size="xs" variant="light" color="dark">
                      Start
                    </Badge>
                  ) : null}
                  {status.resolves ? (
                    <Badge size="xs" variant="light" color="green">
                      Resolves
                    </Badge>
                  ) : null}
                </Group>
                <Text size="xs" c="gray.7" ff="monospace">
                  {status.key}
                </Text>
              </Table.Th>
              <Table.Td>{categoryStyle[status.category]?.label ?? status.category}</Table.Td>
              <Table.Td>
                {status.onEnter.map((step) => onEnterLabels[step] ?? step).join(', ') || '—'}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollArea>
  );
}
