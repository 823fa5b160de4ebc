// A synthetic history of the paper's evaluation period (section 4.8): 108 requests created
// between each type's release (Table 6) and 18 October 2023, whose time to resolution averages
// exactly what Table 7 reports (36 s, 15:53:24, 13:32 and 27:00), 5 of which went through
// need_further_support (Table 8: 4.63 %). Each ticket is a plain list of transitions of the
// default workflow at chosen offsets; nothing here is random, so the figures are exact.
import { DateTime } from 'luxon';
import type { FieldValues } from '../../../shared/fields.js';
import type { StagingRequestType } from '../sla/index.js';

export type Step = [offsetSeconds: number, transition: string, to: string];

export interface SyntheticTicket {
  requestType: StagingRequestType;
  requester: 'dev@opsdesk.local' | 'pm@opsdesk.local';
  createdAt: Date;
  /** After the creation in waiting_for_verification, in order. */
  steps: Step[];
  fields: FieldValues;
}

/** Table 7's averages, the targets they are compared with, and the counts chosen per type. */
export const paperEvaluation = {
  timeZone: 'Asia/Jakarta',
  from: '2023-09-13',
  to: '2023-10-20',
  lastCreated: '2023-10-18',
  averages: {
    'start-request-only-staging': 36,
    'recreate-staging': 57_204,
    'copy-database-data': 812,
    'create-staging-domain': 1_620,
  },
  releases: {
    'create-staging-domain': '2023-09-13',
    'start-request-only-staging': '2023-09-19',
    'recreate-staging': '2023-09-27',
    'copy-database-data': '2023-09-28',
  },
} as const satisfies {
  averages: Record<StagingRequestType, number>;
  releases: Record<StagingRequestType, string>;
  [key: string]: unknown;
};

const verified = (approvedAt: number): Step[] => [
  [2, 'verified', 'waiting_for_approval'],
  [approvedAt, 'approve', 'in_progress'],
];
const confirmed = (resolvedAt: number): Step => [resolvedAt + 3600, 'confirm', 'closed'];

/** Delivered by the automation `total` seconds after creation, confirmed an hour later. */
const delivered =
  (approvedAt: number) =>
  (total: number): Step[] => [
    ...verified(approvedAt),
    [total, 'fulfilled', 'waiting_for_customer'],
    confirmed(total),
  ];
/** Cancelled by verification (an invalid field). */
const cancelled = (total: number): Step[] => [[total, 'verification_failed', 'cancelled']];
/** The automation failed at `failedAt`; an agent finished by hand at `total`. */
const fixedByHand = (approvedAt: number, failedAt: number, total: number): Step[] => [
  ...verified(approvedAt),
  [failedAt, 'fulfilment_failed', 'need_further_support'],
  [total, 'resolve', 'waiting_for_customer'],
  confirmed(total),
];
/**
 * Delivered at `firstDelivery`; an hour later the requester reports a problem, an agent retries a
 * minute after, and the automation delivers again: `total` seconds counted in all.
 */
const reopened = (approvedAt: number, firstDelivery: number, total: number): Step[] => {
  const reopenedAt = firstDelivery + 3600;
  const deliveredAgain = reopenedAt + (total - firstDelivery);
  return [
    ...verified(approvedAt),
    [firstDelivery, 'fulfilled', 'waiting_for_customer'],
    [reopenedAt, 'report_problem', 'need_further_support'],
    [reopenedAt + 60, 'retry', 'in_progress'],
    [deliveredAgain, 'fulfilled', 'waiting_for_customer'],
    confirmed(deliveredAgain),
  ];
};

/**
 * `count` whole seconds summing to `total`, spread ±`width` around their mean: offsets are
 * mirrored in pairs so that they cancel out, and the remainder of the division adds a second
 * to the first values.
 */
