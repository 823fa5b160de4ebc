import { Title } from '@mantine/core';

export default function RequestPage() {
  return <Title order={1}>Request</Title>;
}
