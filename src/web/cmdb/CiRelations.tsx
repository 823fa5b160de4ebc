// A CI's relations both ways, and (for agents) adding one to another CI by name or removing one,
// optionally under a ticket.
import {
  ActionIcon,
  Anchor,
  Button,
  Card,
  Group,
  NativeSelect,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { fieldErrorsOf, RecordTable, SaveError } from '../admin/kit';
import { api } from '../lib/api';
import { type CiDetail, ciPath, relationLabels, relationTypes } from './cmdb';
import { cmdbKey } from './queries';

export function CiRelations({ ci, canWrite }: { ci: CiDetail; canWrite: boolean }) {
  const client = useQueryClient();
  const [type, setType] = useState<string>('depends_on');
  const [target, setTarget] = useState('');
  const [ticket, setTicket] = useState('');
  const refresh = () => client.invalidateQueries({ queryKey: cmdbKey });
  const add = useMutation({
    mutationFn: () =>
      api(`/api/v1/cis/${ci.id}/relations`, 'cmdb.ciDetailOut', {
        method: 'POST',
        body: {
          type,
          target: target.trim(),
          ...(ticket.trim() ? { ticket: ticket.trim().toUpperCase() } : {}),
        },
      }),
    onSuccess: async () => {
      setTarget('');
      await refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (relationId: string) =>
      api(`/api/v1/cis/${ci.id}/relations/${relationId}`, 'cmdb.ciDetailOut', {
        method: 'DELETE',
        query: { ticket: ticket.trim().toUpperCase() || undefined },
      }),
    onSuccess: refresh,
  });
  const errors = fieldErrorsOf(add.error);
  return (
    <Card withBorder>
      <Stack>
        <Title order={2} size="h4">
          Relationships
        </Title>
        {ci.relations.length === 0 ? (
          <Text size="sm" c="gray.7">
            No relations yet.
          </Text>
        ) : (
          <RecordTable
            columns={canWrite ? ['Relation', 'CI', 'Class', ''] : ['Relation', 'CI', 'Class']}
            minWidth={480}
          >
            {ci.relations.map((relation) => (
              <Table.Tr key={`${relation.id}-${relation.direction}`}>
                <Table.Td>{relationLabels[relation.type]?.[relation.direction] ?? relation.type}</Table.Td>
                <Table.Td>
                  <Anchor component={Link} to={ciPath(relation.ci.id)}>
                    {relation.ci.name}
                  </Anchor>
                </Table.Td>
                <Table.Td>{relation.ci.class}</Table.Td>
                {canWrite ? (
                  <Table.Td>
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      aria-label={`Remove: ${relationLabels[relation.type]?.[relation.direction]} ${relation.ci.name}`}
                      loading={remove.isPending && remove.variables === relation.id}
                      onClick={() => remove.mutate(relation.id)}
                    >
                      ×
                    </ActionIcon>
                  </Table.Td>
                ) : null}
              </Table.Tr>
            ))}
          </RecordTable>
        )}
        <SaveError error={remove.error} />
        {canWrite ? (
          <form
            noValidate
            onSubmit={(event) => {
              event.preventDefault();
              add.mutate();
            }}
          >
            <Group align="flex-end">
              <NativeSelect
                label="Relation"
                value={type}
                onChange={(event) => setType(event.currentTarget.value)}
                data={relationTypes.map((value) => ({ value, label: relationLabels[value]!.outgoing }))}
                error={errors.type}
              />
              <TextInput
                label="Other CI"
                placeholder="Name, class/name or id"
                value={target}
                onChange={(event) => setTarget(event.currentTarget.value)}
                error={errors.target}
              />
              <TextInput
                label="Under ticket"
                placeholder="CHG-12"
                value={ticket}
                onChange={(event) => setTicket(event.currentTarget.value)}
                error={errors.ticket}
                w={120}
              />
              <Button type="submit" loading={add.isPending} disabled={!target.trim()}>
                Add relation
              </Button>
            </Group>
            {add.error && !Object.keys(errors).length ? <SaveError error={add.error} /> : null}
          </form>
        ) : null}
      </Stack>
    </Card>
  );
}
