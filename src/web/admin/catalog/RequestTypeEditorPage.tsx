import { Title } from '@mantine/core';

export default function RequestTypeEditorPage() {
  return <Title order={1}>Request type</Title>;
}
