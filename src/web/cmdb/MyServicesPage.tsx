// /portal/services — the services a requester follows: each one's current status and the open
// incidents on it they may see; follow another from the catalogue, stop following here.
import {
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  NativeSelect,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { QueryBlock, SaveError } from '../admin/kit';
import { EmptyState } from '../components/States';
import { serviceStatusColors, serviceStatusLabels } from './cmdb';
import { useMyServices, useServices } from './queries';
import { useFollow } from './useFollow';

export default function MyServicesPage() {
  const mine = useMyServices();
  const all = useServices();
  const follow = useFollow();
  const [choice, setChoice] = useState('');
  const others = (all.data ?? []).filter((service) => !service.subscribed);

  return (
    <Stack>
      <div>
        <Title order={1}>My services</Title>
        <Text size="sm" c="gray.7">
          The services you follow, how they are doing now, and the open incidents on them.
        </Text>
      </div>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (choice) follow.mutate({ id: choice, follow: true }, { onSuccess: () => setChoice('') });
        }}
      >
        <Group align="flex-end">
          <NativeSelect
            label="Follow a service"
            value={choice}
            onChange={(event) => setChoice(event.currentTarget.value)}
            data={[
              { value: '', label: others.length ? 'Choose…' : 'You follow every service' },
              ...others.map((service) => ({ value: service.id, label: service.name })),
            ]}
            w={320}
          />
          <Button type="submit" disabled={!choice} loading={follow.isPending}>
            Follow
          </Button>
          <Anchor component={Link} to="/services" size="sm">
            The service catalogue
          </Anchor>
        </Group>
      </form>
      <SaveError error={follow.error} />
      <QueryBlock
        query={mine}
        rows={2}
        height={100}
        isEmpty={(services) => services.length === 0}
        empty={
          <EmptyState title="You follow no service yet">
            Follow the services you use to see when they have trouble.
          </EmptyState>
        }
      >
        {(services) => (
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            {services.map((service) => (
              <Card withBorder key={service.id}>
                <Stack gap="xs">
                  <Group justify="space-between" wrap="nowrap">
                    <Title order={2} size="h4">
                      {service.name}
                    </Title>
                    <Badge color={serviceStatusColors[service.status]} variant="light" radius="sm">
                      {serviceStatusLabels[service.status] ?? service.status}
                    </Badge>
                  </Group>
                  {service.incidents.length ? (
                    <Group gap="xs">
                      <Text size="sm">Open incidents:</Text>
                      {service.incidents.map((key) => (
                        <Anchor key={key} component={Link} to={`/tickets/${key}`} size="sm">
                          {key}
                        </Anchor>
                      ))}
                    </Group>
                  ) : (
                    <Text size="sm" c="gray.7">
                      No open incidents.
                    </Text>
                  )}
                  <Group justify="flex-end">
                    <Button
                      size="xs"
                      variant="subtle"
                      onClick={() => follow.mutate({ id: service.id, follow: false })}
                      aria-label={`Stop following ${service.name}`}
                    >
                      Stop following
                    </Button>
                  </Group>
                </Stack>
              </Card>
            ))}
          </SimpleGrid>
        )}
      </QueryBlock>
    </Stack>
  );
}
