// Loading, empty and error states that keep the page's layout (no shift when data arrives).
import { Alert, Button, Center, Loader, Skeleton, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { ApiError } from '../lib/api';

export function LoadingBlock({ rows = 4, height = 36 }: { rows?: number; height?: number }) {
  return (
    <Stack gap="xs" aria-busy="true" aria-label="Loading">
      {Array.from({ length: rows }, (_, index) => `row-${index}`).map((id) => (
        <Skeleton key={id} height={height} radius="sm" />
      ))}
    </Stack>
  );
}

export function Spinner() {
  return (
    <Center py="xl" aria-busy="true" aria-label="Loading">
      <Loader size="sm" />
    </Center>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <Stack align="center" gap={4} py="xl" c="gray.7" role="status">
      <Text fw={600}>{title}</Text>
      {children ? <Text size="sm">{children}</Text> : null}
    </Stack>
  );
}

export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const message =
    error instanceof ApiError
      ? error.message
      : error instanceof Error
        ? error.message
        : 'Something went wrong.';
  return (
    <Alert color="red" title="Could not load this" role="alert">
      <Stack gap="xs" align="flex-start">
        <Text size="sm">{message}</Text>
        {onRetry ? (
          <Button size="xs" variant="light" color="red" onClick={onRetry}>
            Try again
          </Button>
        ) : null}
      </Stack>
    </Alert>
  );
}
