// The on-call API contract: schedules (layers, restrictions, overrides), who is on call at an
// instant, escalation policies and the services they answer for, pages and their
// acknowledgement, importers from Opsgenie and PagerDuty, and the on-call reports.
import { z } from 'zod';
import { dateTime } from './common.js';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a local time as HH:mm');
const localDate = z.iso.date();
export const timeZone = z
  .string()
  .min(1)
  .max(64)
  .refine((zone) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  }, 'an IANA time zone such as Europe/Berlin');

export const rotationKinds = ['daily', 'weekly', 'custom'] as const;

export const restrictionIn = z
  .object({
    days: z
      .array(z.number().int().min(1).max(7))
      .min(1)
      .max(7)
      .describe('ISO weekdays: 1 = Monday … 7 = Sunday'),
    start: hhmm,
    end: hhmm.describe('at or before start: the window runs past midnight'),
  })
  .strict();

export const layerIn = z
  .object({
    name: z.string().trim().min(1).max(100),
    rotation: z.enum(rotationKinds),
    shiftHours: z
      .number()
      .int()
      .min(1)
      .max(24 * 56)
      .optional()
      .describe('custom rotations: hours per shift'),
    handoffTime: hhmm,
    startDate: localDate.describe('local date of the first shift (members[0] starts)'),
    members: z.array(z.uuid()).min(1, 'a rotation needs at least one member').max(100),
    restrictions: z.array(restrictionIn).max(14).optional(),
  })
  .strict()
  .refine((layer) => layer.rotation !== 'custom' || layer.shiftHours !== undefined, {
    path: ['shiftHours'],
    message: 'a custom rotation needs shiftHours',
  });

export const scheduleIn = z
  .object({
    name: z.string().trim().min(1).max(200),
    description: z.string().max(2_000).optional(),
    timeZone,
    team: z.string().max(63).nullable().optional().describe('the owning team key'),
    layers: z.array(layerIn).min(1).max(10),
  })
  .strict();

export const userRef = z.object({ id: z.string(), name: z.string() });

export const layerOut = z.object({
  name: z.string(),
  rotation: z.enum(rotationKinds),
  shiftHours: z.number().optional(),
  handoffTime: z.string(),
  startDate: z.string(),
  members: z.array(z.string()),
  restrictions: z
    .array(z.object({ days: z.array(z.number()), start: z.string(), end: z.string() }))
    .optional(),
});

export const overrideOut = z.object({
  id: z.uuid(),
  user: userRef,
  replaces: userRef.nullable(),
  startsAt: dateTime,
  endsAt: dateTime,
  reason: z.string(),
});

export const scheduleOut = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string(),
  timeZone: z.string(),
  team: z.string().nullable(),
  layers: z.array(layerOut),
  members: z.array(userRef),
  overrides: z.array(overrideOut),
  onCallNow: z.array(userRef),
  createdAt: dateTime,
  updatedAt: dateTime,
});
export const schedulesOut = z.array(scheduleOut);

export const idParams = z.object({ id: z.uuid() });
export const overrideParams = z.object({ id: z.uuid(), overrideId: z.uuid() });

/** The contract's answer (CONTRACT.md): who is on call at that instant. */
export const oncallQuery = z.object({ at: z.iso.datetime({ offset: true }).optional() });
export const oncallOut = z.object({ users: z.array(userRef) });

export const shiftsQuery = z.object({
  from: z.iso.datetime({ offset: true }),
  to: z.iso.datetime({ offset: true }),
});
export const shiftsOut = z.array(z.object({ start: dateTime, end: dateTime, users: z.array(userRef) }));

export const overrideIn = z
  .object({
    user: z.uuid().describe('who covers'),
    replaces: z.uuid().nullable().optional().describe('who is covered; absent or null: the whole schedule'),
    startsAt: z.iso.datetime({ offset: true }),
    endsAt: z.iso.datetime({ offset: true }),
    reason: z.string().max(500).optional(),
  })
  .strict();

export const targetTypes = ['user', 'schedule', 'team'] as const;
export const targetIn = z.object({ type: z.enum(targetTypes), id: z.uuid() }).strict();

export const levelIn = z
  .object({
    timeoutMinutes: z.number().int().min(1).max(1_440),
    targets: z.array(targetIn).min(1, 'a level needs at least one target').max(20),
  })
  .strict();

export const policyIn = z
  .object({
    name: z.string().trim().min(1).max(200),
    description: z.string().max(2_000).optional(),
    repeat: z
      .number()
      .int()
      .min(0)
      .max(9)
      .default(0)
      .describe('times the levels run again when nobody answers'),
    levels: z.array(levelIn).min(1).max(10),
    services: z
      .array(z.string().min(1).max(300))
      .max(100)
      .optional()
      .describe('services (id or name) it pages for'),
    chatWebhookId: z
      .uuid()
      .nullable()
      .optional()
      .describe('a chat webhook (notifications) told of each page'),
  })
  .strict();

export const policyOut = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string(),
  repeat: z.number(),
  levels: z.array(
    z.object({
      timeoutMinutes: z.number(),
      targets: z.array(z.object({ type: z.enum(targetTypes), id: z.string(), name: z.string() })),
    }),
  ),
  services: z.array(z.object({ id: z.string(), name: z.string() })),
  chatWebhookId: z.string().nullable(),
  createdAt: dateTime,
  updatedAt: dateTime,
});
export const policiesOut = z.array(policyOut);

export const pageStatuses = ['triggered', 'acknowledged', 'exhausted'] as const;

export const pageOut = z.object({
  id: z.uuid(),
  ticketKey: z.string(),
  title: z.string(),
  policy: z.object({ id: z.string(), name: z.string() }),
  service: z.object({ id: z.string(), name: z.string() }).nullable(),
  status: z.enum(pageStatuses),
  level: z.number().describe('1-based'),
  loop: z.number(),
  openedAt: dateTime,
  acknowledgedAt: dateTime.nullable(),
  acknowledgedBy: userRef.nullable(),
  acknowledgedVia: z.string().nullable(),
  notified: z.array(userRef),
});
export const pagesOut = z.array(pageOut);
export const pagesQuery = z.object({
  mine: z.enum(['true', 'false']).optional(),
  status: z.enum(pageStatuses).optional(),
});

export const importSources = ['opsgenie', 'pagerduty'] as const;
export const importIn = z
  .object({
    source: z.enum(importSources),
    dryRun: z.boolean().default(false),
    data: z.record(z.string(), z.unknown()).describe('the export or API JSON of the source'),
  })
  .strict();
export const importOut = z.object({
  dryRun: z.boolean(),
  created: z.object({
    schedules: z.array(z.string()),
    policies: z.array(z.string()),
    contacts: z.array(z.string()),
  }),
  unchanged: z.object({ schedules: z.array(z.string()), policies: z.array(z.string()) }),
  warnings: z.array(z.string()),
});

export const reportQuery = z.object({
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});
export const reportOut = z.object({
  from: dateTime,
  to: dateTime,
  byService: z.array(
    z.object({
      service: z.string(),
      pages: z.number(),
      acknowledged: z.number(),
      medianAckSeconds: z.number().nullable(),
    }),
  ),
  byResponder: z.array(
    z.object({ user: userRef, acknowledged: z.number(), medianAckSeconds: z.number().nullable() }),
  ),
  perPersonWeek: z.array(z.object({ user: userRef, week: z.string(), pages: z.number() })),
});
