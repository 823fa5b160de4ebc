// An executor context and run state for tests: lines, delivery records and the stored state are
// kept in arrays and objects the test can read; waits are instant but counted.
import type { ExternalExecutorContext, RunState } from '../executor.js';
import type { ExecutorInput } from '../types.js';
import type { WebhookDeliveryRecord } from '../webhook/delivery-record.js';

export interface TestContext extends ExternalExecutorContext {
  lines: string[];
  deliveries: WebhookDeliveryRecord[];
  sleeps: number[];
  /** The clock: moves forward with every sleep. */
  clock: { now: Date };
}

export function testContext(
  options: { attempt?: number; signal?: AbortSignal; now?: Date } = {},
): TestContext {
  const clock = { now: options.now ?? new Date('2026-01-01T00:00:00Z') };
  const lines: string[] = [];
  const deliveries: WebhookDeliveryRecord[] = [];
  const sleeps: number[] = [];
  return {
    runId: 'run-7f3a',
    attempt: options.attempt ?? 1,
    signal: options.signal ?? new AbortController().signal,
    allowPrivateNetworks: true,
    lines,
    deliveries,
    sleeps,
    clock,
    log: (line) => lines.push(line),
    now: () => clock.now,
    sleep: async (ms) => {
      sleeps.push(ms);
      clock.now = new Date(clock.now.getTime() + ms);
    },
    recordDelivery: async (record) => {
      deliveries.push(record);
    },
  };
}

export function memoryState(
  initial: Record<string, unknown> = {},
): RunState & { value: Record<string, unknown> } {
  const holder = {
    value: initial,
    get: async () => structuredClone(holder.value),
    set: async (value: Record<string, unknown>) => {
      holder.value = structuredClone(value);
    },
  };
  return holder;
}

export const startStagingInput: ExecutorInput = {
  ticket: {
    key: 'R1-3386',
    requestType: 'start-request-only-staging',
    requester: { email: 'dewi@example.com', displayName: 'Dewi Lestari' },
  },
  fields: { environment: 'bugfix1x2' },
  params: { environment: 'bugfix1x2', waitUntilReachable: true },
  callbackUrl: 'https://opsdesk.example.com/api/v1/fulfilment/runs/run-7f3a/callback',
};
