// The SLA API: working-time calendars, SLA policies (metrics as data, the pure clock's vocabulary)
// and a ticket's clocks explained.
import { z } from 'zod';
import { dateTime, isRealDate, isTimeZone } from './common.js';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const TIME_RANGE = /^([01]\d|2[0-3]):([0-5]\d)-(?:([01]\d|2[0-3]):([0-5]\d)|(24):(00))$/;

/** '09:00-17:00' → [540, 1020] minutes after local midnight; '24:00' ends a day. */
export function parseTimeRange(range: string): [number, number] | null {
  const match = TIME_RANGE.exec(range);
  if (!match) return null;
  const start = Number(match[1]) * 60 + Number(match[2]);
  const end = Number(match[3] ?? match[5]) * 60 + Number(match[4] ?? match[6]);
  return [start, end];
}

// A calendar says which instants count as working time: 24x7, or business hours in local wall
// time of its zone; holidays are whole local days off (the arithmetic is the server's,
// modules/sla/calendar.ts).
const timeRangeSchema = z
  .string()
  .refine((range) => parseTimeRange(range) !== null, 'expected HH:MM-HH:MM, e.g. 09:00-17:00')
  .refine((range) => {
    const parsed = parseTimeRange(range);
    return parsed === null || parsed[1] > parsed[0];
  }, 'the end of a working interval must be after its start');

const dayScheduleSchema = z
  .array(timeRangeSchema)
  .default([])
  .superRefine((ranges, ctx) => {
    const parsed = ranges.map(parseTimeRange).filter((range) => range !== null);
    parsed.sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < parsed.length; i++) {
      if (parsed[i]![0] < parsed[i - 1]![1]) {
        ctx.addIssue({ code: 'custom', message: `working intervals overlap: ${ranges.join(', ')}` });
        return;
      }
    }
  });

const weekSchema = z
  .strictObject(
    Object.fromEntries(WEEKDAYS.map((day) => [day, dayScheduleSchema])) as Record<
      Weekday,
      typeof dayScheduleSchema
    >,
  )
  .refine(
    (week) => WEEKDAYS.some((day) => week[day].length > 0),
    'a business calendar needs at least one working interval in its week',
  );

const isoDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD')
  .refine(isRealDate, 'not a real date');

const holidaySchema = z.strictObject({ date: isoDateSchema, name: z.string().min(1) });

const commonFields = {
  name: z.string().min(1),
  timeZone: z.string().refine(isTimeZone, 'not an IANA time zone, e.g. Europe/Berlin'),
  holidays: z
    .array(holidaySchema)
    .default([])
    .refine(
      (holidays) => new Set(holidays.map((holiday) => holiday.date)).size === holidays.length,
      'a date is listed as a holiday twice',
    ),
};

export const calendarSchema = z.discriminatedUnion('kind', [
  z.strictObject({ ...commonFields, kind: z.literal('24x7') }),
  z.strictObject({ ...commonFields, kind: z.literal('business'), week: weekSchema }),
]);

export type Calendar = z.infer<typeof calendarSchema>;
export type CalendarInput = z.input<typeof calendarSchema>;

// An SLA policy is data that admins edit as JSON. Its conditions speak of the ticket's history
// only, in three words:
//   { "on": "created" }                         the ticket was created
//   { "on": "entered", "status": "in_progress" } the ticket came into a status (creation enters
//                                                its initial status)
//   { "on": "left", "status": "in_progress" }    the ticket went out of a status
// and pauses say where time does not count: { "whileIn": "waiting_for_customer" }.
// Several conditions in one list mean "any of them". Status keys are whatever the workflow
// uses; nothing here knows the default workflow.

const statusKey = z.string().min(1);

export const clockConditionSchema = z.discriminatedUnion('on', [
  z.strictObject({ on: z.literal('created') }),
  z.strictObject({ on: z.literal('entered'), status: statusKey }),
  z.strictObject({ on: z.literal('left'), status: statusKey }),
]);
export type ClockCondition = z.infer<typeof clockConditionSchema>;

export const pauseConditionSchema = z.strictObject({ whileIn: statusKey });
export type PauseCondition = z.infer<typeof pauseConditionSchema>;

export const metricKeySchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]*$/, 'expected a key like time_to_resolution');

export const slaMetricSchema = z.strictObject({
  key: metricKeySchema,
  name: z.string().min(1),
  /** null: the clock is measured and explained but promises nothing (no warning, no breach). */
  goalSeconds: z.number().int().positive().nullable(),
  /** Share of the goal at which a warning is due, e.g. 0.8. */
  warnAtShare: z.number().gt(0).max(1).default(0.8),
  calendar: calendarSchema,
  start: z.array(clockConditionSchema).min(1),
  pause: z.array(pauseConditionSchema).default([]),
  stop: z.array(clockConditionSchema).default([]),
  /**
   * When a stopped clock's start condition fires again (a reopen): 'continue' keeps counting on
   * top of the time already spent; 'new_cycle' measures the new round against the goal afresh.
   */
  onRestart: z.enum(['continue', 'new_cycle']),
});
export type SlaMetric = z.infer<typeof slaMetricSchema>;
export type SlaMetricInput = z.input<typeof slaMetricSchema>;

// Policies as admins store them: like the pure engine's SlaMetric, but naming a stored calendar
// by key, so that editing a calendar re-measures every policy that uses it.

export const calendarKeySchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'expected a key like berlin-office or 24x7');
export const policyKeySchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,62}$/, 'expected a key like staging_create_staging_domain');

