// Pure conversions between the SLA API shapes (src/shared/api/sla.ts) and the admin forms: goals
// typed as words ("8 min 45 s", "40 h", "6:21:00"), working hours per weekday, and clock triggers.
import type { Wire } from '../../../shared/api/common';
import {
  type calendarSchema,
  type clockConditionSchema,
  type policyOut,
  type storedSlaMetricSchema,
  WEEKDAYS,
  type Weekday,
} from '../../../shared/api/sla';
import { parseHms } from '../../../shared/duration';
import { duration } from '../../lib/format';

// ---------------------------------------------------------------- durations

const UNIT_SECONDS: Record<string, number> = {
  d: 86_400,
  day: 86_400,
  days: 86_400,
  h: 3_600,
  hr: 3_600,
  hrs: 3_600,
  hour: 3_600,
  hours: 3_600,
  m: 60,
  min: 60,
  mins: 60,
  minute: 60,
  minutes: 60,
  s: 1,
  sec: 1,
  secs: 1,
  second: 1,
  seconds: 1,
};

/**
 * "1 d 2 h", "8 min 45 s", "40 hours", "6:21:00" → seconds. Returns null for text that is not a
 * duration (a bare number is refused: its unit would be a guess).
 */
export function parseDuration(text: string): number | null {
  const trimmed = text.trim().toLowerCase();
  if (!trimmed) return null;
  if (/^\d+:\d{2}:\d{2}$/.test(trimmed)) {
    try {
      return parseHms(trimmed);
    } catch {
      return null;
    }
  }
  const part = /(\d+(?:\.\d+)?)\s*([a-z]+)\s*,?\s*/gy;
  let total = 0;
  let consumed = 0;
  let count = 0;
  for (let match = part.exec(trimmed); match; match = part.exec(trimmed)) {
    const unit = UNIT_SECONDS[match[2]!];
    if (unit === undefined) return null;
    total += Number(match[1]) * unit;
    consumed = part.lastIndex;
    count++;
  }
  if (count === 0 || consumed !== trimmed.length) return null;
  return Math.round(total);
}

/** 22860 → "6 h 21 min", 93784 → "1 d 2 h 3 min 4 s"; the inverse of parseDuration. */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '';
  return duration(Math.max(0, seconds), { exact: true });
}

// ---------------------------------------------------------------- calendars

export { WEEKDAYS, type Weekday };
export const WEEKDAY_LABELS: Record<Weekday, string> = {
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
  sun: 'Sunday',
};

/** A calendar as PUT /api/v1/sla/calendars/{key} takes it and the API answers it. */
export type ApiCalendar = Wire<typeof calendarSchema>;
export type ApiWeek = Extract<ApiCalendar, { kind: 'business' }>['week'];
export type Holiday = ApiCalendar['holidays'][number];

export interface TimeRange {
  start: string;
  end: string;
}
export type WeekForm = Record<Weekday, TimeRange[]>;

export interface CalendarForm {
  name: string;
  timeZone: string;
  kind: ApiCalendar['kind'];
  week: WeekForm;
  holidays: Holiday[];
}

const RANGE = /^(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})$/;
const pad = (text: string) => text.padStart(2, '0');

export function defaultWeek(): WeekForm {
  const day = () => [{ start: '09:00', end: '17:00' }];
  return { mon: day(), tue: day(), wed: day(), thu: day(), fri: day(), sat: [], sun: [] };
}

/** API week ("09:00-17:00" per interval) → editable start/end pairs. */
export function weekToForm(week: Partial<ApiWeek> | undefined): WeekForm {
  const out = {} as WeekForm;
  for (const day of WEEKDAYS) {
    out[day] = (week?.[day] ?? []).map((range) => {
      const match = RANGE.exec(range);
      if (!match) return { start: range, end: '' };
      return { start: `${pad(match[1]!)}:${match[2]}`, end: `${pad(match[3]!)}:${match[4]}` };
    });
  }
  return out;
}

export function formToWeek(form: WeekForm): ApiWeek {
  const out = {} as ApiWeek;
  for (const day of WEEKDAYS) out[day] = form[day].map((range) => `${range.start}-${range.end}`);
  return out;
}

const minutes = (time: string): number | null => {
  const match = /^(\d{2}):(\d{2})$/.exec(time);
  if (!match) return null;
  const value = Number(match[1]) * 60 + Number(match[2]);
  return Number(match[1]) > 24 || Number(match[2]) > 59 || value > 1440 ? null : value;
};

