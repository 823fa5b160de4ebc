// A category of the catalog admin page: its request types as a table (a list on a phone).
import {
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Paper,
  ScrollArea,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { Link } from 'react-router';
import type { AdminCategory } from './types';

export function CategorySection({
  category,
  types,
  onEdit,
}: {
  category: AdminCategory;
  types: AdminCategory['requestTypes'];
  onEdit: () => void;
}) {
  return (
    <Card
      key={category.key}
      withBorder
      padding="md"
      component="section"
      aria-labelledby={`cat-${category.key}`}
    >
      <Group justify="space-between" align="flex-start" wrap="nowrap" mb="xs">
        <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
          <Title order={2} size="h3" id={`cat-${category.key}`}>
            {category.name}
          </Title>
          {category.description ? (
            <Text size="sm" c="gray.7">
              {category.description}
            </Text>
          ) : null}
        </Stack>
        <Button size="xs" variant="subtle" onClick={onEdit} aria-label={`Edit category ${category.name}`}>
          Edit
        </Button>
      </Group>
      {types.length === 0 ? (
        <Text size="sm" c="gray.7">
          No request types in this category.
        </Text>
      ) : (
        <>
          <Stack gap="xs" hiddenFrom="sm" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {types.map((type) => (
              <Paper key={type.key} component="li" withBorder p="sm">
                <Anchor component={Link} to={`/admin/request-types/${type.key}`} fw={600}>
                  {type.name}
                </Anchor>
                <Text size="xs" ff="monospace" c="gray.7">
                  {type.key}
                </Text>
                <Group gap="xs" mt={4}>
                  <ActiveBadge active={type.active} />
                  <Text size="sm" c="gray.7">
                    {type.fields.length} {type.fields.length === 1 ? 'field' : 'fields'} · workflow{' '}
                    <Anchor component={Link} to={`/admin/workflows/${type.workflow}`} inherit>
                      {type.workflow}
                    </Anchor>
                  </Text>
                </Group>
              </Paper>
            ))}
          </Stack>
          <ScrollArea type="auto" visibleFrom="sm">
            <Table miw={560} verticalSpacing="xs" highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Key</Table.Th>
                  <Table.Th>Workflow</Table.Th>
                  <Table.Th ta="right">Fields</Table.Th>
                  <Table.Th>State</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {types.map((type) => (
                  <Table.Tr key={type.key}>
                    <Table.Td>
                      <Anchor component={Link} to={`/admin/request-types/${type.key}`} fw={600}>
                        {type.name}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" ff="monospace">
                        {type.key}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Anchor component={Link} to={`/admin/workflows/${type.workflow}`} size="sm">
                        {type.workflow}
                      </Anchor>
                    </Table.Td>
                    <Table.Td ta="right">{type.fields.length}</Table.Td>
                    <Table.Td>
                      <ActiveBadge active={type.active} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollArea>
        </>
      )}
    </Card>
  );
}

function ActiveBadge({ active }: { active: boolean }) {
  return (
    <Badge variant="light" color={active ? 'green' : 'gray'}>
      {active ? 'Active' : 'Inactive'}
    </Badge>
  );
}
