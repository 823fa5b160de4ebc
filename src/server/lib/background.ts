// Work a process starts without awaiting it (e.g. dispatching the notifications of a change once it
// has committed), tracked so that shutdown waits for it before the database closes, and so that a
// test can wait until the work its calls caused is done.

export interface Background {
  /**
   * Starts `task` now unless closing (false: the caller leaves the work to its fallback, a job or
   * a sweep). The task's failure is the task's business: it should catch and log; anything it lets
   * through goes to `onError` (the app's logs it as "background task failed").
   */
  run(task: (signal: AbortSignal) => Promise<void>): boolean;
  /** How many tasks are running now. */
  readonly running: number;
  /** True once `close` was called: a task working through a queue hands the rest to its fallback. */
  readonly closing: boolean;
  /** Resolves once no task is running (tasks started meanwhile are waited for too). */
  idle(): Promise<void>;
  /**
   * Refuses new tasks, waits for the running ones, and aborts them if they take longer than
   * `graceMs` (a task is expected to stop at its next step once `closing`; what it is sending
   * when aborted ends at its own timeouts).
   */
  close(graceMs?: number): Promise<void>;
}

export function createBackground(onError: (error: unknown) => void): Background {
  const tasks = new Set<Promise<void>>();
  const controller = new AbortController();
  let closing = false;
  return {
    run(task) {
      if (closing) return false;
      const promise: Promise<void> = Promise.resolve()
        .then(() => task(controller.signal))
        .catch(onError)
        .finally(() => tasks.delete(promise));
      tasks.add(promise);
      return true;
    },
    get running() {
      return tasks.size;
    },
    get closing() {
      return closing;
    },
    async idle() {
      while (tasks.size > 0) await Promise.allSettled([...tasks]);
    },
    async close(graceMs = 30_000) {
      closing = true;
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<void>((resolve) => {
        timer = setTimeout(() => {
          controller.abort(new Error('the process is stopping'));
          resolve();
        }, graceMs);
        timer.unref();
      });
      await Promise.race([this.idle(), late]);
      clearTimeout(timer);
      // Aborted tasks still end (their sends fail fast): wait for them, so nothing outlives the pool.
      await this.idle();
    },
  };
}
