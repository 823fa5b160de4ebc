// Every benchmark cleans up after itself (servers stopped, temp dirs deleted), whether it
// succeeds, fails or is interrupted with Ctrl-C.
type Task = () => unknown;

const tasks: Task[] = [];

/** Registers a cleanup step; steps run in reverse order of registration. */
export function onCleanup(task: Task): void {
  tasks.unshift(task);
}

async function runCleanup(): Promise<void> {
  for (let task = tasks.shift(); task; task = tasks.shift()) {
    try {
      await task();
    } catch (error) {
      console.error(`cleanup: ${(error as Error).message}`);
    }
  }
}

/** Runs a benchmark's main function, then the cleanup steps; a failure sets exit code 1. */
export async function runBenchmark(main: () => Promise<void>): Promise<void> {
  const interrupt = (signal: NodeJS.Signals) => {
    console.error(`${signal}: cleaning up`);
    runCleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  try {
    await main();
  } catch (error) {
    console.error(error);
    process.exitCode = 1;
  } finally {
    await runCleanup();
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
  }
}
