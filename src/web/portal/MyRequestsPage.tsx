import { Title } from '@mantine/core';

export default function MyRequestsPage() {
  return <Title order={1}>My requests</Title>;
}
