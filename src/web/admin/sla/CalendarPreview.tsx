// The calendar editor's preview, before saving: for a start and an end chosen in the calendar's
// time zone, the working time between them, and when a goal started at the start would breach
// (daylight saving and holidays included; the server computes it as the clocks will).
import { Alert, Button, Group, NumberInput, Paper, Stack, Text, Title } from '@mantine/core';
import { DateTimePicker } from '@mantine/dates';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { dateInputFormat } from '../../components/DateField';
import { api } from '../../lib/api';
import { duration } from '../../lib/format';
import { SaveError } from '../kit';
import { type CalendarForm, formToCalendar } from './slaForm';

/** "2026-03-27 16:00:00" (the picker's value) → "2026-03-27T16:00" (the API's local time). */
const local = (value: string) => value.slice(0, 16).replace(' ', 'T');
const shown = (localTime: string) => {
  const [date, time] = localTime.split('T');
  const [y, m, d] = (date ?? '').split('-').map(Number);
  const month = new Date(Date.UTC(y ?? 2000, (m ?? 1) - 1, 1)).toLocaleString('en-GB', {
    month: 'short',
    timeZone: 'UTC',
  });
  return `${d} ${month.slice(0, 3)} ${y}, ${time}`;
};

export function CalendarPreview({ form }: { form: CalendarForm }) {
  const [start, setStart] = useState<string | null>(null);
  const [end, setEnd] = useState<string | null>(null);
  const [goalHours, setGoalHours] = useState<number | string>(8);
  const preview = useMutation({
    mutationFn: () =>
      api('/api/v1/sla/calendars/preview', 'sla.calendarPreviewOut', {
        method: 'POST',
        body: {
          // A calendar not named yet can be tried too.
          calendar: { ...formToCalendar(form), name: form.name.trim() || 'Preview' },
          start: local(start ?? ''),
          end: local(end ?? ''),
          goalMinutes: Math.round(Number(goalHours) * 60),
        },
      }),
  });
  const ready = Boolean(start && end) && Number(goalHours) > 0;
  const result = preview.data;
  return (
    <Paper withBorder p="sm" component="section" aria-labelledby="calendar-preview">
      <Stack gap="xs">
        <Title order={3} size="h5" id="calendar-preview">
          Try it before saving
        </Title>
        <Text size="sm" c="gray.7">
          Times are local to {form.timeZone}. Pick two moments and a goal: the working time between them and
          when the goal would breach.
        </Text>
        <Group gap="xs" align="flex-end" wrap="wrap">
          <DateTimePicker
            label="Start"
            valueFormat={`${dateInputFormat}, HH:mm`}
            placeholder="Pick a date and time"
            value={start}
            onChange={setStart}
            w={210}
            styles={{ placeholder: { color: 'var(--mantine-color-gray-7)' } }}
          />
          <DateTimePicker
            label="End"
            valueFormat={`${dateInputFormat}, HH:mm`}
            placeholder="Pick a date and time"
            value={end}
            onChange={setEnd}
            w={210}
            styles={{ placeholder: { color: 'var(--mantine-color-gray-7)' } }}
          />
          <NumberInput
            label="Goal (working hours)"
            min={0.25}
            step={1}
            value={goalHours}
            onChange={setGoalHours}
            w={160}
          />
          <Button
            variant="light"
            onClick={() => preview.mutate()}
            disabled={!ready}
            loading={preview.isPending}
          >
            Preview
          </Button>
        </Group>
        <SaveError error={preview.error} />
        {result && !preview.isPending ? (
          <Alert color="blue" variant="light" role="status" title="With this calendar">
            <Text size="sm" data-testid="preview-working">
              Working time between them: {duration(result.workingSeconds, { exact: true })}
            </Text>
            <Text size="sm" data-testid="preview-breach">
              A {Number(goalHours)} h goal started then breaches {shown(result.breachAtLocal)} (UTC
              {result.breachOffset}
              {result.breachOffset !== result.startOffset ? `; it started at UTC${result.startOffset}` : ''}).
            </Text>
          </Alert>
        ) : null}
      </Stack>
    </Paper>
  );
}
