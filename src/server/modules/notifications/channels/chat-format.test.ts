import { describe, expect, it } from 'vitest';
import {
  type ChatNotification,
  chatNotificationFrom,
  formatDiscord,
  formatSlack,
  truncate,
} from './chat-format.js';

const base: ChatNotification = {
  title: '[REQ-1042] Needs further support',
  text: 'x',
  url: null,
  linkLabel: 'Open REQ-1042',
  severity: 'warning',
  facts: [],
  timestamp: null,
};

describe('chat formatting', () => {
  it('keeps ticket text from pinging a Slack channel', () => {
    const body = formatSlack({ ...base, text: 'Ping <!channel> & <@U123>' });
    expect(body.blocks[1]).toEqual({
      type: 'section',
      text: { type: 'mrkdwn', text: 'Ping &lt;!channel&gt; &amp; &lt;@U123&gt;' },
    });
    expect(body.blocks).toHaveLength(2);
  });

  it("stays within Discord's limits", () => {
    const body = formatDiscord({
      ...base,
      title: 't'.repeat(300),
      text: 'd'.repeat(10_000),
      facts: Array.from({ length: 30 }, (_, index) => ({ label: `fact ${index}`, value: 'v'.repeat(2_000) })),
    });
    const embed = body.embeds[0]!;
    expect(embed.title).toHaveLength(256);
    // 6000 − 256 (title) − 200 (kept for the text) leaves room for 5 facts of 6 + 1024 characters.
    expect(embed.fields).toHaveLength(5);
    expect(embed.fields[0]?.value).toHaveLength(1_024);
    const facts = embed.fields.reduce((sum, field) => sum + field.name.length + field.value.length, 0);
    expect(embed.description).toHaveLength(6_000 - 256 - facts);
    expect(embed.url).toBeUndefined();
  });

  it('marks a cut with an ellipsis', () => {
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(truncate('abc', 4)).toBe('abc');
  });

  it('builds a chat message from a rendered notification without its email signature', () => {
    const rendered = {
      subject: '[REQ-1042] Needs further support',
      html: '<p>ignored</p>',
      text: 'Hello Infrastructure team,\n\nThe automation failed.\n\n--\nOpsdesk · https://opsdesk.example.com\n',
    };
    expect(
      chatNotificationFrom(rendered, {
        url: null,
        linkLabel: 'Open',
        severity: 'warning',
        facts: [],
        timestamp: null,
      }),
    ).toEqual({
      title: '[REQ-1042] Needs further support',
      text: 'Hello Infrastructure team,\n\nThe automation failed.',
      url: null,
      linkLabel: 'Open',
      severity: 'warning',
      facts: [],
      timestamp: null,
    });
  });
});
