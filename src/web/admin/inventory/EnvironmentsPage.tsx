import { Title } from '@mantine/core';

export default function EnvironmentsPage() {
  return <Title order={1}>Environments</Title>;
}
