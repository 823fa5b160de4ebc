import pino from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type Running, stopOnSignals } from './main.js';

const log = pino({ level: 'silent' });

afterEach(() => {
  process.removeAllListeners('SIGINT');
  process.removeAllListeners('SIGTERM');
  vi.restoreAllMocks();
  vi.useRealTimers();
});

function running() {
  let finish: () => void = () => undefined;
  const stop = vi.fn(() => new Promise<void>((resolve) => (finish = resolve)));
  return { running: { stop } as unknown as Running, stop, finish: () => finish() };
}

describe('stopping on a signal', () => {
  it('stops once when the same Ctrl-C arrives twice (terminal and a supervisor relaying it)', async () => {
    vi.useFakeTimers();
    const exit = vi.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    const { running: app, stop, finish } = running();
    stopOnSignals(app, log);
    process.emit('SIGINT', 'SIGINT');
    vi.advanceTimersByTime(5);
    process.emit('SIGTERM', 'SIGTERM');
    expect(stop).toHaveBeenCalledTimes(1);
    expect(exit).not.toHaveBeenCalled();
    finish();
    await vi.runAllTimersAsync();
    expect(exit).toHaveBeenCalledWith(0);
  });

  it('exits at once on a second signal later, when stopping takes too long', () => {
    vi.useFakeTimers();
    const exit = vi.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    const { running: app, stop } = running();
    stopOnSignals(app, log);
    process.emit('SIGTERM', 'SIGTERM');
    vi.advanceTimersByTime(3_000);
    process.emit('SIGTERM', 'SIGTERM');
    expect(stop).toHaveBeenCalledTimes(1);
    expect(exit).toHaveBeenCalledWith(1);
  });
});
