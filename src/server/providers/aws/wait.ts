// Bounded polling. Every pause goes through ctx.sleep (tests make it instant), and the bound is
// counted in polls rather than wall-clock time so that it holds whatever sleep does.
import type { ProviderContext } from '../types.js';
import { TransientProviderError } from '../types.js';
import { waitTimedOut } from './errors.js';

export interface WaitSettings {
  maxWaitSeconds: number;
  pollIntervalSeconds: number;
}

export type PollOutcome<T> =
  | { done: true; value: T }
  /** `progress` is logged whenever it changes, and named in the timeout message. */
  | { done: false; progress: string };

export interface WaitOptions<T> {
  ctx: ProviderContext & { log?(line: string): void };
  settings: WaitSettings;
  /** Completes "Opsdesk waited 15 minutes for …", e.g. "bugfix1x2 to be running". */
  what: string;
  poll(): Promise<PollOutcome<T>>;
}

export async function waitUntil<T>({ ctx, settings, what, poll }: WaitOptions<T>): Promise<T> {
  const maxPolls = Math.max(1, Math.ceil(settings.maxWaitSeconds / settings.pollIntervalSeconds)) + 1;
  let lastProgress: string | null = null;
  for (let pollNumber = 1; ; pollNumber++) {
    throwIfStopped(ctx, what);
    const outcome = await poll();
    if (outcome.done) return outcome.value;
    if (outcome.progress !== lastProgress) {
      ctx.log?.(`waiting for ${what} (${outcome.progress})`);
      lastProgress = outcome.progress;
    }
    if (pollNumber >= maxPolls) throw waitTimedOut(what, settings.maxWaitSeconds, outcome.progress);
    try {
      await ctx.sleep(settings.pollIntervalSeconds * 1000);
    } catch (error) {
      throwIfStopped(ctx, what);
      throw error;
    }
  }
}

function throwIfStopped(ctx: ProviderContext, what: string): void {
  if (ctx.signal.aborted) {
    throw new TransientProviderError(
      `The Opsdesk worker stopped while waiting for ${what}; the run continues when a worker picks it up again.`,
    );
  }
}