/** The same checks as the server, keyed like its 400 details ('week.mon.0', 'holidays.1.date'). */
export function checkCalendarForm(form: CalendarForm): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!form.name.trim()) errors.name = 'Give the calendar a name.';
  if (!form.timeZone) errors.timeZone = 'Pick a time zone.';
  if (form.kind === 'business') {
    let any = false;
    for (const day of WEEKDAYS) {
      const parsed: [number, number, number][] = [];
      form.week[day].forEach((range, index) => {
        any = true;
        const start = minutes(range.start);
        const end = minutes(range.end);
        if (start === null || end === null) errors[`week.${day}.${index}`] = 'Enter both times as HH:MM.';
        else if (end <= start) errors[`week.${day}.${index}`] = 'The end must be after the start.';
        else parsed.push([start, end, index]);
      });
      parsed.sort((a, b) => a[0] - b[0]);
      for (let i = 1; i < parsed.length; i++) {
        if (parsed[i]![0] < parsed[i - 1]![1])
          errors[`week.${day}.${parsed[i]![2]}`] = 'This interval overlaps another one.';
      }
    }
    if (!any) errors.week = 'A business-hours calendar needs at least one working interval.';
  }
  const seen = new Set<string>();
  form.holidays.forEach((holiday, index) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(holiday.date)) errors[`holidays.${index}.date`] = 'Pick a date.';
    else if (seen.has(holiday.date)) errors[`holidays.${index}.date`] = 'This date is already a holiday.';
    seen.add(holiday.date);
    if (!holiday.name.trim()) errors[`holidays.${index}.name`] = 'Name the holiday.';
  });
  return errors;
}

export function calendarToForm(calendar: ApiCalendar | undefined): CalendarForm {
  if (!calendar) return { name: '', timeZone: 'UTC', kind: 'business', week: defaultWeek(), holidays: [] };
  return {
    name: calendar.name,
    timeZone: calendar.timeZone,
    kind: calendar.kind,
    week: calendar.kind === 'business' ? weekToForm(calendar.week) : defaultWeek(),
    holidays: calendar.holidays.map((holiday) => ({ ...holiday })),
  };
}

export function formToCalendar(form: CalendarForm): ApiCalendar {
  const common = {
    name: form.name.trim(),
    timeZone: form.timeZone,
    holidays: [...form.holidays]
      .map((holiday) => ({ date: holiday.date, name: holiday.name.trim() }))
      .sort((a, b) => a.date.localeCompare(b.date)),
  };
  return form.kind === '24x7'
    ? { ...common, kind: '24x7' }
    : { ...common, kind: 'business', week: formToWeek(form.week) };
}

/** "Mon–Fri 09:00–17:00" style summary of a week for lists. */
export function summariseWeek(week: ApiWeek): string {
  const groups: { days: Weekday[]; text: string }[] = [];
  for (const day of WEEKDAYS) {
    const text = week[day].join(', ').replaceAll('-', '–');
    const last = groups.at(-1);
    if (last && last.text === text && WEEKDAYS.indexOf(last.days.at(-1)!) === WEEKDAYS.indexOf(day) - 1)
      last.days.push(day);
    else groups.push({ days: [day], text });
  }
  const short = (day: Weekday) => WEEKDAY_LABELS[day].slice(0, 3);
  return groups
    .filter((group) => group.text)
    .map((group) => {
      const first = short(group.days[0]!);
      const span = group.days.length > 1 ? `${first}–${short(group.days.at(-1)!)}` : first;
      return `${span} ${group.text}`;
    })
    .join('; ');
}

// ---------------------------------------------------------------- policies

export type Trigger = Wire<typeof clockConditionSchema>;
/** A policy's metric as the API stores it (naming its calendar by key). */
export type ApiMetric = Wire<typeof storedSlaMetricSchema>;
export type ApiPolicy = Wire<typeof policyOut>;

export interface MetricForm {
  id: string;
  key: string;
  name: string;
  goal: string;
  warnPercent: number;
  start: string[];
  pause: string[];
  stop: string[];
  onRestart: ApiMetric['onRestart'];
  calendar: string;
}

export interface PolicyForm {
  key: string;
  name: string;
  description: string;
  requestTypes: string[];
  /** Kept as the API gave it: the scopes by ticket kind and priority are not edited in this form. */
  appliesTo: ApiPolicy['appliesTo'];
  metrics: MetricForm[];
}

/** A trigger as one option value: 'created', 'entered:in_progress', 'left:waiting_for_customer'. */
export const triggerValue = (trigger: Trigger) =>
  trigger.on === 'created' ? 'created' : `${trigger.on}:${trigger.status}`;

