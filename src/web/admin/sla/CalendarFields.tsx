// The parts of the calendar editor: working hours per weekday (intervals per day) and holidays.
import { Button, Checkbox, Group, Paper, Stack, Text, TextInput } from '@mantine/core';
import { DateField } from '../../components/DateField';
import { type CalendarForm, type Holiday, WEEKDAY_LABELS, WEEKDAYS, type Weekday } from './slaForm';

type Ranges = CalendarForm['week'][Weekday];

export function WeekFields({
  week,
  errors,
  onChange,
}: {
  week: CalendarForm['week'];
  errors: Record<string, string>;
  onChange: (day: Weekday, ranges: Ranges) => void;
}) {
  return (
    <Paper withBorder p="sm" component="fieldset" style={{ margin: 0 }}>
      <Text component="legend" fw={600} size="sm">
        Working hours per weekday
      </Text>
      {errors.week ? (
        <Text c="red.8" size="sm" role="alert">
          {errors.week}
        </Text>
      ) : null}
      <Stack gap="xs">
        {WEEKDAYS.map((day) => (
          <DayRow
            key={day}
            day={day}
            ranges={week[day]}
            errors={errors}
            onChange={(ranges) => onChange(day, ranges)}
          />
        ))}
      </Stack>
    </Paper>
  );
}

export function HolidayFields({
  holidays,
  errors,
  onChange,
}: {
  holidays: Holiday[];
  errors: Record<string, string>;
  onChange: (holidays: Holiday[]) => void;
}) {
  return (
    <Paper withBorder p="sm" component="fieldset" style={{ margin: 0 }}>
      <Text component="legend" fw={600} size="sm">
        Holidays (whole local days off)
      </Text>
      <Stack gap="xs">
        {holidays.length === 0 ? (
          <Text size="sm" c="gray.7">
            No holidays.
          </Text>
        ) : null}
        {holidays.map((holiday, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place, position is identity
          <Group key={index} align="flex-start" gap="xs" wrap="wrap">
            <DateField
              label={`Holiday ${index + 1} date`}
              value={holiday.date}
              onChange={(date) => {
                onChange(holidays.map((h, i) => (i === index ? { ...h, date } : h)));
              }}
              error={errors[`holidays.${index}.date`]}
              w={170}
            />
            <TextInput
              label={`Holiday ${index + 1} name`}
              value={holiday.name}
              onChange={(event) => {
                const name = event.currentTarget.value;
                onChange(holidays.map((h, i) => (i === index ? { ...h, name } : h)));
              }}
              error={errors[`holidays.${index}.name`]}
              style={{ flex: 1, minWidth: 160 }}
            />
            <Button
              mt={25}
              variant="subtle"
              color="red"
              aria-label={`Remove holiday ${index + 1}`}
              onClick={() => onChange(holidays.filter((_, i) => i !== index))}
            >
              Remove
            </Button>
          </Group>
        ))}
        <Group>
          <Button variant="light" size="xs" onClick={() => onChange([...holidays, { date: '', name: '' }])}>
            Add holiday
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function DayRow({
  day,
  ranges,
  errors,
  onChange,
}: {
  day: Weekday;
  ranges: { start: string; end: string }[];
  errors: Record<string, string>;
  onChange: (ranges: { start: string; end: string }[]) => void;
}) {
  const label = WEEKDAY_LABELS[day];
  const working = ranges.length > 0;
  return (
    <Group
      align="flex-start"
      gap="xs"
      wrap="wrap"
      py={4}
      style={{ borderBottom: '1px solid var(--mantine-color-gray-2)' }}
    >
      <Checkbox
        label={label}
        checked={working}
        onChange={(event) => onChange(event.currentTarget.checked ? [{ start: '09:00', end: '17:00' }] : [])}
        w={120}
        mt={6}
      />
      <Stack gap={6} style={{ flex: 1, minWidth: 200 }}>
        {working ? (
          ranges.map((range, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: intervals are edited in place
            <Group key={index} gap={6} wrap="nowrap" align="flex-start">
              <TextInput
                type="time"
                aria-label={`${label} interval ${index + 1} start`}
                value={range.start}
                onChange={(event) => {
                  const start = event.currentTarget.value;
                  onChange(ranges.map((r, i) => (i === index ? { ...r, start } : r)));
                }}
                error={errors[`week.${day}.${index}`]}
                style={{ flex: 1, minWidth: 0, maxWidth: 150 }}
              />
              <Text mt={6} aria-hidden>
                –
              </Text>
              <TextInput
                type="time"
                aria-label={`${label} interval ${index + 1} end`}
                value={range.end}
                onChange={(event) => {
                  const end = event.currentTarget.value;
                  onChange(ranges.map((r, i) => (i === index ? { ...r, end } : r)));
                }}
                error={errors[`week.${day}.${index}`] ? ' ' : undefined}
                style={{ flex: 1, minWidth: 0, maxWidth: 150 }}
              />
              <Button
                variant="subtle"
                color="red"
                size="xs"
                mt={4}
                aria-label={`Remove ${label} interval ${index + 1}`}
                onClick={() => onChange(ranges.filter((_, i) => i !== index))}
              >
                ×
              </Button>
            </Group>
          ))
        ) : (
          <Text size="sm" c="gray.7" mt={6}>
            Not a working day
          </Text>
        )}
        {working ? (
          <Group>
            <Button
              size="xs"
              variant="subtle"
              onClick={() => onChange([...ranges, { start: '13:00', end: '17:00' }])}
              aria-label={`Add an interval on ${label}`}
            >
              Add interval
            </Button>
          </Group>
        ) : null}
      </Stack>
    </Group>
  );
}
