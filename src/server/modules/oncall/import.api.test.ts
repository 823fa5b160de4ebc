// Importers on a real PostgreSQL: an Opsgenie-shaped export shown by a dry run (nothing written),
// imported, imported again (nothing created twice); a PagerDuty export; files of another shape
// refused naming the field.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../testing/harness.js';

let t: TestApp;
let admin: string;

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.login('admin@opsdesk.local');
});
afterAll(async () => {
  await t.close();
});

const opsgenie = {
  schedules: {
    data: [
      {
        id: 'og-sched-1',
        name: 'Platform (Opsgenie)',
        timezone: 'Europe/Berlin',
        rotations: [
          {
            id: 'rot-1',
            name: 'Weekly',
            startDate: '2026-01-05T08:00:00Z',
            type: 'weekly',
            length: 1,
            participants: [
              { type: 'user', username: 'infra@opsdesk.local' },
              { type: 'user', username: 'lead@opsdesk.local' },
              { type: 'user', username: 'gone@example.com' },
            ],
          },
          {
            id: 'rot-2',
            name: 'Business hours',
            startDate: '2026-01-05T08:00:00Z',
            type: 'daily',
            length: 1,
            participants: [{ type: 'user', username: 'dev@opsdesk.local' }],
            timeRestriction: {
              type: 'weekday-and-time-of-day',
              restrictions: [
                { startDay: 'monday', startHour: 9, startMin: 0, endDay: 'friday', endHour: 17, endMin: 0 },
              ],
            },
          },
        ],
      },
    ],
  },
  escalations: [
    {
      id: 'og-esc-1',
      name: 'Platform escalation',
      rules: [
        { delay: { timeAmount: 0 }, recipient: { type: 'schedule', id: 'og-sched-1' } },
        { delay: { timeAmount: 10 }, recipient: { type: 'user', username: 'lead@opsdesk.local' } },
        { delay: { timeAmount: 30 }, recipient: { type: 'team', name: 'infrastructure' } },
      ],
      repeat: { count: 2, waitInterval: 5 },
    },
  ],
  users: [{ username: 'infra@opsdesk.local', contacts: [{ method: 'sms', to: '+49 170 0000000' }] }],
};

const importing = (body: unknown) => t.api('POST', '/api/v1/oncall/import', { token: admin, body });

describe('Opsgenie', () => {
  it('a dry run shows what will be created and writes nothing', async () => {
    const dry = await importing({ source: 'opsgenie', dryRun: true, data: opsgenie });
    expect(dry.status, JSON.stringify(dry.body)).toBe(200);
    expect(dry.body.created).toEqual({
      schedules: ['Platform (Opsgenie)'],
      policies: ['Platform escalation'],
      contacts: ['infra@opsdesk.local: sms +49 170 0000000'],
    });
    expect(dry.body.warnings.join('\n')).toContain('gone@example.com');
    const names = (await t.api('GET', '/api/v1/schedules', { token: admin })).body.map(
      (s: { name: string }) => s.name,
    );
    expect(names).toEqual(['Infrastructure on-call']);
  });

  it('imports, and a second import creates nothing twice', async () => {
    const first = await importing({ source: 'opsgenie', data: opsgenie });
    expect(first.body.created.schedules).toEqual(['Platform (Opsgenie)']);
    const second = await importing({ source: 'opsgenie', data: opsgenie });
    expect(second.status).toBe(200);
    expect(second.body.created).toEqual({ schedules: [], policies: [], contacts: [] });
    expect(second.body.unchanged).toEqual({
      schedules: ['Platform (Opsgenie)'],
      policies: ['Platform escalation'],
    });
    const schedules = (await t.api('GET', '/api/v1/schedules', { token: admin })).body.filter(
      (s: { name: string }) => s.name === 'Platform (Opsgenie)',
    );
    expect(schedules).toHaveLength(1);
    const [schedule] = schedules;
    expect(schedule.layers[0]).toMatchObject({
      rotation: 'weekly',
      handoffTime: '09:00',
      startDate: '2026-01-05',
    });
    expect(schedule.layers[1].restrictions).toEqual([
      { days: [1], start: '09:00', end: '00:00' },
      { days: [2, 3, 4], start: '00:00', end: '00:00' },
      { days: [5], start: '00:00', end: '17:00' },
    ]);
    // Monday 2026-01-12 10:00 Berlin: the business-hours layer (higher) has dev on call.
    const oncall = await t.api('GET', `/api/v1/schedules/${schedule.id}/oncall?at=2026-01-12T09:00:00Z`, {
      token: admin,
    });
    expect(oncall.body.users[0].name).toBe('Dewi Developer');
    const policy = (await t.api('GET', '/api/v1/escalation-policies', { token: admin })).body.find(
      (p: { name: string }) => p.name === 'Platform escalation',
    );
    expect(policy.repeat).toBe(2);
    expect(
      policy.levels.map((level: { timeoutMinutes: number; targets: { type: string }[] }) => [
        level.timeoutMinutes,
        level.targets[0]!.type,
      ]),
    ).toEqual([
      [10, 'schedule'],
      [20, 'user'],
      [5, 'team'],
    ]);
  });
});

