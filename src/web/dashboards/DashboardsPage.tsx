import { Title } from '@mantine/core';

export default function DashboardsPage() {
  return <Title order={1}>Dashboards</Title>;
}
