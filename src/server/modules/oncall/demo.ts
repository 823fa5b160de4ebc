// The demo organisation's on-call: the Infrastructure team's weekly rotation (Indra and Lena,
// hand-off Monday 09:00 Berlin) with a business-hours layer for Lena, and a policy paging it, then
// Lena, then the whole team. Skipped when a schedule of that name exists.
import { eq } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import type { Actor } from '../../db/client.js';
import { findTeamByKey } from '../identity/index.js';
import { oncallSchedules } from './oncall.schema.js';
import { createPolicy } from './policies.service.js';
import { createSchedule } from './schedules.service.js';

export async function seedDemoOncall(
  context: AppContext,
  actor: Actor,
  people: { infra: string; lead: string },
) {
  const name = 'Infrastructure on-call';
  const [existing] = await context.db.select().from(oncallSchedules).where(eq(oncallSchedules.name, name));
  if (existing) return;
  const team = await findTeamByKey(context.db, 'infrastructure');
  const schedule = await createSchedule(context, actor, {
    name,
    description: 'Weekly rotation of the Infrastructure team; Lena takes weekday business hours.',
    timeZone: 'Europe/Berlin',
    team: team ? 'infrastructure' : null,
    layers: [
      {
        name: 'Weekly',
        rotation: 'weekly',
        handoffTime: '09:00',
        startDate: '2026-01-05',
        members: [people.infra, people.lead],
      },
      {
        name: 'Business hours',
        rotation: 'weekly',
        handoffTime: '09:00',
        startDate: '2026-01-05',
        members: [people.lead],
        restrictions: [{ days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' }],
      },
    ],
  });
  await createPolicy(context, actor, {
    name: 'Infrastructure',
    description: 'Pages whoever is on call, then Lena, then the team.',
    repeat: 1,
    levels: [
      { timeoutMinutes: 10, targets: [{ type: 'schedule', id: schedule.id }] },
      { timeoutMinutes: 15, targets: [{ type: 'user', id: people.lead }] },
      ...(team ? [{ timeoutMinutes: 15, targets: [{ type: 'team' as const, id: team.id }] }] : []),
    ],
  });
}
