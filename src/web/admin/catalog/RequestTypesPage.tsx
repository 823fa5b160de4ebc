import { Title } from '@mantine/core';

export default function RequestTypesPage() {
  return <Title order={1}>Request types</Title>;
}
