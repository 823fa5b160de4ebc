// Opsgenie's API JSON (`/v2/schedules?expand=rotation`, `/v2/escalations`, users with their
// contacts) as an import plan. Participants are users by username (their email), schedules
// (by id) or teams (by name). Escalation rules' delays count from the alert: consecutive rules
// become levels whose timeout is the difference; rules at the same delay share a level.
import { z } from 'zod';
import { timeZone } from '../../../../shared/api/oncall.js';
import { type ImportPlan, localStart, mergeWindows, type PlanTarget, rotationOf, windowsOf } from './plan.js';

const days = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
// A list as Opsgenie's API answers it (`{"data": [...]}`) or bare.
const listOf = <T extends z.ZodType>(item: T) =>
  z.preprocess(
    (value) =>
      value !== null && typeof value === 'object' && !Array.isArray(value) && 'data' in value
        ? (value as { data: unknown }).data
        : value,
    z.array(item),
  );

const recipient = z.object({
  type: z.enum(['user', 'schedule', 'team', 'escalation', 'none']),
  id: z.string().optional(),
  name: z.string().optional(),
  username: z.string().optional(),
});

const restrictionTime = z.object({
  startHour: z.number().int().min(0).max(24),
  startMin: z.number().int().min(0).max(59),
  endHour: z.number().int().min(0).max(24),
  endMin: z.number().int().min(0).max(59),
});

const rotation = z.object({
  id: z.string(),
  name: z.string().default('Rotation'),
  startDate: z.iso.datetime({ offset: true }),
  type: z.enum(['daily', 'weekly', 'hourly']),
  length: z.number().int().min(1).default(1),
  participants: z.array(recipient).default([]),
  timeRestriction: z
    .object({
      type: z.enum(['time-of-day', 'weekday-and-time-of-day']),
      restriction: restrictionTime.optional(),
      restrictions: z
        .array(restrictionTime.extend({ startDay: z.enum(days), endDay: z.enum(days) }))
        .optional(),
    })
    .nullish(),
});

export const opsgenieExport = z.object({
  schedules: listOf(
    z.object({
      id: z.string().min(1),
      name: z.string().min(1),
      description: z.string().default(''),
      timezone: timeZone.default('UTC'),
      rotations: z.array(rotation),
    }),
  ).default([]),
  escalations: listOf(
    z.object({
      id: z.string().min(1),
      name: z.string().min(1),
      description: z.string().default(''),
      rules: z
        .array(
          z.object({
            delay: z.object({
              timeAmount: z.number().min(0),
              timeUnit: z.enum(['minutes', 'hours', 'days']).default('minutes'),
            }),
            recipient,
          }),
        )
        .min(1),
      repeat: z
        .object({ waitInterval: z.number().min(0).optional(), count: z.number().int().min(0).optional() })
        .nullish(),
    }),
  ).default([]),
  users: listOf(
    z.object({
      username: z.string().min(1),
      fullName: z.string().optional(),
      contacts: z
        .array(z.object({ method: z.string(), to: z.string().min(1), enabled: z.boolean().default(true) }))
        .default([]),
    }),
  ).default([]),
});

const minutesOf = (delay: { timeAmount: number; timeUnit: 'minutes' | 'hours' | 'days' }) =>
  delay.timeAmount * (delay.timeUnit === 'days' ? 1440 : delay.timeUnit === 'hours' ? 60 : 1);

function restrictionsOf(restriction: z.infer<typeof rotation>['timeRestriction']) {
  if (!restriction) return undefined;
  const minute = (hour: number, min: number) => hour * 60 + min;
  if (restriction.type === 'time-of-day' && restriction.restriction) {
    const r = restriction.restriction;
    const start = minute(r.startHour, r.startMin);
    const duration = (minute(r.endHour, r.endMin) - start + 1440) % 1440 || 1440;
    return mergeWindows([1, 2, 3, 4, 5, 6, 7].flatMap((day) => windowsOf(day, start, duration)));
  }
  return mergeWindows(
    (restriction.restrictions ?? []).flatMap((r) => {
      const startDay = days.indexOf(r.startDay) + 1;
      const endDay = days.indexOf(r.endDay) + 1;
      const start = minute(r.startHour, r.startMin);
      const end = ((endDay - startDay + 7) % 7) * 1440 + minute(r.endHour, r.endMin);
      return windowsOf(startDay, start, end - start > 0 ? end - start : end - start + 7 * 1440);
    }),
  );
}

export function opsgeniePlan(data: z.infer<typeof opsgenieExport>): ImportPlan {
  const warnings: string[] = [];
  const schedules = data.schedules.map((schedule) => ({
    ref: `opsgenie:${schedule.id}`,
    name: schedule.name,
    description: schedule.description,
    timeZone: schedule.timezone,
    layers: schedule.rotations.map((r) => {
      const hours = (r.type === 'hourly' ? 1 : r.type === 'daily' ? 24 : 168) * r.length;
      const restrictions = restrictionsOf(r.timeRestriction);
      const members = r.participants.flatMap((participant) => {
        if (participant.type === 'user' && participant.username) return [participant.username];
        warnings.push(
          `${schedule.name} / ${r.name}: a ${participant.type} participant is skipped (only people rotate).`,
        );
        return [];
      });
      return {
        name: r.name,
        ...rotationOf(hours),
        ...localStart(r.startDate, schedule.timezone),
        members,
        ...(restrictions && restrictions.length > 0 ? { restrictions } : {}),
      };
    }),
  }));
  const policies = data.escalations.map((escalation) => {
    const byDelay = new Map<number, PlanTarget[]>();
    for (const rule of escalation.rules) {
      const target: PlanTarget | null =
        rule.recipient.type === 'user' && rule.recipient.username
          ? { type: 'user', email: rule.recipient.username }
          : rule.recipient.type === 'schedule' && rule.recipient.id
            ? { type: 'schedule', ref: `opsgenie:${rule.recipient.id}` }
            : rule.recipient.type === 'team' && rule.recipient.name
              ? { type: 'team', name: rule.recipient.name }
              : null;
      if (!target) {
        warnings.push(`${escalation.name}: a ${rule.recipient.type} recipient is skipped.`);
        continue;
      }
      const delay = minutesOf(rule.delay);
      byDelay.set(delay, [...(byDelay.get(delay) ?? []), target]);
    }
    const delays = [...byDelay.keys()].sort((a, b) => a - b);
    return {
      ref: `opsgenie:${escalation.id}`,
      name: escalation.name,
      description: escalation.description,
      repeat: Math.min(9, escalation.repeat?.count ?? 0),
      levels: delays.map((delay, index) => ({
        timeoutMinutes: Math.max(
          1,
          (delays[index + 1] ?? delay + (escalation.repeat?.waitInterval || 15)) - delay,
        ),
        targets: byDelay.get(delay)!,
      })),
      services: [],
    };
  });
  const kindOf = { email: 'email', sms: 'sms', voice: 'voice', mobile: 'push' } as const;
  const contacts = data.users.flatMap((person) =>
    person.contacts.flatMap((contact) => {
      const kind = kindOf[contact.method as keyof typeof kindOf];
      return kind && contact.enabled ? [{ email: person.username, kind, address: contact.to }] : [];
    }),
  );
  return { schedules, policies, contacts, warnings };
}
