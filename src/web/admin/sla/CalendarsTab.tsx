// Working-time calendars: 24×7 or business hours per weekday in a time zone, with holidays.
// List of cards; the editor is a drawer at ?tab=calendars&edit=<key>|new.
import {
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { EmptyState, ErrorState, LoadingBlock } from '../../components/States';
import { api } from '../../lib/api';
import { dateTime } from '../../lib/format';
import { EditorActions, EditorDrawer, fieldErrorsOf, Saved, timeZones, useUrlParam } from './adminKit';
import { type CalendarEntry, useCalendars } from './slaData';
import {
  type CalendarForm,
  calendarToForm,
  checkCalendarForm,
  formToCalendar,
  summariseWeek,
  WEEKDAY_LABELS,
  WEEKDAYS,
  type Weekday,
} from './slaForm';

export function CalendarsTab() {
  const calendars = useCalendars();
  const [edit, setEdit] = useUrlParam('edit');
  const [saved, setSaved] = useState<string | null>(null);

  return (
    <Stack>
      <Group justify="space-between">
        <Text size="sm" c="gray.7">
          Policy metrics count time in one of these calendars.
        </Text>
        <Button onClick={() => setEdit('new')}>New calendar</Button>
      </Group>
      {saved ? <Saved>{saved}</Saved> : null}
      {calendars.isPending ? (
        <LoadingBlock rows={2} height={110} />
      ) : calendars.isError ? (
        <ErrorState error={calendars.error} onRetry={() => calendars.refetch()} />
      ) : calendars.data.length === 0 ? (
        <EmptyState title="No calendars">Metrics without a calendar count around the clock.</EmptyState>
      ) : (
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          {calendars.data.map((entry) => (
            <Card key={entry.key} withBorder>
              <Stack gap={6}>
                <Group justify="space-between" wrap="nowrap" align="flex-start">
                  <div style={{ minWidth: 0 }}>
                    <Title order={2} size="h4">
                      {entry.calendar.name}
                    </Title>
                    <Text size="xs" c="gray.7" ff="monospace">
                      {entry.key}
                    </Text>
                  </div>
                  <Button
                    size="xs"
                    variant="light"
                    onClick={() => setEdit(entry.key)}
                    aria-label={`Edit ${entry.calendar.name}`}
                  >
                    Edit
                  </Button>
                </Group>
                <Group gap="xs">
                  <Badge variant="light" radius="sm" color={entry.calendar.kind === '24x7' ? 'teal' : 'blue'}>
                    {entry.calendar.kind === '24x7' ? '24×7' : 'Business hours'}
                  </Badge>
                  <Text size="sm">{entry.calendar.timeZone}</Text>
                </Group>
                {entry.calendar.kind === 'business' ? (
                  <Text size="sm">{summariseWeek(entry.calendar.week)}</Text>
                ) : null}
                <Text size="sm" c="gray.7">
                  {entry.calendar.holidays.length} holiday{entry.calendar.holidays.length === 1 ? '' : 's'} ·
                  used by {entry.usedBy.length} polic{entry.usedBy.length === 1 ? 'y' : 'ies'} · updated{' '}
                  {dateTime(entry.updatedAt)}
                </Text>
              </Stack>
            </Card>
          ))}
        </SimpleGrid>
      )}
      {edit ? (
        <CalendarEditor
          key={edit}
          calendarKey={edit === 'new' ? null : edit}
          calendars={calendars.data}
          onClose={() => setEdit(null)}
          onSaved={(message) => {
            setSaved(message);
            setEdit(null);
          }}
        />
      ) : null}
    </Stack>
  );
}

function CalendarEditor({
  calendarKey,
  calendars,
  onClose,
  onSaved,
}: {
  calendarKey: string | null;
  calendars: CalendarEntry[] | undefined;
  onClose: () => void;
  onSaved: (message: string) => void;
}) {
  const existing = calendarKey ? calendars?.find((entry) => entry.key === calendarKey) : undefined;
  return (
    <EditorDrawer
      onClose={onClose}
      title={calendarKey ? `Edit calendar ${existing?.calendar.name ?? calendarKey}` : 'New calendar'}
    >
      {calendarKey && !calendars ? (
        <LoadingBlock rows={6} height={48} />
      ) : calendarKey && !existing ? (
        <EmptyState title="No such calendar">There is no calendar {calendarKey}.</EmptyState>
      ) : (
        <CalendarFormView entry={existing} calendars={calendars ?? []} onClose={onClose} onSaved={onSaved} />
      )}
    </EditorDrawer>
  );
}

function CalendarFormView({
  entry,
  calendars,
  onClose,
  onSaved,
}: {
  entry: CalendarEntry | undefined;
  calendars: CalendarEntry[];
  onClose: () => void;
  onSaved: (message: string) => void;
}) {
  const client = useQueryClient();
  const zones = useMemo(timeZones, []);
  const [key, setKey] = useState(entry?.key ?? '');
  const [form, setForm] = useState<CalendarForm>(() => calendarToForm(entry?.calendar));
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});

  const save = useMutation({
    mutationFn: () =>
      api<CalendarEntry>(`/api/v1/sla/calendars/${encodeURIComponent(key)}`, {
        method: 'PUT',
        body: formToCalendar(form),
      }),
    onSuccess: async (saved) => {
      await client.invalidateQueries({ queryKey: ['admin', 'sla'] });
      onSaved(
        saved.usedBy.length
          ? `Calendar ${saved.key} saved; the tickets of ${saved.usedBy.length} polic${saved.usedBy.length === 1 ? 'y are' : 'ies are'} being re-measured.`
          : `Calendar ${saved.key} saved.`,
      );
    },
  });
  const remove = useMutation({
    mutationFn: () => api(`/api/v1/sla/calendars/${encodeURIComponent(key)}`, { method: 'DELETE' }),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ['admin', 'sla'] });
      onSaved(`Calendar ${key} deleted.`);
    },
  });

  const errors = { ...fieldErrorsOf(save.error), ...localErrors };
  const update = (patch: Partial<CalendarForm>) => setForm((current) => ({ ...current, ...patch }));
  const setDay = (day: Weekday, ranges: CalendarForm['week'][Weekday]) =>
    setForm((current) => ({ ...current, week: { ...current.week, [day]: ranges } }));

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const problems = checkCalendarForm(form);
    if (!/^[a-z0-9][a-z0-9_-]{0,62}$/.test(key))
      problems.key = 'Lowercase letters, digits, dashes and underscores, up to 63.';
    else if (!entry && calendars.some((other) => other.key === key))
      problems.key = 'A calendar with this key exists; edit it instead or pick another key.';
    setLocalErrors(problems);
    if (Object.keys(problems).length === 0) save.mutate();
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label="Name"
            required
            value={form.name}
            onChange={(event) => update({ name: event.currentTarget.value })}
            error={errors.name}
          />
          <TextInput
            label="Key"
            required
            disabled={Boolean(entry)}
            description="Policies refer to the calendar by this key."
            value={key}
            onChange={(event) => setKey(event.currentTarget.value)}
            error={errors.key}
          />
        </SimpleGrid>
        <Select
          label="Time zone"
          description="Working hours and holidays are local times in this zone (daylight saving included)."
          data={zones}
          searchable
          allowDeselect={false}
          value={form.timeZone}
          onChange={(timeZone) => update({ timeZone: timeZone ?? 'UTC' })}
          error={errors.timeZone}
          limit={100}
        />
        <div>
          <Text size="sm" fw={500} id="calendar-kind">
            Working time
          </Text>
          <SegmentedControl
            aria-labelledby="calendar-kind"
            fullWidth
            value={form.kind}
            onChange={(kind) => update({ kind: kind as CalendarForm['kind'] })}
            data={[
              { value: 'business', label: 'Business hours' },
              { value: '24x7', label: '24×7' },
            ]}
          />
        </div>
        {form.kind === 'business' ? (
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
                  ranges={form.week[day]}
                  errors={errors}
                  onChange={(ranges) => setDay(day, ranges)}
                />
              ))}
            </Stack>
          </Paper>
        ) : null}
        <Paper withBorder p="sm" component="fieldset" style={{ margin: 0 }}>
          <Text component="legend" fw={600} size="sm">
            Holidays (whole local days off)
          </Text>
          <Stack gap="xs">
            {form.holidays.length === 0 ? (
              <Text size="sm" c="gray.7">
                No holidays.
              </Text>
            ) : null}
            {form.holidays.map((holiday, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place, position is identity
              <Group key={index} align="flex-start" gap="xs" wrap="wrap">
                <TextInput
                  type="date"
                  label={`Holiday ${index + 1} date`}
                  value={holiday.date}
                  onChange={(event) => {
                    const date = event.currentTarget.value;
                    update({ holidays: form.holidays.map((h, i) => (i === index ? { ...h, date } : h)) });
                  }}
                  error={errors[`holidays.${index}.date`]}
                  w={170}
                />
                <TextInput
                  label={`Holiday ${index + 1} name`}
                  value={holiday.name}
                  onChange={(event) => {
                    const name = event.currentTarget.value;
                    update({ holidays: form.holidays.map((h, i) => (i === index ? { ...h, name } : h)) });
                  }}
                  error={errors[`holidays.${index}.name`]}
                  style={{ flex: 1, minWidth: 160 }}
                />
                <Button
                  mt={25}
                  variant="subtle"
                  color="red"
                  aria-label={`Remove holiday ${index + 1}`}
                  onClick={() => update({ holidays: form.holidays.filter((_, i) => i !== index) })}
                >
                  Remove
                </Button>
              </Group>
            ))}
            <Group>
              <Button
                variant="light"
                size="xs"
                onClick={() => update({ holidays: [...form.holidays, { date: '', name: '' }] })}
              >
                Add holiday
              </Button>
            </Group>
          </Stack>
        </Paper>
        <EditorActions
          noun="calendar"
          hasLocalErrors={Object.keys(localErrors).length > 0}
          saveError={save.error}
          saving={save.isPending}
          onCancel={onClose}
          deletion={
            entry
              ? {
                  title: `Delete calendar ${key}?`,
                  busy: remove.isPending,
                  error: remove.error,
                  onConfirm: () => remove.mutate(),
                  explanation: entry?.usedBy.length
                    ? `It is used by ${entry.usedBy.join(', ')}; the server refuses to delete a calendar in use.`
                    : 'No policy uses it.',
                }
              : undefined
          }
        />
      </Stack>
    </form>
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