describe('PagerDuty', () => {
  it('imports a schedule with a restricted layer and a policy', async () => {
    const response = await importing({
      source: 'pagerduty',
      data: {
        users: [
          {
            id: 'PU1',
            email: 'infra@opsdesk.local',
            contact_methods: [{ type: 'phone_contact_method', address: '+1 555 0100' }],
          },
          { id: 'PU2', email: 'lead@opsdesk.local' },
        ],
        schedules: [
          {
            id: 'PS1',
            name: 'PD primary',
            time_zone: 'America/New_York',
            schedule_layers: [
              {
                name: 'Layer 2',
                start: '2026-01-05T09:00:00-05:00',
                rotation_turn_length_seconds: 86_400,
                users: [{ user: { id: 'PU2' } }],
                restrictions: [
                  { type: 'daily_restriction', start_time_of_day: '09:00:00', duration_seconds: 28_800 },
                ],
              },
              {
                name: 'Layer 1',
                start: '2026-01-05T09:00:00-05:00',
                rotation_turn_length_seconds: 604_800,
                users: [{ user: { id: 'PU1' } }],
              },
            ],
          },
        ],
        escalation_policies: [
          {
            id: 'PE1',
            name: 'PD policy',
            num_loops: 1,
            escalation_rules: [
              { escalation_delay_in_minutes: 15, targets: [{ id: 'PS1', type: 'schedule_reference' }] },
              { escalation_delay_in_minutes: 30, targets: [{ id: 'PU2', type: 'user_reference' }] },
            ],
          },
        ],
      },
    });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body.created.schedules).toEqual(['PD primary']);
    const schedule = (await t.api('GET', '/api/v1/schedules', { token: admin })).body.find(
      (s: { name: string }) => s.name === 'PD primary',
    );
    expect(schedule.layers.map((layer: { name: string }) => layer.name)).toEqual(['Layer 1', 'Layer 2']);
    expect(schedule.layers[1].restrictions).toEqual([
      { days: [1, 2, 3, 4, 5, 6, 7], start: '09:00', end: '17:00' },
    ]);
  });
});

describe('a file of another shape is refused naming the field, nothing written', () => {
  it('PagerDuty data sent as Opsgenie, and a broken Opsgenie rotation', async () => {
    const before = (await t.api('GET', '/api/v1/schedules', { token: admin })).body.length;
    const wrong = await importing({
      source: 'opsgenie',
      data: { schedules: [{ id: 'x', name: 'X', time_zone: 'UTC', schedule_layers: [] }] },
    });
    expect(wrong.status).toBe(400);
    expect(JSON.stringify(wrong.body)).toContain('data.schedules.0.rotations');
    const none = await importing({ source: 'pagerduty', data: { escalations: [] } });
    expect(none.status).toBe(400);
    expect(JSON.stringify(none.body)).toContain('data');
    const broken = await importing({
      source: 'opsgenie',
      data: {
        schedules: [
          { ...opsgenie.schedules.data[0], name: 'Other', rotations: [{ id: 'r', type: 'fortnightly' }] },
        ],
      },
    });
    expect(broken.status).toBe(400);
    expect(JSON.stringify(broken.body)).toContain('data.schedules.0.rotations.0');
    expect((await t.api('GET', '/api/v1/schedules', { token: admin })).body).toHaveLength(before);
  });
});
