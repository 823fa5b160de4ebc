import { Title } from '@mantine/core';

export default function TicketPage() {
  return <Title order={1}>Ticket</Title>;
}