export function parseTriggerValue(value: string): Trigger {
  if (value === 'created') return { on: 'created' };
  const [on, ...rest] = value.split(':');
  return { on: on === 'left' ? 'left' : 'entered', status: rest.join(':') };
}

export function triggerOptions(statuses: { key: string; name: string }[]) {
  return [
    { value: 'created', label: 'Ticket created' },
    ...statuses.map((status) => ({ value: `entered:${status.key}`, label: `Enters ${status.name}` })),
    ...statuses.map((status) => ({ value: `left:${status.key}`, label: `Leaves ${status.name}` })),
  ];
}

export function describeTrigger(trigger: Trigger, names: Record<string, string> = {}): string {
  if (trigger.on === 'created') return 'ticket created';
  const name = names[trigger.status] ?? trigger.status;
  return trigger.on === 'entered' ? `enters ${name}` : `leaves ${name}`;
}

let nextId = 0;
const metricId = () => `metric-${++nextId}`;

export function emptyMetric(): MetricForm {
  return {
    id: metricId(),
    key: 'time_to_resolution',
    name: 'Time to resolution',
    goal: '',
    warnPercent: 80,
    start: ['created'],
    pause: [],
    stop: ['entered:closed'],
    onRestart: 'continue',
    calendar: '24x7',
  };
}

export function policyToForm(policy: ApiPolicy | undefined): PolicyForm {
  if (!policy)
    return { key: '', name: '', description: '', requestTypes: [], appliesTo: [], metrics: [emptyMetric()] };
  return {
    key: policy.key,
    name: policy.name,
    description: policy.description,
    requestTypes: [...policy.requestTypes],
    appliesTo: policy.appliesTo.map((scope) => ({ ...scope })),
    metrics: policy.metrics.map((metric) => ({
      id: metricId(),
      key: metric.key,
      name: metric.name,
      goal: formatDuration(metric.goalSeconds),
      warnPercent: Math.round(metric.warnAtShare * 100),
      start: metric.start.map(triggerValue),
      pause: metric.pause.map((pause) => pause.whileIn),
      stop: metric.stop.map(triggerValue),
      onRestart: metric.onRestart,
      calendar: metric.calendar,
    })),
  };
}

/** The PUT body, or the field problems (keyed like the server's) that stop it. */
export function formToPolicy(
  form: PolicyForm,
):
  | { ok: true; body: Omit<ApiPolicy, 'key' | 'version' | 'updatedAt'> }
  | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  if (!/^[a-z][a-z0-9_]{0,62}$/.test(form.key))
    errors.key = 'Use lowercase letters, digits and underscores, starting with a letter.';
  if (!form.name.trim()) errors.name = 'Give the policy a name.';
  if (form.metrics.length === 0) errors.metrics = 'Add at least one metric.';
  const keys = new Set<string>();
  const metrics = form.metrics.map((metric, index) => {
    const at = `metrics.${index}`;
    if (!/^[a-z][a-z0-9_]*$/.test(metric.key)) errors[`${at}.key`] = 'Use a key like time_to_resolution.';
    else if (keys.has(metric.key)) errors[`${at}.key`] = 'Two metrics have this key.';
    keys.add(metric.key);
    if (!metric.name.trim()) errors[`${at}.name`] = 'Name the metric.';
    let goalSeconds: number | null = null;
    if (metric.goal.trim()) {
      goalSeconds = parseDuration(metric.goal);
      if (goalSeconds === null || goalSeconds <= 0)
        errors[`${at}.goalSeconds`] = 'Write a duration such as "8 min 45 s", "6 h 21 min" or "6:21:00".';
    }
    if (!(metric.warnPercent > 0 && metric.warnPercent <= 100))
      errors[`${at}.warnAtShare`] = 'Between 1 and 100 %.';
    if (metric.start.length === 0) errors[`${at}.start`] = 'Pick when the clock starts.';
    return {
      key: metric.key,
      name: metric.name.trim(),
      goalSeconds,
      warnAtShare: Math.round(metric.warnPercent) / 100,
      start: metric.start.map(parseTriggerValue),
      pause: metric.pause.map((whileIn) => ({ whileIn })),
      stop: metric.stop.map(parseTriggerValue),
      onRestart: metric.onRestart,
      calendar: metric.calendar,
    };
  });
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    body: {
      name: form.name.trim(),
      description: form.description,
      metrics,
      requestTypes: form.requestTypes,
      appliesTo: form.appliesTo,
    },
  };
}
