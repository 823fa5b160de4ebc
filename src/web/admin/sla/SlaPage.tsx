import { Title } from '@mantine/core';

export default function SlaPage() {
  return <Title order={1}>SLA policies and calendars</Title>;
}
