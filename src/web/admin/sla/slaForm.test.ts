import { describe, expect, it } from 'vitest';
import {
  type ApiPolicy,
  calendarToForm,
  checkCalendarForm,
  defaultWeek,
  formatDuration,
  formToCalendar,
  formToPolicy,
  formToWeek,
  parseDuration,
  parseTriggerValue,
  policyToForm,
  summariseWeek,
  triggerValue,
  weekToForm,
} from './slaForm';

describe('durations', () => {
  it('parses words, abbreviations and H:MM:SS', () => {
    expect(parseDuration('8 min 45 s')).toBe(525);
    expect(parseDuration('6h 21m')).toBe(22_860);
    expect(parseDuration('40 hours 36 seconds')).toBe(144_036);
    expect(parseDuration('1 d 2 h')).toBe(93_600);
    expect(parseDuration('6:21:00')).toBe(22_860);
    expect(parseDuration('1.5 h')).toBe(5_400);
  });
  it('refuses bare numbers, unknown units and garbage', () => {
    expect(parseDuration('90')).toBeNull();
    expect(parseDuration('3 weeks')).toBeNull();
    expect(parseDuration('5 min and more')).toBeNull();
    expect(parseDuration('')).toBeNull();
  });
  it('formats and round-trips the Table 3 targets', () => {
    for (const seconds of [525, 144_036, 22_482, 22_860, 93_784]) {
      expect(parseDuration(formatDuration(seconds))).toBe(seconds);
    }
    expect(formatDuration(22_860)).toBe('6 h 21 min');
    expect(formatDuration(null)).toBe('');
  });
});

describe('working hours', () => {
  it('turns API ranges into start/end pairs and back', () => {
    const api = {
      mon: ['9:00-12:30', '13:30-17:00'],
      tue: [],
      wed: [],
      thu: [],
      fri: ['08:00-16:00'],
      sat: [],
      sun: [],
    };
    const form = weekToForm(api);
    expect(form.mon).toEqual([
      { start: '09:00', end: '12:30' },
      { start: '13:30', end: '17:00' },
    ]);
    expect(form.tue).toEqual([]);
    expect(formToWeek(form)).toEqual({ ...api, mon: ['09:00-12:30', '13:30-17:00'] });
  });
  it('checks intervals like the server, keyed like its details', () => {
    const week = defaultWeek();
    week.mon = [
      { start: '09:00', end: '12:00' },
      { start: '11:00', end: '13:00' },
    ];
    week.tue = [{ start: '17:00', end: '09:00' }];
    const errors = checkCalendarForm({
      name: '',
      timeZone: 'Europe/Berlin',
      kind: 'business',
      week,
      holidays: [
        { date: '2026-12-25', name: 'Christmas' },
        { date: '2026-12-25', name: '' },
      ],
    });
    expect(errors).toEqual({
      name: 'Give the calendar a name.',
      'week.mon.1': 'This interval overlaps another one.',
      'week.tue.0': 'The end must be after the start.',
      'holidays.1.date': 'This date is already a holiday.',
      'holidays.1.name': 'Name the holiday.',
    });
  });
  it('needs one interval for business hours, none for 24x7', () => {
    const empty = { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };
    const form = { name: 'x', timeZone: 'UTC', kind: 'business' as const, week: empty, holidays: [] };
    expect(checkCalendarForm(form).week).toBeDefined();
    expect(checkCalendarForm({ ...form, kind: '24x7' })).toEqual({});
  });
  it('builds the PUT body per kind, holidays sorted', () => {
    const form = calendarToForm(undefined);
    form.name = ' Berlin office ';
    form.timeZone = 'Europe/Berlin';
    form.holidays = [
      { date: '2026-12-26', name: 'Boxing day' },
      { date: '2026-12-25', name: 'Christmas' },
    ];
    const body = formToCalendar(form);
    expect(body).toMatchObject({ name: 'Berlin office', kind: 'business', timeZone: 'Europe/Berlin' });
    expect(body.holidays.map((holiday) => holiday.date)).toEqual(['2026-12-25', '2026-12-26']);
    expect(formToCalendar({ ...form, kind: '24x7' })).not.toHaveProperty('week');
  });
  it('summarises a week', () => {
    expect(summariseWeek(formToWeek(defaultWeek()))).toBe('Mon–Fri 09:00–17:00');
  });
});

describe('policies', () => {
  const policy: ApiPolicy = {
    key: 'staging_x',
    name: 'Staging X',
    description: '',
    requestTypes: ['recreate-staging'],
    appliesTo: [{ kind: 'incident', priority: 'critical' }],
    version: 1,
    updatedAt: '2026-01-01T00:00:00Z',
    metrics: [
      {
        key: 'time_to_fulfilment',
        name: 'Time to fulfilment',
        goalSeconds: 144_036,
        warnAtShare: 0.8,
        start: [{ on: 'entered', status: 'in_progress' }],
        pause: [{ whileIn: 'waiting_for_customer' }],
        stop: [
          { on: 'entered', status: 'closed' },
          { on: 'left', status: 'in_progress' },
        ],
        onRestart: 'continue',
        calendar: '24x7',
      },
      {
        key: 'time_to_resolution',
        name: 'Time to resolution',
        goalSeconds: null,
        warnAtShare: 0.75,
        start: [{ on: 'created' }],
        pause: [],
        stop: [],
        onRestart: 'new_cycle',
        calendar: 'office',
      },
    ],
  };
  it('trigger values round-trip', () => {
    for (const trigger of policy.metrics[0]!.stop)
      expect(parseTriggerValue(triggerValue(trigger))).toEqual(trigger);
    expect(parseTriggerValue('created')).toEqual({ on: 'created' });
  });
  it('form round-trips to the same PUT body', () => {
    const result = formToPolicy(policyToForm(policy));
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.body.metrics).toEqual(policy.metrics);
      expect(result.body.requestTypes).toEqual(['recreate-staging']);
      // Saving the form must not drop the scopes set through the API.
      expect(result.body.appliesTo).toEqual([{ kind: 'incident', priority: 'critical' }]);
    }
  });
  it('reports bad fields with the server keys', () => {
    const form = policyToForm(policy);
    form.key = 'Bad Key';
    form.metrics[0]!.goal = 'soon';
    form.metrics[1]!.key = 'time_to_fulfilment';
    form.metrics[1]!.start = [];
    const result = formToPolicy(form);
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(Object.keys(result.errors).sort()).toEqual([
        'key',
        'metrics.0.goalSeconds',
        'metrics.1.key',
        'metrics.1.start',
      ]);
  });
});
