// PagerDuty's REST API JSON (`schedules` with `schedule_layers`, `escalation_policies`, `users`
// with `contact_methods`) as an import plan. People are referenced by id and matched by the email
// the `users` list gives them. PagerDuty lists a schedule's highest layer first; Opsdesk lists the
// lowest first. A policy's `escalation_delay_in_minutes` is its level's timeout, `num_loops` the repeat.
import { z } from 'zod';
import { timeZone } from '../../../../shared/api/oncall.js';
import { type ImportPlan, localStart, mergeWindows, type PlanTarget, rotationOf, windowsOf } from './plan.js';

const reference = z.object({
  id: z.string().min(1),
  type: z.string().default('user_reference'),
  summary: z.string().optional(),
});

export const pagerdutyExport = z.object({
  schedules: z
    .array(
      z.object({
        id: z.string().min(1),
        name: z.string().min(1),
        description: z.string().nullish(),
        time_zone: timeZone.default('UTC'),
        schedule_layers: z.array(
          z.object({
            id: z.string().optional(),
            name: z.string().default('Layer'),
            start: z.iso.datetime({ offset: true }),
            rotation_virtual_start: z.iso.datetime({ offset: true }).optional(),
            rotation_turn_length_seconds: z.number().int().min(3600),
            users: z.array(z.object({ user: reference })),
            restrictions: z
              .array(
                z.object({
                  type: z.enum(['daily_restriction', 'weekly_restriction']),
                  start_time_of_day: z.string().regex(/^\d\d:\d\d(:\d\d)?$/),
                  duration_seconds: z.number().int().min(60),
                  start_day_of_week: z.number().int().min(1).max(7).optional(),
                }),
              )
              .default([]),
          }),
        ),
      }),
    )
    .default([]),
  escalation_policies: z
    .array(
      z.object({
        id: z.string().min(1),
        name: z.string().min(1),
        description: z.string().nullish(),
        num_loops: z.number().int().min(0).default(0),
        escalation_rules: z
          .array(
            z.object({
              escalation_delay_in_minutes: z.number().int().min(1),
              targets: z.array(reference).min(1),
            }),
          )
          .min(1),
        services: z.array(reference).default([]),
      }),
    )
    .default([]),
  users: z
    .array(
      z.object({
        id: z.string().min(1),
        name: z.string().optional(),
        email: z.email(),
        contact_methods: z.array(z.object({ type: z.string(), address: z.string().min(1) })).default([]),
      }),
    )
    .default([]),
  services: z.array(z.object({ id: z.string(), name: z.string() })).default([]),
});

export function pagerdutyPlan(data: z.infer<typeof pagerdutyExport>): ImportPlan {
  const warnings: string[] = [];
  const emails = new Map(data.users.map((user) => [user.id, user.email]));
  const serviceNames = new Map(data.services.map((service) => [service.id, service.name]));
  const email = (ref: z.infer<typeof reference>, where: string) => {
    const found = emails.get(ref.id);
    if (!found)
      warnings.push(`${where}: user ${ref.summary ?? ref.id} is not in the users list and is skipped.`);
    return found;
  };
  const schedules = data.schedules.map((schedule) => ({
    ref: `pagerduty:${schedule.id}`,
    name: schedule.name,
    description: schedule.description ?? '',
    timeZone: schedule.time_zone,
    layers: [...schedule.schedule_layers].reverse().map((layer) => {
      const restrictions = mergeWindows(
        layer.restrictions.flatMap((r) => {
          const [hour, minute] = r.start_time_of_day.split(':').map(Number);
          const start = hour! * 60 + minute!;
          const duration = Math.round(r.duration_seconds / 60);
          return r.type === 'daily_restriction'
            ? [1, 2, 3, 4, 5, 6, 7].flatMap((day) => windowsOf(day, start, Math.min(duration, 1440)))
            : windowsOf(r.start_day_of_week ?? 1, start, duration);
        }),
      );
      return {
        name: layer.name,
        ...rotationOf(layer.rotation_turn_length_seconds / 3600),
        ...localStart(layer.rotation_virtual_start ?? layer.start, schedule.time_zone),
        members: layer.users.flatMap((entry) => email(entry.user, `${schedule.name} / ${layer.name}`) ?? []),
        ...(restrictions.length > 0 ? { restrictions } : {}),
      };
    }),
  }));
  const policies = data.escalation_policies.map((policy) => ({
    ref: `pagerduty:${policy.id}`,
    name: policy.name,
    description: policy.description ?? '',
    repeat: Math.min(9, policy.num_loops),
    levels: policy.escalation_rules.map((rule) => ({
      timeoutMinutes: Math.min(1440, rule.escalation_delay_in_minutes),
      targets: rule.targets.flatMap((target): PlanTarget[] => {
        if (target.type.startsWith('schedule')) return [{ type: 'schedule', ref: `pagerduty:${target.id}` }];
        const address = email(target, policy.name);
        return address ? [{ type: 'user', email: address }] : [];
      }),
    })),
    services: policy.services.flatMap((service) => serviceNames.get(service.id) ?? service.summary ?? []),
  }));
  const kindOf: Record<string, 'email' | 'sms' | 'voice' | 'push'> = {
    email_contact_method: 'email',
    sms_contact_method: 'sms',
    phone_contact_method: 'voice',
    push_notification_contact_method: 'push',
  };
  const contacts = data.users.flatMap((user) =>
    user.contact_methods.flatMap((method) => {
      const kind = kindOf[method.type];
      return kind ? [{ email: user.email, kind, address: method.address }] : [];
    }),
  );
  return { schedules, policies, contacts, warnings };
}
