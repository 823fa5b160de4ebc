import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateNotificationTemplate } from '../../../lib/templates.js';
import { planDeliveries } from '../audiences/preferences.js';
import { defaultRulesSql } from '../audiences/rules.js';
import { parseScope } from '../audiences/unsubscribe.service.js';
import { approvalLinks, counterpartToken, unsubscribeLink, verifyLink } from '../links/action-links.js';
import { escapeHtml, messagePage } from '../links/action-pages.js';
import { digestTemplate } from './digest.js';
import type { Recipient } from './recipients.js';
import type { UserRow } from './ticket-facts.js';

const user = (id: string) => ({ id, email: `${id}@opsdesk.local`, displayName: id }) as UserRow;

describe('what each recipient gets', () => {
  const recipients: Recipient[] = [
    { kind: 'user', key: 'user:a', user: user('a'), unsubscribeScope: 'pref:a:x', approvalId: null },
    { kind: 'user', key: 'user:b', user: user('b'), unsubscribeScope: 'pref:b:x', approvalId: null },
    { kind: 'user', key: 'user:c', user: user('c'), unsubscribeScope: 'pref:c:x', approvalId: null },
    {
      kind: 'email',
      key: 'email:d',
      address: 'd@example.com',
      name: 'D',
      timeZone: 'UTC',
      unsubscribeScope: 'member:d',
    },
    { kind: 'chat', key: 'chat:e', webhookId: 'e', name: 'Infra Slack' },
  ];

  it('follows each person’s preference; people without an account get email, channels get chat', () => {
    const preferences: Record<string, { email: 'immediate' | 'digest' | 'off'; inApp: boolean }> = {
      a: { email: 'immediate', inApp: true },
      b: { email: 'digest', inApp: false },
      c: { email: 'off', inApp: true },
    };
    const plan = planDeliveries(recipients, (id) => preferences[id]!);
    expect(plan.map((entry) => [entry.recipient.key, entry.channel, entry.status])).toEqual([
      ['user:a', 'email', 'pending'],
      ['user:a', 'in_app', 'sent'],
      ['user:b', 'email', 'digest_pending'],
      ['user:c', 'in_app', 'sent'],
      ['email:d', 'email', 'pending'],
      ['chat:e', 'chat', 'pending'],
    ]);
  });
});

const context = {
  secretKey: Buffer.alloc(32, 7),
  config: { publicUrl: 'https://opsdesk.test' } as never,
  clock: { now: () => new Date('2026-03-12T02:20:00Z') },
};

describe('the links in a message', () => {
  const input = {
    approvalId: '36a340ab-f813-4d0d-9411-dce78e0ef923',
    ticketKey: 'REQ-1',
    approverId: '409edeaa-1bed-40ff-abf8-e5166d4b29ab',
    deliveryId: 'c0ffee00-0000-4000-8000-000000000001',
    expiresAt: new Date('2026-03-19T02:15:05Z'),
  };
  const tokenOf = (url: string) => url.slice('https://opsdesk.test/a/'.length);

  it('are the same on every attempt of a delivery, and differ between deliveries', () => {
    expect(approvalLinks(context, input)).toEqual(approvalLinks(context, input));
    expect(
      approvalLinks(context, { ...input, deliveryId: 'c0ffee00-0000-4000-8000-000000000002' }).approve,
    ).not.toBe(approvalLinks(context, input).approve);
  });

  it('approve and decline share one nonce: using one spends the other', () => {
    const links = approvalLinks(context, input);
    const approve = verifyLink(context, tokenOf(links.approve));
    const decline = verifyLink(context, tokenOf(links.decline));
    if (!approve.ok || !decline.ok) throw new Error('both links must verify');
    expect(approve.payload).toMatchObject({
      action: 'approve',
      subject: input.approvalId,
      ticketKey: 'REQ-1',
    });
    expect(decline.payload.action).toBe('decline');
    expect(decline.payload.nonce).toBe(approve.payload.nonce);
    expect(counterpartToken(context, approve.payload)).toBe(tokenOf(links.decline));
  });

  it('are signed with a key of their own, not the instance key itself', () => {
    const other = { ...context, secretKey: Buffer.alloc(32, 8) };
    expect(verifyLink(other, tokenOf(approvalLinks(context, input).approve))).toEqual({
      ok: false,
      reason: 'forged',
    });
  });

  it('unsubscribe from exactly one thing, for a year', () => {
    const url = unsubscribeLink(
      context,
      `member:${input.approvalId}`,
      input.deliveryId,
      new Date('2026-03-12T00:00:00Z'),
    );
    const verified = verifyLink(context, url.slice('https://opsdesk.test/u/'.length));
    if (!verified.ok) throw new Error('the link must verify');
    expect(verified.payload).toMatchObject({ action: 'unsubscribe', subject: `member:${input.approvalId}` });
    expect(verified.payload.expiresAt.toISOString()).toBe('2027-03-12T00:00:00.000Z');
    expect(parseScope(verified.payload.subject)).toEqual({ kind: 'member', id: input.approvalId });
    expect(parseScope(`pref:${input.approverId}:request.filed`)).toEqual({
      kind: 'pref',
      userId: input.approverId,
      event: 'request.filed',
    });
    expect(parseScope(`pref:${input.approverId}:no.such.event`)).toBeNull();
    expect(parseScope('sub:not-a-uuid')).toBeNull();
  });
});

describe('pages and templates', () => {
  it('escape what they show', () => {
    expect(escapeHtml(`<b>"x" & 'y'</b>`)).toBe('&lt;b&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/b&gt;');
    expect(messagePage('<t>', '<script>')).toContain('<p>&lt;script&gt;</p>');
  });

  it('the digest template is valid against its own context', () => {
    const sample = {
      site: { name: 'Opsdesk', url: 'https://opsdesk.test' },
      recipient: { name: 'Dewi', email: 'dev@opsdesk.local', timeZone: 'UTC', locale: 'en-GB' },
      items: [
        { subject: '[REQ-1] Done', url: 'https://opsdesk.test/tickets/REQ-1', at: '2026-03-12T02:31:40Z' },
      ],
      links: { unsubscribe: 'https://opsdesk.test/u/x' },
    };
    expect(validateNotificationTemplate(digestTemplate, sample)).toEqual({ ok: true });
  });

  it('the migrations seed exactly the default rules', () => {
    const folder = new URL('../../../db/migrations/', import.meta.url);
    const rowsOf = (sql: string) =>
      [...sql.matchAll(/\('([a-z_.]+)', '([a-z_]+)'\)/g)].map((m) => `${m[1]} ${m[2]}`);
    const seeded = readdirSync(folder)
      .filter((name) => name.endsWith('.sql'))
      .map((name) => readFileSync(new URL(name, folder), 'utf8'))
      .flatMap((text) =>
        [...text.matchAll(/INSERT INTO notification_rules \(event, audience\) VALUES\n([\s\S]*?);/g)].flatMap(
          (m) => rowsOf(m[1]!),
        ),
      );
    expect(seeded.sort()).toEqual(rowsOf(defaultRulesSql()).sort());
  });
});
