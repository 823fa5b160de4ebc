// One dashboard chart: a titled card with the CSV export, a "Show as table" toggle, and loading,
// empty and error states that keep the card's final height (no layout shift when data arrives).
// While the chart shows, the same figures stay available to screen readers as a hidden table.
import {
  Anchor,
  Box,
  Button,
  Card,
  Group,
  ScrollArea,
  Skeleton,
  Stack,
  Text,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useElementSize } from '@mantine/hooks';
import { type ReactNode, useId, useState } from 'react';
import { ErrorState } from '../../components/States';

export type ChartState = 'loading' | 'error' | 'empty' | 'ready';

export interface ChartCardProps {
  title: string;
  description?: ReactNode;
  /** download link for the chart's data as CSV, with the same range */
  csvHref: string;
  csvFileName: string;
  state: ChartState;
  error?: unknown;
  onRetry?: () => void;
  emptyTitle?: string;
  emptyText?: ReactNode;
  /** height of the chart area in px at a width, the same while loading, empty or with data */
  height: number | ((width: number) => number);
  /** shown above the chart while loading and with data (legend, totals): same height in both */
  summary?: ReactNode;
  /** the figures as a table (a <Table>) for the toggle and for screen readers */
  table: ReactNode;
  /** the chart, drawn at the measured width in px */
  children: (width: number) => ReactNode;
  /** true while a new range loads over the previous figures */
  refreshing?: boolean;
}

export function ChartCard(props: ChartCardProps) {
  const titleId = useId();
  const [asTable, setAsTable] = useState(false);
  const { ref, width } = useElementSize();
  const ready = props.state === 'ready';
  const height = typeof props.height === 'function' ? props.height(width) : props.height;

  return (
    <Card withBorder padding="md" component="section" aria-labelledby={titleId}>
      <Group justify="space-between" align="flex-start" gap="xs" mb="xs">
        <Stack gap={2} style={{ flex: '1 1 240px', minWidth: 0 }}>
          <Title order={2} size="h4" id={titleId}>
            {props.title}
          </Title>
          {props.description ? (
            <Text size="sm" c="gray.7">
              {props.description}
            </Text>
          ) : null}
        </Stack>
        <Group gap="xs" wrap="nowrap">
          <Button
            variant="subtle"
            size="compact-sm"
            onClick={() => setAsTable((value) => !value)}
            aria-pressed={asTable}
            disabled={!ready}
          >
            {asTable ? 'Show as chart' : 'Show as table'}
          </Button>
          <Anchor
            href={props.csvHref}
            download={props.csvFileName}
            size="sm"
            fw={500}
            aria-label={`Download ${props.title} as CSV`}
          >
            CSV
          </Anchor>
        </Group>
      </Group>

      {(ready || props.state === 'loading') && props.summary ? <Box mb="sm">{props.summary}</Box> : null}

      <Box
        ref={ref}
        pos="relative"
        style={{
          minHeight: height,
          opacity: props.refreshing ? 0.6 : 1,
          transition: 'opacity 120ms',
        }}
        aria-busy={props.state === 'loading' || props.refreshing ? true : undefined}
      >
        {props.state === 'loading' ? (
          <Skeleton height={height} radius="sm" aria-label={`Loading ${props.title}`} />
        ) : props.state === 'error' ? (
          <ErrorState error={props.error} onRetry={props.onRetry} />
        ) : props.state === 'empty' ? (
          <Stack
            align="center"
            justify="center"
            gap={4}
            h={height}
            role="status"
            style={{ border: '1px dashed var(--mantine-color-gray-4)', borderRadius: 4 }}
            px="md"
          >
            <Text fw={600}>{props.emptyTitle ?? 'No data in this range'}</Text>
            {props.emptyText ? (
              <Text size="sm" c="gray.7" ta="center">
                {props.emptyText}
              </Text>
            ) : null}
          </Stack>
        ) : asTable ? (
          <ScrollArea type="auto" style={{ minHeight: height }}>
            {props.table}
          </ScrollArea>
        ) : (
          <>
            {width > 0 ? props.children(width) : null}
            <VisuallyHidden>{props.table}</VisuallyHidden>
          </>
        )}
      </Box>
    </Card>
  );
}

/** A colour key above a chart (colour is never the only carrier: values are printed too). */
export function Legend({ items }: { items: { label: string; color: string; marker?: 'line' }[] }) {
  return (
    <Group gap="md" aria-hidden="true" mb={4}>
      {items.map((item) => (
        <Group key={item.label} gap={6} wrap="nowrap">
          <Box
            w={item.marker === 'line' ? 4 : 12}
            h={12}
            style={{ background: item.color, borderRadius: item.marker === 'line' ? 0 : 2 }}
          />
          <Text size="sm">{item.label}</Text>
        </Group>
      ))}
    </Group>
  );
}

/** Colours with at least 3:1 against white for marks and 4.5:1 for text. */
export const chartColors = {
  primary: 'var(--mantine-color-blue-8)',
  secondary: 'var(--mantine-color-orange-9)',
  met: 'var(--mantine-color-green-9)',
  breached: 'var(--mantine-color-red-9)',
  target: 'var(--mantine-color-dark-7)',
  text: 'var(--mantine-color-dark-7)',
  muted: 'var(--mantine-color-gray-7)',
  grid: 'var(--mantine-color-gray-3)',
  track: 'var(--mantine-color-gray-2)',
};
