// One metric of an SLA policy in its editor: name, key, goal (a duration in words), warning share,
// the clock's start, stop and pause conditions, its calendar and what a reopen does.
import {
  Button,
  Group,
  MultiSelect,
  NumberInput,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { formatDuration, type MetricForm, parseDuration } from './slaForm';

type Option = { value: string; label: string };

export function MetricFields({
  metric,
  index,
  errors,
  triggers,
  statuses,
  calendars,
  canRemove,
  onChange,
  onRemove,
}: {
  metric: MetricForm;
  index: number;
  errors: Record<string, string>;
  triggers: Option[];
  statuses: Option[];
  calendars: Option[];
  canRemove: boolean;
  onChange: (patch: Partial<MetricForm>) => void;
  onRemove: () => void;
}) {
  const at = `metrics.${index}`;
  const seconds = parseDuration(metric.goal);
  return (
    <Paper withBorder p="sm" component="fieldset" style={{ margin: 0 }}>
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap">
          <Text component="legend" fw={600} size="sm">
            Metric {index + 1}: {metric.name || 'unnamed'}
          </Text>
          <Button size="xs" variant="subtle" color="red" disabled={!canRemove} onClick={onRemove}>
            Remove metric
          </Button>
        </Group>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label="Metric name"
            required
            value={metric.name}
            onChange={(event) => onChange({ name: event.currentTarget.value })}
            error={errors[`${at}.name`]}
          />
          <TextInput
            label="Metric key"
            required
            value={metric.key}
            onChange={(event) => onChange({ key: event.currentTarget.value })}
            error={errors[`${at}.key`]}
          />
          <TextInput
            label="Goal"
            placeholder="e.g. 8 min 45 s, 6 h 21 min, 6:21:00"
            description={
              metric.goal.trim()
                ? seconds
                  ? `= ${formatDuration(seconds)} (${seconds} s)`
                  : 'Not a duration yet'
                : 'Empty: measured without a goal'
            }
            value={metric.goal}
            onChange={(event) => onChange({ goal: event.currentTarget.value })}
            error={errors[`${at}.goalSeconds`]}
          />
          <NumberInput
            label="Warn at (% of the goal)"
            min={1}
            max={100}
            suffix=" %"
            value={metric.warnPercent}
            onChange={(value) => onChange({ warnPercent: Number(value) || 0 })}
            error={errors[`${at}.warnAtShare`]}
          />
        </SimpleGrid>
        <MultiSelect
          label="Clock starts when"
          data={triggers}
          value={metric.start}
          onChange={(start) => onChange({ start })}
          searchable
          error={errors[`${at}.start`]}
        />
        <MultiSelect
          label="Clock stops when"
          data={triggers}
          value={metric.stop}
          onChange={(stop) => onChange({ stop })}
          searchable
          error={errors[`${at}.stop`]}
        />
        <MultiSelect
          label="Clock pauses while in"
          data={statuses}
          value={metric.pause}
          onChange={(pause) => onChange({ pause })}
          searchable
          error={errors[`${at}.pause`]}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label="Calendar"
            data={calendars.length ? calendars : [{ value: '24x7', label: '24×7 (24x7)' }]}
            value={metric.calendar}
            onChange={(calendar) => onChange({ calendar: calendar ?? '24x7' })}
            allowDeselect={false}
            error={errors[`${at}.calendar`]}
          />
          <div>
            <Text size="sm" fw={500} id={`${metric.id}-restart`}>
              When the ticket is reopened
            </Text>
            <SegmentedControl
              aria-labelledby={`${metric.id}-restart`}
              fullWidth
              value={metric.onRestart}
              onChange={(value) => onChange({ onRestart: value as MetricForm['onRestart'] })}
              data={[
                { value: 'continue', label: 'Continue the clock' },
                { value: 'new_cycle', label: 'Start a new cycle' },
              ]}
            />
          </div>
        </SimpleGrid>
      </Stack>
    </Paper>
  );
}
