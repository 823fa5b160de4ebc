// Knowledge for everyone signed in: describe a problem and see what may solve it (the same
// suggestions the request forms show, counted for deflection), or search articles directly.
import { Anchor, Badge, Button, Group, Paper, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { EmptyState, ErrorState, LoadingBlock } from '../components/States';
import { api } from '../lib/api';
import { isAgent, useMe } from '../lib/auth';
import { DeflectionSuggestions, useDeflection } from './DeflectionSuggestions';
import { Snippet } from './Snippet';

export default function KnowledgePage() {
  const { data: me } = useMe();
  const [problem, setProblem] = useState('');
  const deflection = useDeflection();
  const [query, setQuery] = useState('');
  const [q] = useDebouncedValue(query.trim(), 250);
  const results = useQuery({
    queryKey: ['kb', 'search', q],
    queryFn: ({ signal }) => api('/api/v1/kb/search', 'kb.kbSearchOut', { query: { q }, signal }),
    enabled: q.length > 0,
  });
  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end">
        <Title order={1}>Knowledge</Title>
        {isAgent(me) ? (
          <Group gap="xs">
            <Button component={Link} to="/kb/admin" variant="light">
              Manage articles
            </Button>
            <Button component={Link} to="/kb/deflection" variant="subtle">
              Deflection report
            </Button>
          </Group>
        ) : null}
      </Group>
      <Stack gap="xs">
        <Textarea
          label="What is the problem?"
          description="Describe it in your words; articles and known issues that match appear below."
          autosize
          minRows={2}
          value={problem}
          onChange={(event) => setProblem(event.currentTarget.value)}
        />
        <DeflectionSuggestions text={problem} deflection={deflection} />
      </Stack>
      <Stack gap="sm">
        <TextInput
          label="Search articles"
          type="search"
          value={query}
          onChange={(event) => setQuery(event.currentTarget.value)}
        />
        {!q ? null : results.isPending ? (
          <LoadingBlock rows={3} />
        ) : results.isError ? (
          <ErrorState error={results.error} onRetry={() => results.refetch()} />
        ) : results.data.length === 0 ? (
          <EmptyState title="No article matches">Try other words, or file a request.</EmptyState>
        ) : (
          results.data.map((hit) => (
            <Paper key={hit.id} withBorder p="sm">
              <Group gap="xs">
                <Anchor component={Link} to={`/kb/articles/${hit.id}`} fw={600}>
                  {hit.title}
                </Anchor>
                {hit.audience === 'internal' ? <Badge variant="light">Internal</Badge> : null}
                {hit.match === 'typo' ? (
                  <Text size="xs" c="gray.7">
                    close spelling
                  </Text>
                ) : null}
              </Group>
              <Snippet value={hit.snippet} />
            </Paper>
          ))
        )}
      </Stack>
    </Stack>
  );
}
