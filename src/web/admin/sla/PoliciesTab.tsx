// SLA policies: a list (cards, so it reads the same on a phone) and an editor in a drawer at
// ?edit=<key>|new (PolicyEditor.tsx).
import { Badge, Button, Group, Paper, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { EmptyState } from '../../components/States';
import { ListHeader, QueryBlock, RecordCard, RecordGrid, Saved, useUrlParam } from '../kit';
import { PolicyEditor } from './PolicyEditor';
import { usePolicies, useStatuses } from './slaData';
import { type ApiPolicy, describeTrigger, formatDuration } from './slaForm';

export function PoliciesTab() {
  const policies = usePolicies();
  const statuses = useStatuses();
  const [edit, setEdit] = useUrlParam('edit');
  const [savedKey, setSavedKey] = useState<string | null>(null);
  const names = Object.fromEntries((statuses.data ?? []).map((status) => [status.key, status.name]));

  return (
    <Stack>
      <ListHeader
        description="A policy measures the request types it lists; each metric is one clock with a goal."
        action={<Button onClick={() => setEdit('new')}>New policy</Button>}
      />
      {savedKey ? <Saved>Policy {savedKey} saved; its tickets are being re-measured.</Saved> : null}
      <QueryBlock
        query={policies}
        rows={4}
        height={120}
        isEmpty={(data) => data.length === 0}
        empty={
          <EmptyState title="No SLA policies yet">
            Create one to measure a request type against a goal.
          </EmptyState>
        }
      >
        {(data) => (
          <RecordGrid>
            {data.map((policy) => (
              <RecordCard
                key={policy.key}
                name={policy.name}
                recordKey={`${policy.key} · version ${policy.version}`}
                onEdit={() => setEdit(policy.key)}
              >
                <Group gap={4}>
                  {policy.requestTypes.length ? (
                    policy.requestTypes.map((type) => (
                      <Badge key={type} variant="light" color="gray" radius="sm" tt="none">
                        {type}
                      </Badge>
                    ))
                  ) : (
                    <Text size="sm" c="gray.7">
                      Applies to no request type
                    </Text>
                  )}
                </Group>
                {policy.metrics.map((metric) => (
                  <Paper key={metric.key} withBorder p="xs" radius="sm">
                    <Group justify="space-between" gap="xs">
                      <Text size="sm" fw={600}>
                        {metric.name}
                      </Text>
                      <Text size="sm">
                        {metric.goalSeconds
                          ? `Goal ${formatDuration(metric.goalSeconds)}`
                          : 'Measured, no goal'}
                      </Text>
                    </Group>
                    <Text size="xs" c="gray.7">
                      {describeMetric(metric, names)}
                    </Text>
                  </Paper>
                ))}
              </RecordCard>
            ))}
          </RecordGrid>
        )}
      </QueryBlock>
      {edit ? (
        <PolicyEditor
          key={edit}
          policyKey={edit === 'new' ? null : edit}
          policies={policies.data}
          onClose={() => setEdit(null)}
          onSaved={(key) => {
            setSavedKey(key);
            setEdit(null);
          }}
        />
      ) : null}
    </Stack>
  );
}

function describeMetric(metric: ApiPolicy['metrics'][number], names: Record<string, string>): string {
  const parts = [`Starts when ${metric.start.map((t) => describeTrigger(t, names)).join(' or ')}`];
  if (metric.stop.length)
    parts.push(`stops when ${metric.stop.map((t) => describeTrigger(t, names)).join(' or ')}`);
  if (metric.pause.length)
    parts.push(`paused while ${metric.pause.map((p) => names[p.whileIn] ?? p.whileIn).join(' or ')}`);
  if (metric.goalSeconds) parts.push(`warns at ${Math.round(metric.warnAtShare * 100)} %`);
  parts.push(`calendar ${metric.calendar}`);
  return `${parts.join('; ')}.`;
}