/** The built-in 24×7 calendar (UTC), seeded by the migration. */
export const allDayCalendarKey = '24x7';

export const storedSlaMetricSchema = slaMetricSchema
  .omit({ calendar: true })
  .extend({ calendar: calendarKeySchema.default(allDayCalendarKey) });
export type StoredSlaMetric = z.infer<typeof storedSlaMetricSchema>;
export type StoredSlaMetricInput = z.input<typeof storedSlaMetricSchema>;

export const storedPolicyMetricsSchema = z
  .array(storedSlaMetricSchema)
  .min(1)
  .max(20)
  .refine(
    (metrics) => new Set(metrics.map((metric) => metric.key)).size === metrics.length,
    'two metrics share a key',
  );

export const policyInputSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    description: z.string().max(5000).default(''),
    metrics: storedPolicyMetricsSchema,
    /** Request type keys this policy measures. */
    requestTypes: z.array(z.string().min(1).max(100)).max(500).default([]),
    /** Tickets it measures by kind and priority when their request type names no policy (incidents by priority …). */
    appliesTo: z
      .array(
        z
          .object({
            kind: z.enum(['request', 'incident', 'problem', 'change']),
            priority: z
              .enum(['critical', 'high', 'moderate', 'low', 'planning'])
              .nullable()
              .default(null)
              .describe('null: any priority of the kind'),
          })
          .strict(),
      )
      .max(50)
      .default([]),
  })
  .strict();
export type PolicyInput = z.input<typeof policyInputSchema>;

export const calendarParams = z.object({ key: calendarKeySchema });
export const policyParams = z.object({ key: policyKeySchema });

export const calendarOut = z.object({
  key: z.string(),
  calendar: calendarSchema,
  usedBy: z.array(z.string()).describe('keys of the policies whose metrics use it'),
  updatedAt: dateTime,
});
export const policyOut = z.object({
  key: z.string(),
  name: z.string(),
  description: z.string(),
  metrics: z.array(storedSlaMetricSchema),
  requestTypes: z.array(z.string()),
  appliesTo: z
    .array(z.object({ kind: z.string(), priority: z.string().nullable() }))
    .describe('ticket kinds (and priorities) it measures when their request type names no policy'),
  version: z.number(),
  updatedAt: dateTime,
});
export const calendarListOut = z.array(calendarOut);

/** A wall-clock time in the calendar's time zone, "2026-03-27T16:00". */
const localDateTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, 'must be a local date and time such as 2026-03-27T16:00');

/** Preview of a calendar before saving: working time between two instants and a goal's breach instant. */
export const calendarPreviewIn = z.strictObject({
  calendar: calendarSchema,
  start: localDateTime.describe('in the calendar’s time zone'),
  end: localDateTime.describe('in the calendar’s time zone; after start'),
  goalMinutes: z.number().int().positive().max(525_600).describe('working minutes from start to the breach'),
});
export const calendarPreviewOut = z.object({
  /** Working seconds between start and end. */
  workingSeconds: z.number(),
  /** When a clock started at `start` with the goal breaches, in the calendar's time zone and as an instant. */
  breachAtLocal: z.string(),
  breachAt: dateTime,
  /** The UTC offsets at start and breach ("+01:00", "+02:00"): a DST change shows as two. */
  startOffset: z.string(),
  breachOffset: z.string(),
});
export const policyListOut = z.array(policyOut);

/** POST /sla/rebuild: the re-measurement runs as a job. */
export const rebuildQueuedOut = z.object({ queued: z.literal(true) });

// A ticket's SLA clocks, computed from its history, with the intervals that counted and why.
const cycleOut = z.object({
  number: z.number(),
  startedAt: dateTime,
  stoppedAt: dateTime.nullable(),
  elapsedSeconds: z.number(),
  breached: z.boolean(),
  met: z.boolean(),
  warnAt: dateTime.nullable(),
  breachAt: dateTime.nullable(),
});

const intervalOut = z.object({
  from: dateTime,
  to: dateTime,
  kind: z.enum(['not_started', 'counting', 'paused', 'outside_working_hours', 'holiday', 'stopped']),
  reason: z.string().describe('why the time counted or not: counting, paused: in …, holiday: …'),
  countedSeconds: z.number(),
  cycle: z.number().nullable(),
});

export const ticketSlaOut = z.object({
  ticket: z.string(),
  policy: z.object({ key: z.string(), name: z.string(), version: z.number() }).nullable(),
  computedAt: dateTime,
  metrics: z.array(
    z.object({
      key: z.string(),
      name: z.string(),
      calendar: z.string().describe('the calendar’s name'),
      state: z.enum(['not_started', 'running', 'paused', 'stopped']),
      cycle: z.number().nullable(),
      elapsedSeconds: z.number(),
      goalSeconds: z.number().nullable(),
      remainingSeconds: z.number().nullable(),
      met: z.boolean(),
      breached: z.boolean(),
      warnAt: dateTime.nullable(),
      breachAt: dateTime.nullable(),
      cycles: z.array(cycleOut),
      intervals: z.array(intervalOut),
    }),
  ),
  events: z.array(
    z.object({
      kind: z.enum(['warning', 'breach']),
      metric: z.string(),
      cycle: z.number(),
      goalSeconds: z.number(),
      elapsedSeconds: z.number(),
      dueAt: dateTime,
      raisedAt: dateTime,
    }),
  ),
});
export type TicketSlaOut = z.infer<typeof ticketSlaOut>;
