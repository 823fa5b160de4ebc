import { Title } from '@mantine/core';

export default function ApprovalsPage() {
  return <Title order={1}>Approvals</Title>;
}
