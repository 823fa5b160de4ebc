// The post-incident review of an incident (blameless): sections, the five whys (each answer
// becomes the next question), the root cause, the timeline assembled from the incident, follow-up
// actions (tickets with an owner and a due date) and the reviewers who tick it off.
import { Alert, Anchor, Badge, Button, Group, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import type { Wire } from '../../shared/api/common';
import type { reviewOut } from '../../shared/api/reviews';
import { ErrorState, LoadingBlock } from '../components/States';
import { ApiError, api } from '../lib/api';
import { useMe } from '../lib/auth';
import { dateTime, duration } from '../lib/format';
import { ActionError } from '../ticket/ticketActions';
import { ReviewActions, ReviewTimeline } from './ReviewParts';

export type Review = Wire<typeof reviewOut>;
const sections = ['summary', 'impact', 'detection', 'response', 'recovery'] as const;
const statusColors = { draft: 'gray', in_review: 'yellow', published: 'green' } as const;

export default function ReviewPage() {
  const { key = '' } = useParams();
  const client = useQueryClient();
  const path = `/api/v1/incidents/${encodeURIComponent(key)}/review`;
  useEffect(() => {
    document.title = `Review of ${key} · Opsdesk`;
  }, [key]);
  const review = useQuery({
    queryKey: ['ticket', key, 'review'],
    queryFn: () => api(path, 'reviews.reviewOut'),
    retry: false,
  });
  const start = useMutation({
    mutationFn: () => api(path, 'reviews.reviewOut', { method: 'POST' }),
    onSuccess: (data) => client.setQueryData(['ticket', key, 'review'], data),
  });
  return (
    <Stack gap="md" maw={980}>
      <Anchor component={Link} to={`/tickets/${key}`} fz="sm">
        ← {key}
      </Anchor>
      <Title order={1}>Post-incident review of {key}</Title>
      {review.isPending ? (
        <LoadingBlock />
      ) : review.error instanceof ApiError && review.error.status === 404 ? (
        <Paper withBorder p="md">
          <Stack gap="sm" align="flex-start">
            <Text>No review yet. A blameless review asks what happened and why, not who.</Text>
            <Button onClick={() => start.mutate()} loading={start.isPending}>
              Start the review
            </Button>
            <ActionError error={start.error} />
          </Stack>
        </Paper>
      ) : review.isError ? (
        <ErrorState error={review.error} onRetry={() => void review.refetch()} />
      ) : (
        <ReviewEditor review={review.data} path={path} ticketKey={key} />
      )}
    </Stack>
  );
}

function ReviewEditor({ review, path, ticketKey }: { review: Review; path: string; ticketKey: string }) {
  const client = useQueryClient();
  const me = useMe();
  const [draft, setDraft] = useState(() => ({
    summary: review.summary,
    impact: review.impact,
    detection: review.detection,
    response: review.response,
    recovery: review.recovery,
    rootCause: review.rootCause ?? '',
    whys: review.whys.map((why) => why.answer),
  }));
  const set = (name: keyof typeof draft, value: string) =>
    setDraft((current) => ({ ...current, [name]: value }));
  const update = (data: Review) => client.setQueryData(['ticket', ticketKey, 'review'], data);
  const save = useMutation({
    mutationFn: () =>
      api(path, 'reviews.reviewOut', {
        method: 'PATCH',
        body: {
          ...draft,
          rootCause: draft.rootCause.trim() || null,
          whys: draft.whys.map((w) => w.trim()).filter(Boolean),
        },
      }),
    onSuccess: update,
  });
  const move = useMutation({
    mutationFn: (status: string) => api(`${path}/status`, 'reviews.reviewOut', { body: { status } }),
    onSuccess: update,
  });
  const approve = useMutation({
    mutationFn: () => api(`${path}/approve`, 'reviews.reviewOut', { method: 'POST' }),
    onSuccess: update,
  });
  const published = review.status === 'published';
  const whys = draft.whys.length < 5 && draft.whys.every(Boolean) ? [...draft.whys, ''] : draft.whys;
  const myTick = review.reviewers.find((reviewer) => reviewer.user.id === me.data?.id);
  return (
    <Stack gap="md">
      <Group gap="xs">
        <Badge color={statusColors[review.status]} size="lg">
          {review.status.replace('_', ' ')}
        </Badge>
        <Text size="sm">
          {review.incident.title} · {review.incident.priority}
          {review.incident.major ? ' · major incident' : ''}
        </Text>
      </Group>
      <Group gap="lg">
        <Text size="sm">
          Time to acknowledge: <b>{duration(review.metrics.timeToAcknowledgeSeconds)}</b>
        </Text>
        <Text size="sm">
          Time to recover: <b>{duration(review.metrics.timeToRecoverSeconds)}</b>
        </Text>
        <Text size="sm" c="gray.7">
          Impact from {dateTime(review.metrics.impactStartedAt)}
        </Text>
      </Group>
      <Paper withBorder p="md">
        <Stack gap="sm">
          {sections.map((name) => (
            <Textarea
              key={name}
              label={name[0]!.toUpperCase() + name.slice(1)}
              autosize
              minRows={2}
              value={draft[name]}
              readOnly={published}
              onChange={(event) => set(name, event.currentTarget.value)}
            />
          ))}
          <Title order={2} fz="lg" mt="sm">
            Five whys
          </Title>
          {whys.map((answer, index) => (
            <Textarea
              // biome-ignore lint/suspicious/noArrayIndexKey: the whys are an ordered list edited in place
              key={index}
              label={index === 0 ? `Why did "${review.incident.title}" happen?` : `Why: ${whys[index - 1]}?`}
              autosize
              value={answer}
              readOnly={published}
              onChange={(event) => {
                const value = event.currentTarget.value;
                setDraft((current) => {
                  const next = [...current.whys];
                  next[index] = value;
                  return { ...current, whys: next };
                });
              }}
            />
          ))}
          <Textarea
            label="Root cause"
            description="Left empty, the last answer is the root cause when published."
            autosize
            value={draft.rootCause}
            readOnly={published}
            onChange={(event) => set('rootCause', event.currentTarget.value)}
          />
          <ActionError error={save.error} />
          {!published ? (
            <Group justify="flex-end">
              <Button onClick={() => save.mutate()} loading={save.isPending}>
                Save
              </Button>
            </Group>
          ) : null}
        </Stack>
      </Paper>
      <ReviewActions review={review} path={path} onChange={update} />
      <Paper withBorder p="md" component="section" aria-labelledby="reviewers-heading">
        <Title order={2} fz="lg" id="reviewers-heading" mb="sm">
          Reviewers and status
        </Title>
        <Stack gap="xs">
          {review.reviewers.map((reviewer) => (
            <Text key={reviewer.user.id} size="sm">
              {reviewer.user.displayName}:{' '}
              {reviewer.approvedAt ? `ticked off ${dateTime(reviewer.approvedAt)}` : 'not yet'}
            </Text>
          ))}
          <Group gap="xs">
            {review.status === 'draft' ? (
              <Button size="xs" onClick={() => move.mutate('in_review')}>
                Ask for review
              </Button>
            ) : null}
            {review.status === 'in_review' && myTick && !myTick.approvedAt ? (
              <Button size="xs" color="green" onClick={() => approve.mutate()}>
                Tick it off
              </Button>
            ) : null}
            {review.status === 'in_review' ? (
              <Button size="xs" onClick={() => move.mutate('published')}>
                Publish
              </Button>
            ) : null}
            {review.status !== 'draft' ? (
              <Button size="xs" variant="default" onClick={() => move.mutate('draft')}>
                Back to draft
              </Button>
            ) : null}
          </Group>
          <ActionError error={move.error ?? approve.error} />
          {published ? <Alert color="green">Published {dateTime(review.publishedAt)}.</Alert> : null}
        </Stack>
      </Paper>
      <ReviewTimeline review={review} />
    </Stack>
  );
}
