// Availability arithmetic at scale, pure (no database): 500 services over a year with 1,000,000
// incident outages between them (2,000 each; a tenth partial, some overlapping) and a weekly
// two-hour maintenance window per service. Goal (issue 19): under 1 s for all 500.
// The database read (incidents → outages) is not measured here.
// Run: npx tsx bench/availability.ts
import {
  computeAvailability,
  type Interval,
  type OutageInput,
} from '../src/server/modules/reports/availability.js';

const services = 500;
const perService = 2000;
const year = { start: Date.parse('2026-01-01T00:00:00Z'), end: Date.parse('2027-01-01T00:00:00Z') };
const span = year.end - year.start;
let seed = 42;
const random = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return seed / 2 ** 31;
};

const inputs = Array.from({ length: services }, () => {
  const outages: OutageInput[] = Array.from({ length: perService }, () => {
    const start = year.start + Math.floor(random() * span);
    return {
      start,
      end: start + Math.floor(60_000 + random() * 4 * 3_600_000),
      weight: random() < 0.1 ? 0.3 : 1,
      sources: ['INC-1'],
    };
  });
  const maintenance: Interval[] = Array.from({ length: 52 }, (_, week) => {
    const start = year.start + week * 7 * 86_400_000 + 2 * 3_600_000;
    return { start, end: start + 2 * 3_600_000 };
  });
  return { outages, maintenance };
});

const began = performance.now();
let sum = 0;
for (const input of inputs)
  sum += computeAvailability(year, input.outages, input.maintenance).availabilityPercent;
const ms = performance.now() - began;
console.log(
  `${services} services × ${perService} outages (${services * perService} in all) over a year: ${ms.toFixed(0)} ms ` +
    `(goal < 1000 ms) — mean availability ${(sum / services).toFixed(3)} %`,
);
