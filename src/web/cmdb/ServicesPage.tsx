// /services — the service catalogue: every service with its status, kind, criticality and team;
// anyone may follow or stop following one; agents open its CI page.
import { Anchor, Badge, Button, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDeferredValue } from 'react';
import { Link } from 'react-router';
import { AdminPageHeader, QueryBlock, RecordTable, SaveError, useUrlParam } from '../admin/kit';
import { EmptyState } from '../components/States';
import { isAgent, useMe } from '../lib/auth';
import { ciPath, formatAttribute, serviceStatusColors, serviceStatusLabels } from './cmdb';
import { useServices } from './queries';
import { useFollow } from './useFollow';

export default function ServicesPage() {
  const me = useMe();
  const services = useServices();
  const follow = useFollow();
  const [query, setQuery] = useUrlParam('q');
  const q = useDeferredValue(query).trim().toLowerCase();
  const agent = isAgent(me.data);
  const rows = (services.data ?? []).filter((service) => !q || service.name.toLowerCase().includes(q));

  return (
    <Stack>
      <AdminPageHeader
        title="Service catalogue"
        description="The services we run, their current status and who supports them. Follow a service to see its incidents in the portal."
        action={
          <Button variant="default" component={Link} to="/portal/services">
            My services
          </Button>
        }
      />
      <TextInput
        label="Search"
        placeholder="Service name"
        value={query}
        onChange={(event) => setQuery(event.currentTarget.value, true)}
        maw={360}
      />
      <SaveError error={follow.error} />
      <QueryBlock
        query={services}
        isEmpty={() => rows.length === 0}
        empty={(data) => (
          <EmptyState title={data.length ? 'No service matches' : 'No services yet'}>
            {data.length ? 'Change the search.' : 'Services are CIs of class service.'}
          </EmptyState>
        )}
      >
        {() => (
          <RecordTable
            columns={['Service', 'Status', 'Kind', 'Criticality', 'Support team', '']}
            minWidth={760}
          >
            {rows.map((service) => (
              <Table.Tr key={service.id}>
                <Table.Td>
                  {agent ? (
                    <Anchor component={Link} to={ciPath(service.id)} fw={500}>
                      {service.name}
                    </Anchor>
                  ) : (
                    <Text fw={500}>{service.name}</Text>
                  )}
                  {typeof service.attributes.description === 'string' ? (
                    <Text size="xs" c="gray.7" lineClamp={1}>
                      {service.attributes.description}
                    </Text>
                  ) : null}
                </Table.Td>
                <Table.Td>
                  <Badge color={serviceStatusColors[service.status]} variant="light" radius="sm">
                    {serviceStatusLabels[service.status] ?? service.status}
                  </Badge>
                </Table.Td>
                <Table.Td>{formatAttribute(service.attributes.kind)}</Table.Td>
                <Table.Td>{formatAttribute(service.attributes.criticality)}</Table.Td>
                <Table.Td>{service.team?.name ?? '—'}</Table.Td>
                <Table.Td>
                  <Button
                    size="xs"
                    variant={service.subscribed ? 'default' : 'light'}
                    loading={follow.isPending && follow.variables?.id === service.id}
                    onClick={() => follow.mutate({ id: service.id, follow: !service.subscribed })}
                    aria-label={`${service.subscribed ? 'Stop following' : 'Follow'} ${service.name}`}
                  >
                    {service.subscribed ? 'Following' : 'Follow'}
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </RecordTable>
        )}
      </QueryBlock>
    </Stack>
  );
}
