import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, api } from './api';

function answer(status: number, body?: unknown) {
  vi.stubGlobal(
    'fetch',
    vi.fn(async () => new Response(body === undefined ? null : JSON.stringify(body), { status })),
  );
}

const summary = {
  key: 'REQ-1',
  kind: 'request',
  title: 'Start bugfix1x2',
  requestType: 'start-request-only-staging',
  status: 'in_progress',
  statusName: 'In progress',
  outcome: null,
  requester: { id: '40adb92f-6984-4c86-9b93-32e357919db7', email: 'dev@opsdesk.local', displayName: 'Dewi' },
  team: null,
  priority: 'moderate',
  assignee: null,
  createdAt: '2026-11-21T10:00:00.000Z',
  updatedAt: '2026-11-21T10:05:00.000Z',
  resolvedAt: null,
  sla: null,
};

describe('api() in development and tests', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('answers what the contract describes, as the server sent it (dates stay strings)', async () => {
    answer(200, { items: [summary], nextCursor: null });
    const page = await api('/api/v1/tickets', 'tickets.ticketPageOut');
    expect(page.items[0]?.createdAt).toBe('2026-11-21T10:00:00.000Z');
  });

  it('fails loudly when the answer drifts from the contract', async () => {
    answer(200, { items: [{ ...summary, createdAt: 'yesterday', statusName: undefined }], nextCursor: null });
    const error = await api('/api/v1/tickets', 'tickets.ticketPageOut').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe('contract_mismatch');
    expect((error as ApiError).message).toContain('items.0.createdAt');
    expect((error as ApiError).message).toContain('items.0.statusName');
  });

  it('a 204 is no content', async () => {
    answer(204);
    await expect(
      api('/api/v1/auth/logout', 'common.noContent', { method: 'POST', body: {} }),
    ).resolves.toBeNull();
  });

  it('the error envelope still becomes an ApiError with its code', async () => {
    answer(404, { error: { code: 'not_found', message: 'There is no REQ-9.' } });
    await expect(api('/api/v1/tickets/REQ-9', 'tickets.ticketOut')).rejects.toMatchObject({
      status: 404,
      code: 'not_found',
    });
  });
});
