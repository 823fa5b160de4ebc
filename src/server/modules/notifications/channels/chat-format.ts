// A rendered notification in each chat platform's webhook format, within each platform's
// documented limits, and without letting ticket text ping a whole channel.

import type { ChatPlatform } from '../../../../shared/api/notifications.js';
import type { RenderedNotification } from '../../../lib/templates.js';
import type { Severity } from '../pipeline/events.js';

export { type ChatPlatform, chatPlatforms } from '../../../../shared/api/notifications.js';

/** What a chat message says: the rendered subject and plain-text body, a link, and key facts. */
export interface ChatNotification {
  title: string;
  text: string;
  url: string | null;
  linkLabel: string;
  severity: Severity;
  facts: Array<{ label: string; value: string }>;
  /** ISO 8601; when the event happened. */
  timestamp: string | null;
}

/**
 * A chat message from a notification rendered for a channel: the subject is the title, the
 * plain-text body the text, without its email signature (everything from a "--" line on).
 */
export function chatNotificationFrom(
  rendered: RenderedNotification,
  details: Omit<ChatNotification, 'title' | 'text'>,
): ChatNotification {
  const signature = rendered.text.search(/^-- ?$/m);
  const text = (signature === -1 ? rendered.text : rendered.text.slice(0, signature)).trim();
  return { ...details, title: rendered.subject, text };
}

export interface DiscordWebhookBody {
  content: string;
  username?: string;
  allowed_mentions: { parse: string[] };
  embeds: Array<{
    title: string;
    url?: string;
    description: string;
    color: number;
    fields: Array<{ name: string; value: string; inline: boolean }>;
    timestamp?: string;
  }>;
}

type SlackText = { type: 'plain_text'; text: string } | { type: 'mrkdwn'; text: string };
export type SlackBlock =
  | { type: 'header'; text: { type: 'plain_text'; text: string } }
  | { type: 'section'; text?: SlackText; fields?: SlackText[] }
  | {
      type: 'actions';
      elements: Array<{ type: 'button'; text: { type: 'plain_text'; text: string }; url: string }>;
    }
  | { type: 'context'; elements: SlackText[] };

export interface SlackWebhookBody {
  text: string;
  blocks: SlackBlock[];
}

type AdaptiveElement =
  | {
      type: 'TextBlock';
      text: string;
      wrap: true;
      weight?: 'Bolder';
      size?: 'Medium';
      color?: 'Accent' | 'Good' | 'Warning' | 'Attention';
    }
  | { type: 'FactSet'; facts: Array<{ title: string; value: string }> };

export interface TeamsWebhookBody {
  type: 'message';
  attachments: Array<{
    contentType: 'application/vnd.microsoft.card.adaptive';
    contentUrl: null;
    content: {
      $schema: 'http://adaptivecards.io/schemas/adaptive-card.json';
      type: 'AdaptiveCard';
      version: '1.4';
      body: AdaptiveElement[];
      actions: Array<{ type: 'Action.OpenUrl'; title: string; url: string }>;
    };
  }>;
}

export type ChatWebhookBody = DiscordWebhookBody | SlackWebhookBody | TeamsWebhookBody;

/** Cuts to `max` characters, marking the cut with an ellipsis. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

const discordEmbedLimit = 6_000;
const minimumDescription = 200;

const discordColour: Record<Severity, number> = {
  info: 0x1d4ed8,
  success: 0x15803d,
  warning: 0xb45309,
  critical: 0xb91c1c,
};

export function formatDiscord(
  notification: ChatNotification,
  options: { username?: string | null } = {},
): DiscordWebhookBody {
  // Discord refuses an embed over 6000 characters in all: facts are kept while they fit,
  // leaving room for the start of the text.
  const title = truncate(notification.title, 256);
  let budget = discordEmbedLimit - title.length - minimumDescription;
  const fields: DiscordWebhookBody['embeds'][number]['fields'] = [];
  for (const fact of notification.facts.slice(0, 25)) {
    const field = {
      name: truncate(fact.label, 256),
      value: truncate(fact.value || '—', 1_024),
      inline: fact.value.length <= 40,
    };
    if (field.name.length + field.value.length > budget) break;
    budget -= field.name.length + field.value.length;
    fields.push(field);
  }
  const embed: DiscordWebhookBody['embeds'][number] = {
    title,
    description: truncate(notification.text, Math.min(4_096, budget + minimumDescription)),
    color: discordColour[notification.severity],
    fields,
  };
  if (notification.url) embed.url = notification.url;
  if (notification.timestamp) embed.timestamp = notification.timestamp;
  return {
    content: truncate(notification.title, 2_000),
    ...(options.username ? { username: truncate(options.username, 80) } : {}),
    // Ticket text is not trusted: "@everyone" in a field must not ping anybody.
    allowed_mentions: { parse: [] },
    embeds: [embed],
  };
}

/** Slack's mrkdwn treats these three as control characters; `<!channel>` needs them to ping. */
function slackEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const slackMarker: Record<Severity, string> = {
  info: ':information_source:',
  success: ':white_check_mark:',
  warning: ':warning:',
  critical: ':rotating_light:',
};

export function formatSlack(notification: ChatNotification): SlackWebhookBody {
  const blocks: SlackBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: truncate(notification.title, 150) } },
    { type: 'section', text: { type: 'mrkdwn', text: truncate(slackEscape(notification.text), 3_000) } },
  ];
  if (notification.facts.length > 0) {
    blocks.push({
      type: 'section',
      fields: notification.facts.slice(0, 10).map((fact) => ({
        type: 'mrkdwn' as const,
        text: truncate(`*${slackEscape(fact.label)}*\n${slackEscape(fact.value)}`, 2_000),
      })),
    });
  }
  if (notification.url) {
    blocks.push({
      type: 'actions',
      elements: [
        {
          type: 'button',
          text: { type: 'plain_text', text: truncate(notification.linkLabel, 75) },
          url: notification.url,
        },
      ],
    });
  }
  return { text: `${slackMarker[notification.severity]} ${slackEscape(notification.title)}`, blocks };
}

const teamsColour: Record<Severity, 'Accent' | 'Good' | 'Warning' | 'Attention'> = {
  info: 'Accent',
  success: 'Good',
  warning: 'Warning',
  critical: 'Attention',
};

export function formatTeams(notification: ChatNotification): TeamsWebhookBody {
  const body: AdaptiveElement[] = [
    {
      type: 'TextBlock',
      text: notification.title,
      weight: 'Bolder',
      size: 'Medium',
      color: teamsColour[notification.severity],
      wrap: true,
    },
    // Teams refuses payloads over 28 KB; the text gives way.
    { type: 'TextBlock', text: truncate(notification.text, 20_000), wrap: true },
  ];
  if (notification.facts.length > 0) {
    body.push({
      type: 'FactSet',
      facts: notification.facts.map((fact) => ({ title: fact.label, value: fact.value })),
    });
  }
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body,
          actions: notification.url
            ? [{ type: 'Action.OpenUrl', title: notification.linkLabel, url: notification.url }]
            : [],
        },
      },
    ],
  };
}

export function formatChatMessage(
  platform: ChatPlatform,
  notification: ChatNotification,
  options: { username?: string | null } = {},
): ChatWebhookBody {
  switch (platform) {
    case 'discord':
      return formatDiscord(notification, options);
    case 'slack':
      return formatSlack(notification);
    case 'teams':
      return formatTeams(notification);
  }
}
