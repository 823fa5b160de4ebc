import { QueryClient, QueryObserver } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { refetchAfterChange } from './live';

describe('a live update', () => {
  it('reaches a page whose first read was still in flight when the change was announced', async () => {
    const client = new QueryClient();
    // The ticket as the server has it: the first read answers with the status before the change.
    let status = 'waiting_for_verification';
    let releaseFirst: () => void = () => undefined;
    let reads = 0;
    const observer = new QueryObserver(client, {
      queryKey: ['ticket', 'REQ-1'],
      queryFn: async ({ signal }) => {
        reads += 1;
        const seen = status;
        if (reads === 1)
          await new Promise<void>((resolve, reject) => {
            releaseFirst = resolve;
            signal.addEventListener('abort', () => reject(signal.reason));
          });
        return seen;
      },
    });
    const results: (string | undefined)[] = [];
    const unsubscribe = observer.subscribe((result) => results.push(result.data));

    // The change commits while the first read is on its way back; its event arrives.
    status = 'waiting_for_approval';
    refetchAfterChange(client, ['ticket']);
    releaseFirst();

    await expect.poll(() => client.getQueryData(['ticket', 'REQ-1'])).toBe('waiting_for_approval');
    expect(results).not.toContain('waiting_for_verification');
    unsubscribe();
    client.clear();
  });
});
