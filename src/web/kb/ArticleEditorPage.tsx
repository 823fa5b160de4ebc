// Writing an article: Markdown on the left, the server's rendering (the same safe HTML readers get)
// on the right; category, audience and lifecycle; every save with a changed text is a version.
import {
  Alert,
  Button,
  Grid,
  Group,
  Paper,
  Select,
  Stack,
  Textarea,
  TextInput,
  Title,
  Typography,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { ErrorState, LoadingBlock } from '../components/States';
import { ApiError, api } from '../lib/api';

interface Draft {
  title: string;
  body: string;
  category: string | null;
  audience: 'public' | 'internal';
  status: 'draft' | 'published' | 'retired';
  tags: string;
  note: string;
}

const empty: Draft = {
  title: '',
  body: '',
  category: null,
  audience: 'internal',
  status: 'draft',
  tags: '',
  note: '',
};

export default function ArticleEditorPage() {
  const { id = 'new' } = useParams();
  const isNew = id === 'new';
  const navigate = useNavigate();
  const client = useQueryClient();
  const [draft, setDraft] = useState<Draft>(empty);
  const article = useQuery({
    queryKey: ['kb', 'article', id],
    queryFn: () => api(`/api/v1/kb/articles/${id}`, 'kb.kbArticleOut'),
    enabled: !isNew,
  });
  const categories = useQuery({
    queryKey: ['kb', 'categories'],
    queryFn: () => api('/api/v1/kb/categories', 'kb.kbCategoriesOut'),
  });
  useEffect(() => {
    if (article.data)
      setDraft({
        title: article.data.title,
        body: article.data.body,
        category: article.data.category?.key ?? null,
        audience: article.data.audience,
        status: article.data.status,
        tags: article.data.tags.join(', '),
        note: '',
      });
  }, [article.data]);
  const [body] = useDebouncedValue(draft.body, 300);
  const preview = useQuery({
    queryKey: ['kb', 'preview', body],
    queryFn: () => api('/api/v1/kb/preview', 'kb.kbPreviewOut', { body: { body } }),
    placeholderData: (previous) => previous,
  });
  const save = useMutation({
    mutationFn: () => {
      const tags = draft.tags
        .split(',')
        .map((tag) => tag.trim())
        .filter(Boolean);
      const common = {
        title: draft.title,
        body: draft.body,
        category: draft.category,
        audience: draft.audience,
        tags,
      };
      return isNew
        ? api('/api/v1/kb/articles', 'kb.kbArticleOut', {
            body: { ...common, status: draft.status === 'retired' ? 'draft' : draft.status },
          })
        : api(`/api/v1/kb/articles/${id}`, 'kb.kbArticleOut', {
            method: 'PATCH',
            body: {
              ...common,
              ...(draft.status !== article.data?.status ? { status: draft.status } : {}),
              note: draft.note,
            },
          });
    },
    onSuccess: (saved) => {
      client.invalidateQueries({ queryKey: ['kb'] });
      navigate(`/kb/articles/${saved.id}`);
    },
  });
  if (!isNew && article.isPending) return <LoadingBlock rows={8} />;
  if (!isNew && article.isError) return <ErrorState error={article.error} />;
  const errors = save.error instanceof ApiError ? save.error.fieldErrors : {};
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) =>
    setDraft((current) => ({ ...current, [key]: value }));
  return (
    <Stack gap="md">
      <Title order={1}>{isNew ? 'New article' : `Edit: ${article.data?.title}`}</Title>
      {save.error && Object.keys(errors).length === 0 ? (
        <Alert color="red">{save.error.message}</Alert>
      ) : null}
      <Group grow align="flex-start">
        <TextInput
          label="Title"
          required
          value={draft.title}
          error={errors.title}
          onChange={(e) => set('title', e.currentTarget.value)}
        />
        <Select
          label="Category"
          clearable
          value={draft.category}
          error={errors.category}
          data={(categories.data ?? []).map((category) => ({ value: category.key, label: category.name }))}
          onChange={(value) => set('category', value)}
        />
        <Select
          label="Audience"
          value={draft.audience}
          data={[
            { value: 'internal', label: 'Internal (signed-in people)' },
            { value: 'public', label: 'Public (anyone)' },
          ]}
          onChange={(value) => set('audience', (value as Draft['audience']) ?? 'internal')}
        />
        <Select
          label="Status"
          value={draft.status}
          data={['draft', 'published', 'retired']}
          onChange={(value) => set('status', (value as Draft['status']) ?? 'draft')}
        />
      </Group>
      <TextInput
        label="Tags"
        description="Comma-separated"
        value={draft.tags}
        onChange={(e) => set('tags', e.currentTarget.value)}
      />
      <Grid>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Textarea
            label="Body (Markdown)"
            autosize
            minRows={16}
            value={draft.body}
            error={errors.body}
            onChange={(e) => set('body', e.currentTarget.value)}
            styles={{ input: { fontFamily: 'monospace' } }}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Paper withBorder p="md" aria-label="Preview" mih={300}>
            <Typography>
              {/* biome-ignore lint/security/noDangerouslySetInnerHtml: rendered safe by the server (kb/markdown.ts) */}
              <div dangerouslySetInnerHTML={{ __html: preview.data?.html ?? '' }} />
            </Typography>
          </Paper>
        </Grid.Col>
      </Grid>
      {!isNew ? (
        <TextInput
          label="What changed"
          value={draft.note}
          onChange={(e) => set('note', e.currentTarget.value)}
        />
      ) : null}
      <Group>
        <Button onClick={() => save.mutate()} loading={save.isPending}>
          Save
        </Button>
      </Group>
    </Stack>
  );
}
