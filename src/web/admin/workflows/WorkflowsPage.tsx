import { Title } from '@mantine/core';

export default function WorkflowsPage() {
  return <Title order={1}>Workflows</Title>;
}
