import { Title } from '@mantine/core';

export default function WorkflowPage() {
  return <Title order={1}>Workflow</Title>;
}
