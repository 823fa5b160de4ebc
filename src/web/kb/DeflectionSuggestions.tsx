// Suggestions while a requester types a request or a problem report: matching articles and open
// incidents. One session id per attempt; "This solved it" ends the attempt (counted), and the form
// that files the ticket anyway calls `ticketFiled(key)` so the report counts that too.
// Reuse: `const deflection = useDeflection(); <DeflectionSuggestions text={title + ' ' + body}
// deflection={deflection} onSolved={…} />` and after filing `deflection.ticketFiled(ticket.key)`.
import { Anchor, Badge, Button, Group, Paper, Stack, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { Link } from 'react-router';
import { api } from '../lib/api';
import { Snippet } from './Snippet';

export interface Deflection {
  session: string;
  /** Tell the deflection report that a ticket was filed anyway in this attempt. */
  ticketFiled(key: string): Promise<void>;
}

export function useDeflection(): Deflection {
  const session = useRef(crypto.randomUUID()).current;
  return {
    session,
    async ticketFiled(key) {
      await api('/api/v1/kb/deflections', 'kb.kbDeflectionOut', {
        body: { session, outcome: 'ticket', ticket: key },
      }).catch(() => undefined); // No search happened in this attempt: nothing to count.
    },
  };
}

export function DeflectionSuggestions({
  text,
  deflection,
  onSolved,
}: {
  text: string;
  deflection: Deflection;
  onSolved?: (articleId: string) => void;
}) {
  const [q] = useDebouncedValue(text.trim().slice(0, 300), 400);
  const [solved, setSolved] = useState<string | null>(null);
  const suggestions = useQuery({
    queryKey: ['kb', 'suggest', deflection.session, q],
    queryFn: ({ signal }) =>
      api('/api/v1/kb/suggest', 'kb.kbSuggestOut', { query: { q, session: deflection.session }, signal }),
    enabled: q.length >= 3 && !solved,
    staleTime: 60_000,
  });
  const solve = useMutation({
    mutationFn: (article: string) =>
      api('/api/v1/kb/deflections', 'kb.kbDeflectionOut', {
        body: { session: deflection.session, outcome: 'solved', article },
      }),
    onSuccess: (_answer, article) => {
      setSolved(article);
      onSolved?.(article);
    },
  });
  if (solved)
    return (
      <Paper withBorder p="sm" role="status">
        <Text fw={600}>Glad that solved it — no request needed.</Text>
      </Paper>
    );
  const data = suggestions.data;
  if (!data || (data.articles.length === 0 && data.incidents.length === 0)) return null;
  return (
    <Paper withBorder p="sm" aria-label="Suggestions">
      <Stack gap="sm">
        <Text fw={600}>These may help before you send it</Text>
        {data.incidents.map((incident) => (
          <Group key={incident.key} gap="xs">
            <Badge color="red" variant="light">
              Known issue
            </Badge>
            <Anchor component={Link} to={`/tickets/${incident.key}`}>
              {incident.key}: {incident.title}
            </Anchor>
          </Group>
        ))}
        {data.articles.map((article) => (
          <Stack key={article.id} gap={2}>
            <Group justify="space-between" wrap="nowrap">
              <Anchor component={Link} to={`/kb/articles/${article.id}`} target="_blank" fw={600}>
                {article.title}
              </Anchor>
              <Button
                size="xs"
                variant="light"
                loading={solve.isPending}
                onClick={() => solve.mutate(article.id)}
              >
                This solved it
              </Button>
            </Group>
            <Snippet value={article.snippet} />
          </Stack>
        ))}
      </Stack>
    </Paper>
  );
}
