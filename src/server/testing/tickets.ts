// Helpers for tests that drive tickets through the HTTP API.
import type { TestApp } from './harness.js';

/** Polls the ticket until it reaches `status` (or fails after `timeoutMs`, showing where it is). */
export async function waitForStatus(
  t: TestApp,
  token: string,
  key: string,
  status: string,
  timeoutMs = 15_000,
) {
  const deadline = Date.now() + timeoutMs;
  let last: any;
  while (Date.now() < deadline) {
    const response = await t.api('GET', `/api/v1/tickets/${key}`, { token });
    last = response.body;
    if (last?.status === status) return last;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(
    `${key} did not reach ${status}; it is ${last?.status}: ${JSON.stringify(last?.comments?.map((c: any) => c.body))}`,
  );
}

export async function fileRequest(
  t: TestApp,
  token: string,
  requestType: string,
  fields: Record<string, unknown>,
) {
  const response = await t.api('POST', '/api/v1/requests', { token, body: { requestType, fields } });
  if (response.status !== 201)
    throw new Error(`filing ${requestType} failed: ${JSON.stringify(response.body)}`);
  return response.body as { key: string; status: string };
}

/** Files a request and has the requester's manager approve it once verified. */
export async function fileAndApprove(
  t: TestApp,
  tokens: { requester: string; approver: string },
  requestType: string,
  fields: Record<string, unknown>,
  timeoutMs?: number,
) {
  const ticket = await fileRequest(t, tokens.requester, requestType, fields);
  await waitForStatus(t, tokens.requester, ticket.key, 'waiting_for_approval', timeoutMs);
  const approved = await t.api('POST', `/api/v1/tickets/${ticket.key}/approve`, {
    token: tokens.approver,
    body: {},
  });
  if (approved.status !== 200)
    throw new Error(`approving ${ticket.key} failed: ${JSON.stringify(approved.body)}`);
  return ticket;
}

export function inDays(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}
