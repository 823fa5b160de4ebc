// The work a process starts without awaiting it: shutdown waits for it, and stops it when it
// overstays; nothing new starts once closing.
import { describe, expect, it } from 'vitest';
import { createBackground } from './background.js';

const later = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('background work', () => {
  it('is waited for by idle and close, tasks started meanwhile included', async () => {
    const errors: unknown[] = [];
    const background = createBackground((error) => errors.push(error));
    const done: string[] = [];
    background.run(async () => {
      await later(20);
      done.push('first');
      background.run(async () => {
        await later(20);
        done.push('second');
      });
    });
    expect(background.running).toBe(1);
    await background.idle();
    expect(done).toEqual(['first', 'second']);
    background.run(async () => {
      await later(20);
      done.push('third');
    });
    await background.close();
    expect(done).toEqual(['first', 'second', 'third']);
    expect(background.running).toBe(0);
    expect(errors).toEqual([]);
  });

  it('refuses new work once closing, and hands a task’s failure to onError', async () => {
    const errors: unknown[] = [];
    const background = createBackground((error) => errors.push(error));
    expect(
      background.run(async () => {
        throw new Error('broken');
      }),
    ).toBe(true);
    await background.close();
    expect(errors).toEqual([new Error('broken')]);
    expect(background.run(async () => undefined)).toBe(false);
  });

  it('aborts a task that outlasts the grace period on close, and still waits for it to end', async () => {
    const background = createBackground(() => undefined);
    let reason = '';
    background.run(
      (signal) =>
        new Promise<void>((resolve) => {
          signal.addEventListener('abort', () => {
            reason = String((signal.reason as Error).message);
            setTimeout(resolve, 10);
          });
        }),
    );
    await background.close(30);
    expect(reason).toBe('the process is stopping');
    expect(background.running).toBe(0);
  });
});