export function spread(count: number, total: number, width: number): number[] {
  const center = Math.floor(total / count);
  const remainder = total - center * count;
  const offsets = new Array<number>(count).fill(0);
  for (let i = 0; i < Math.floor(count / 2); i++) {
    const offset = Math.trunc(width * (1 - (2 * i) / (count - 1)));
    offsets[i] = -offset;
    offsets[count - 1 - i] = offset;
  }
  return offsets.map((offset, i) => center + offset + (i < remainder ? 1 : 0));
}

/** Interleaves long and short durations over the period: position i takes value (i·k) mod n. */
function interleave<T>(values: T[]): T[] {
  let k = 5;
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  while (gcd(k, values.length) !== 1) k++;
  return values.map((_, i) => values[(i * k) % values.length]!);
}

type Histories = Record<StagingRequestType, Step[][]>;

/** Per type: the special cases, then ordinary deliveries making up the rest of the total. */
function histories(): Histories {
  const { averages } = paperEvaluation;
  const rest = (count: number, type: StagingRequestType, special: number[], width: number) =>
    spread(count, averages[type] * (count + special.length) - special.reduce((a, b) => a + b, 0), width);
  const start = [...rest(42, 'start-request-only-staging', [95, 101], 12).map(delivered(10))];
  const recreate = [...rest(13, 'recreate-staging', [7, 9, 147_600], 20_000).map(delivered(1200))];
  const copy = [...rest(13, 'copy-database-data', [3, 6, 2400], 400).map(delivered(120))];
  const domain = [...rest(27, 'create-staging-domain', [3, 4, 5, 2797, 3600], 900).map(delivered(600))];
  return {
    // Two starts failed (the instance did not come up) and were started by hand.
    'start-request-only-staging': interleave([...start, fixedByHand(10, 25, 95), fixedByHand(10, 30, 101)]),
    // Two invalid requests; one recreate took 41 hours, over its 40:00:36 target.
    'recreate-staging': interleave([...recreate, cancelled(7), cancelled(9), delivered(1200)(147_600)]),
    'copy-database-data': interleave([...copy, cancelled(3), cancelled(6), fixedByHand(120, 300, 2400)]),
    'create-staging-domain': interleave([
      ...domain,
      cancelled(3),
      cancelled(4),
      cancelled(5),
      fixedByHand(720, 850, 2797),
      reopened(600, 1500, 3600),
    ]),
  };
}

const fieldsOf = (type: StagingRequestType, index: number): FieldValues => {
  const environment = ['bugfix1x2', 'feature-payments', 'promo-2x'][index % 3]!;
  switch (type) {
    case 'start-request-only-staging':
      return { environment };
    case 'recreate-staging':
      return { environment: 'qa-checkout', newName: `qa-checkout-${index + 2}`, endDate: '2023-12-31' };
    case 'copy-database-data':
      return {
        sourceEnvironment: 'staging-main',
        targetEnvironment: 'qa-checkout',
        engine: 'mysql',
        database: 'catalog',
        tables: ['products'],
      };
    case 'create-staging-domain':
      return { environment: 'staging-main', domain: `svc-${index + 1}` };
  }
};

/** The 108 tickets, in creation order. */
export function paperEvaluationTickets(): SyntheticTicket[] {
  const { timeZone, lastCreated, releases } = paperEvaluation;
  const last = DateTime.fromISO(lastCreated, { zone: timeZone });
  const tickets: SyntheticTicket[] = [];
  for (const [type, list] of Object.entries(histories()) as [StagingRequestType, Step[][]][]) {
    const first = DateTime.fromISO(releases[type], { zone: timeZone });
    const days = last.diff(first, 'days').days;
    list.forEach((steps, index) => {
      const day = first.plus({ days: Math.floor((index * days) / list.length) });
      tickets.push({
        requestType: type,
        requester: index % 2 === 0 ? 'dev@opsdesk.local' : 'pm@opsdesk.local',
        createdAt: day.set({ hour: 9 + (index % 8), minute: (index * 7) % 60 }).toJSDate(),
        steps,
        fields: fieldsOf(type, index),
      });
    });
  }
  return tickets.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
}
