// The editor of a working-time calendar (a drawer): name, key, time zone, business hours or 24×7,
// holidays.
import { SegmentedControl, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { EmptyState } from '../../components/States';
import { api } from '../../lib/api';
import { EditorActions, EditorDrawer, fieldErrorsOf, timeZones } from '../kit';
import { HolidayFields, WeekFields } from './CalendarFields';
import { CalendarPreview } from './CalendarPreview';
import type { CalendarEntry } from './slaData';
import {
  type CalendarForm,
  calendarToForm,
  checkCalendarForm,
  formToCalendar,
  type Weekday,
} from './slaForm';

export function CalendarEditor({
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
      loading={Boolean(calendarKey) && !calendars}
      missing={
        calendarKey && !existing ? (
          <EmptyState title="No such calendar">There is no calendar {calendarKey}.</EmptyState>
        ) : null
      }
    >
      <CalendarFormView entry={existing} calendars={calendars ?? []} onClose={onClose} onSaved={onSaved} />
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
      api(`/api/v1/sla/calendars/${encodeURIComponent(key)}`, 'sla.calendarOut', {
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
    mutationFn: () =>
      api(`/api/v1/sla/calendars/${encodeURIComponent(key)}`, 'common.noContent', { method: 'DELETE' }),
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
        {form.kind === 'business' ? <WeekFields week={form.week} errors={errors} onChange={setDay} /> : null}
        <HolidayFields
          holidays={form.holidays}
          errors={errors}
          onChange={(holidays) => update({ holidays })}
        />
        <CalendarPreview form={form} />
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
