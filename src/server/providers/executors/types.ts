// External executors: fulfilment carried out by automation that teams already have (a signed
// webhook to their Lambda/CI, an Ansible playbook, an AWX job template), as opposed to a built-in
// provider action. The fulfilment service calls `start`; an executor either finishes the work
// (succeeded/failed) or hands it off and waits for a callback (webhook).

export interface ExecutorContext {
  /** Stable for every attempt of one fulfilment run: idempotency key for the far side. */
  runId: string;
  /** 1 on the first execution of the run. */
  attempt: number;
  /** A progress line on the run (agents read them on the ticket). */
  log(line: string): void;
  signal: AbortSignal;
  sleep(ms: number): Promise<void>;
}

/** What the executor is asked to do: the ticket's facts and the mapped parameters. */
export interface ExecutorInput {
  ticket: { key: string; requestType: string; requester: { email: string; displayName: string } };
  fields: Record<string, unknown>;
  params: Record<string, unknown>;
  /** Where the far side reports progress and the result (webhook executors). */
  callbackUrl: string;
}

export type ExecutorOutcome =
  | {
      status: 'succeeded';
      summary: string;
      outputs: Record<string, string | number | boolean | null | string[]>;
    }
  | { status: 'failed'; message: string }
  /** Handed off: the result arrives later through the callback; the run fails if none comes by `deadline`. */
  | { status: 'awaiting_callback'; deadline: Date };
