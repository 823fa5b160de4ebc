import { Title } from '@mantine/core';

export default function TeamsPage() {
  return <Title order={1}>Teams</Title>;
}
