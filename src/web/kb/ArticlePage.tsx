// One article: its body as the server rendered it (safe HTML: raw HTML in the Markdown is text),
// and "this helped / did not help" with a reason.
import { Anchor, Badge, Button, Group, Paper, Stack, Text, Textarea, Title, Typography } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { ErrorState, LoadingBlock } from '../components/States';
import { api } from '../lib/api';
import { isAgent, useMe } from '../lib/auth';
import { dateTime } from '../lib/format';

export default function ArticlePage() {
  const { id = '' } = useParams();
  const { data: me } = useMe();
  const article = useQuery({
    queryKey: ['kb', 'article', id],
    queryFn: () => api(`/api/v1/kb/articles/${id}`, 'kb.kbArticleOut'),
  });
  const [reason, setReason] = useState('');
  const [asking, setAsking] = useState(false);
  const feedback = useMutation({
    mutationFn: (helpful: boolean) =>
      api(`/api/v1/kb/articles/${id}/feedback`, 'kb.kbFeedbackOut', {
        body: { helpful, ...(reason.trim() ? { reason: reason.trim() } : {}) },
      }),
  });
  if (article.isPending) return <LoadingBlock rows={6} />;
  if (article.isError) return <ErrorState error={article.error} onRetry={() => article.refetch()} />;
  const data = article.data;
  return (
    <Stack gap="md" maw={820}>
      <Group justify="space-between" align="flex-start">
        <Stack gap={4}>
          <Title order={1}>{data.title}</Title>
          <Group gap="xs">
            {data.category ? <Badge variant="light">{data.category.name}</Badge> : null}
            {data.audience === 'internal' ? <Badge color="gray">Internal</Badge> : null}
            {data.status !== 'published' ? <Badge color="orange">{data.status}</Badge> : null}
            {data.knownError ? (
              <Anchor component={Link} to={`/tickets/${data.knownError}`} size="sm">
                Workaround for {data.knownError}
              </Anchor>
            ) : null}
            <Text size="sm" c="gray.7">
              Version {data.version} · updated {dateTime(data.updatedAt)}
            </Text>
          </Group>
        </Stack>
        {isAgent(me) ? (
          <Button component={Link} to={`/kb/edit/${data.id}`} variant="light">
            Edit
          </Button>
        ) : null}
      </Group>
      <Typography>
        {/* The server renders Markdown with raw HTML off, links checked and images dropped. */}
        {/* biome-ignore lint/security/noDangerouslySetInnerHtml: sanitised on the server (kb/markdown.ts) */}
        <div dangerouslySetInnerHTML={{ __html: data.html }} />
      </Typography>
      <Paper withBorder p="sm">
        {feedback.isSuccess ? (
          <Text role="status">Thank you — your feedback goes to the article's owner.</Text>
        ) : (
          <Stack gap="xs">
            <Text fw={600}>Did this help?</Text>
            <Group gap="xs">
              <Button size="xs" onClick={() => feedback.mutate(true)} loading={feedback.isPending}>
                Yes, this helped
              </Button>
              <Button size="xs" variant="light" color="gray" onClick={() => setAsking(true)}>
                No
              </Button>
            </Group>
            {asking ? (
              <Stack gap="xs">
                <Textarea
                  label="What was missing or wrong?"
                  value={reason}
                  onChange={(event) => setReason(event.currentTarget.value)}
                />
                <Button
                  size="xs"
                  w="fit-content"
                  onClick={() => feedback.mutate(false)}
                  loading={feedback.isPending}
                >
                  Send
                </Button>
              </Stack>
            ) : null}
          </Stack>
        )}
      </Paper>
    </Stack>
  );
}
