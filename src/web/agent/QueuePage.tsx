import { Title } from '@mantine/core';

export default function QueuePage() {
  return <Title order={1}>Queues</Title>;
}
