// Dashboards for agents and admins: the reports as charts over one date range kept in the URL
// (?from=&to= or ?range=all, plus ?metric=), each with its CSV export. Refreshed live on ticket
// events (query keys rooted at 'reports').
import { Anchor, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { Link, useSearchParams } from 'react-router';
import { type Me, useMe } from '../lib/auth';
import { CreatedResolvedPanel } from './CreatedResolvedPanel';
import { NeedFurtherSupportPanel } from './NeedFurtherSupportPanel';
import { RangePicker } from './RangePicker';
import { ResolutionTimePanel } from './ResolutionTimePanel';
import {
  apiRange,
  createdResolvedApiRange,
  type DateRange,
  describeRange,
  rangeParams,
  readRange,
  todayIn,
} from './range';
import { SlaPanel } from './SlaPanel';

const defaultMetric = 'time_to_resolution';

function viewerTimeZone(me: Me | undefined): string {
  if (typeof me?.timeZone === 'string' && me.timeZone) return me.timeZone;
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

export default function DashboardsPage() {
  const { data: me } = useMe();
  const [params, setParams] = useSearchParams();
  const timeZone = viewerTimeZone(me);
  const today = todayIn(timeZone);
  const range = readRange(params, today);
  const metric = /^[a-z][a-z0-9_]*$/.test(params.get('metric') ?? '') ? params.get('metric')! : defaultMetric;

  const update = (next: { range?: DateRange; metric?: string }) => {
    const nextMetric = next.metric ?? metric;
    setParams(
      {
        ...rangeParams(next.range ?? range),
        ...(nextMetric !== defaultMetric ? { metric: nextMetric } : {}),
      },
      { replace: false },
    );
  };

  const query = { ...apiRange(range, today), timeZone };
  const createdResolvedQuery = { ...createdResolvedApiRange(range, today), timeZone };

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end" gap="md">
        <Stack gap={2}>
          <Title order={1}>Dashboards</Title>
          <Text size="sm" c="gray.7" aria-live="polite">
            {describeRange(range)} · days in {timeZone}
          </Text>
          <Anchor component={Link} to="/dashboards/availability" size="sm">
            Service availability and capacity plans
          </Anchor>
        </Stack>
        <RangePicker range={range} today={today} onChange={(next) => update({ range: next })} />
      </Group>
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
        <ResolutionTimePanel query={query} metric={metric} onMetric={(value) => update({ metric: value })} />
        <SlaPanel query={query} />
        <NeedFurtherSupportPanel query={query} />
        <CreatedResolvedPanel query={createdResolvedQuery} allTime={range.from === undefined} />
      </SimpleGrid>
    </Stack>
  );
}
