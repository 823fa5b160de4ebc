// "Who is on call now" for 1,000 schedules: the rotation arithmetic (rotation.ts) as the API runs
// it once per schedule, after the schedule and its overrides are read. The schedules are varied
// and realistic: 1–3 layers (daily, weekly, 12-hour), 2–8 people each, business-hours or night
// restrictions on some layers, 0–3 overrides, in ten time zones, start dates up to two years back.
//   - per schedule: each of the 1,000 schedules answered separately (what GET /schedules/{id}/oncall
//     computes), 20 rounds at different instants, p50/p95/p99 of the single answer;
//   - all 1,000 at once: the list page (GET /schedules) answering every schedule in one pass.
// The database reads (one row by primary key, the overrides by an index) are not included.
// Run: npx tsx bench/oncall.ts
import { type Layer, type ScheduleDefinition, whoIsOnCall } from '../src/server/modules/oncall/rotation.js';
import { machineLoad, ms, summarise, verdict } from './lib/stats.js';

const zones = [
  'Europe/Berlin',
  'America/New_York',
  'Asia/Singapore',
  'Australia/Sydney',
  'America/Los_Angeles',
  'Europe/London',
  'Asia/Kolkata',
  'America/Sao_Paulo',
  'Asia/Tokyo',
  'UTC',
];
let seed = 42;
const random = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return seed / 2 ** 31;
};
const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;

function schedule(index: number): ScheduleDefinition {
  const layers: Layer[] = Array.from({ length: 1 + Math.floor(random() * 3) }, (_, layer) => {
    const kind = pick(['daily', 'weekly', 'custom'] as const);
    const day = 1 + Math.floor(random() * 28);
    return {
      name: `Layer ${layer + 1}`,
      rotation: kind,
      ...(kind === 'custom' ? { shiftHours: 12 } : {}),
      handoffTime: pick(['08:00', '09:00', '09:30', '17:00']),
      startDate: `${pick(['2025', '2026'])}-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
      members: Array.from(
        { length: 2 + Math.floor(random() * 7) },
        (_, member) => `user-${index}-${layer}-${member}`,
      ),
      ...(layer > 0 && random() < 0.6
        ? {
            restrictions: pick([
              [{ days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' }],
              [{ days: [1, 2, 3, 4, 5, 6, 7], start: '22:00', end: '06:00' }],
            ]),
          }
        : {}),
    };
  });
  const now = Date.now();
  const overrides = Array.from({ length: Math.floor(random() * 4) }, (_, n) => ({
    userId: `cover-${index}-${n}`,
    replacesUserId: random() < 0.5 ? null : layers[0]!.members[0]!,
    startsAt: new Date(now - 3_600_000 + n * 86_400_000),
    endsAt: new Date(now + 3_600_000 + n * 86_400_000),
  }));
  return { timeZone: pick(zones), layers, overrides };
}

const schedules = Array.from({ length: 1_000 }, (_, index) => schedule(index));
console.log(`On-call: who is on call now, 1,000 schedules (${machineLoad()})`);

// Warm-up: the JIT and luxon's zone caches.
for (let round = 0; round < 5; round += 1) for (const s of schedules) whoIsOnCall(s, new Date());

const single: number[] = [];
const batch: number[] = [];
for (let round = 0; round < 20; round += 1) {
  const at = new Date(Date.now() + round * 3 * 3_600_000);
  const started = performance.now();
  for (const s of schedules) {
    const t0 = performance.now();
    whoIsOnCall(s, at);
    single.push(performance.now() - t0);
  }
  batch.push(performance.now() - started);
}
const one = summarise(single);
const all = summarise(batch);
const p95 = [...single].sort((a, b) => a - b)[Math.ceil(0.95 * single.length) - 1]!;
console.log(
  `  one schedule:      p50 ${ms(one.p50)}, p95 ${ms(p95)}, p99 ${ms(one.p99)}, max ${ms(one.max)} (${one.count} answers)`,
);
console.log(`  all 1,000 at once: p50 ${ms(all.p50)}, max ${ms(all.max)} (${all.count} rounds)`);
console.log(`  goal: p95 of one answer < 10 ms: ${verdict(p95, 10)}`);
