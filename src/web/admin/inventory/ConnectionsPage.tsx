import { Title } from '@mantine/core';

export default function ConnectionsPage() {
  return <Title order={1}>Providers and connections</Title>;
}
