// The notifications API: the bell, preferences, saved searches and following tickets (everyone);
// a ticket's followers and delivery log (agents); SMTP, chat webhooks, rules, templates and the
// delivery log (admins); and the emailed one-click links. Incident communications and mailing
// lists: incident-communications.ts.
import { z } from 'zod';
import { dateTime, ticketKeyParams } from './common.js';
import { ticketSearchQuery } from './tickets.js';

/** The events notifications speak of, in the order admins see them. */
export const notificationEvents = [
  'request.filed',
  'request.verification_failed',
  'approval.requested',
  'request.approved',
  'request.declined',
  'request.fulfilled',
  'request.need_further_support',
  'request.waiting_for_customer_reminder',
  'sla.warning',
  'sla.breached',
  'request.closed',
  'incident.started',
  'incident.updated',
  'incident.resolved',
  'ticket.opened',
  'ticket.assigned',
  'ticket.resolved',
] as const;

export const emailModes = ['immediate', 'digest', 'off'] as const;
export type EmailMode = (typeof emailModes)[number];

export const audiences = [
  /** The person who filed the request. */
  'requester',
  /** The approvers still asked in the ticket's current approval round. */
  'approver',
  /** Every member of the ticket's team. */
  'agent_team',
  /** The leads of the ticket's team. */
  'team_lead',
  'assignee',
  /** People following this ticket (with or without an account). */
  'ticket_subscribers',
  /** People whose saved ticket search matches this ticket (and who may see it). */
  'filter_subscribers',
  /** The members of one mailing list (the rule names it). */
  'mailing_list',
  /** One chat channel (the rule names its webhook). */
  'chat',
  /** Incident communications: the lists the communication was sent to (by service and region). */
  'incident_audiences',
] as const;
export type Audience = (typeof audiences)[number];

export const chatPlatforms = ['discord', 'slack', 'teams'] as const;
export type ChatPlatform = (typeof chatPlatforms)[number];

export const deliveryStatuses = [
  'pending',
  'sending',
  'retrying',
  'sent',
  'failed',
  'digest_pending',
  'digested',
] as const;
export type DeliveryStatus = (typeof deliveryStatuses)[number];
export const deliveryChannels = ['email', 'chat', 'in_app'] as const;
export type DeliveryChannel = (typeof deliveryChannels)[number];

export const eventParams = z.object({
  event: z.enum(notificationEvents as unknown as [string, ...string[]]),
});

// The bell.
export const inboxItem = z.object({
  id: z.uuid(),
  event: z.string(),
  ticketKey: z.string().nullable(),
  title: z.string(),
  url: z.string(),
  createdAt: dateTime,
  readAt: dateTime.nullable(),
});
export const inboxQuery = z
  .object({
    unread: z.enum(['true', 'false']).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(25),
    cursor: z.string().max(200).optional(),
  })
  .strict();
export const inboxOut = z.object({
  items: z.array(inboxItem),
  unread: z.number(),
  nextCursor: z.string().nullable(),
});
export const unreadCountOut = z.object({ unread: z.number() });
export const markedReadOut = z.object({ marked: z.number() });

// Preferences.
export const preferencesOut = z.object({
  digestHour: z.number(),
  events: z.array(
    z.object({ event: z.string(), label: z.string(), email: z.enum(emailModes), inApp: z.boolean() }),
  ),
});
export const preferencesInput = z
  .object({
    digestHour: z.number().int().min(0).max(23).optional(),
    events: z
      .array(
        z
          .object({
            event: z.enum(notificationEvents),
            email: z.enum(emailModes),
            inApp: z.boolean(),
          })
          .strict(),
      )
      .default([]),
  })
  .strict();
export type PreferencesInput = z.infer<typeof preferencesInput>;

// Saved searches: the query parameters of GET /api/v1/tickets, kept and followed.
export const savedFilterSchema = ticketSearchQuery.omit({ limit: true, cursor: true });
export type SavedFilter = z.infer<typeof savedFilterSchema>;
export const savedSearchOut = z.object({
  id: z.uuid(),
  name: z.string(),
  query: z.record(z.string(), z.string()),
  createdAt: dateTime,
});
export const savedSearchListOut = z.array(savedSearchOut);
export const savedSearchIn = z
  .object({ name: z.string().trim().min(1).max(200), query: savedFilterSchema })
  .strict();

// Following a ticket, and its followers.
export const followingOut = z.object({ following: z.boolean() });
export const subscriberOut = z.object({
  id: z.uuid(),
  userId: z.uuid().nullable(),
  email: z.string(),
  name: z.string(),
  createdAt: dateTime,
});
export const subscriberListOut = z.array(subscriberOut);
export const subscriberIn = z
  .object({ email: z.email(), name: z.string().trim().min(1).max(200).optional() })
  .strict();
export const subscriberParams = ticketKeyParams.extend({ id: z.uuid() });

// The delivery log.
export const deliveryOut = z.object({
  id: z.uuid(),
  event: z.string(),
  channel: z.enum(deliveryChannels),
  ticketKey: z.string().nullable(),
  incidentCommunicationId: z.uuid().nullable(),
  recipient: z.object({
    kind: z.enum(['user', 'email', 'chat']),
    name: z.string(),
    address: z.string().nullable(),
    userId: z.uuid().nullable(),
  }),
  status: z.enum(deliveryStatuses),
  attempts: z.number(),
  subject: z.string().nullable(),
  messageId: z.string().nullable(),
  response: z.string().nullable(),
  lastErrorCode: z.string().nullable(),
  lastError: z.string().nullable(),
  createdAt: dateTime,
  sentAt: dateTime.nullable(),
  nextAttemptAt: dateTime.nullable(),
});
export type DeliveryOut = z.infer<typeof deliveryOut>;
export const deliveryListOut = z.array(deliveryOut);
export const deliveryQuery = z
  .object({
    status: z.enum(deliveryStatuses).optional(),
    channel: z.enum(deliveryChannels).optional(),
    event: z.string().max(64).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(200).optional(),
  })
  .strict();
export const deliveryPageOut = z.object({ items: z.array(deliveryOut), nextCursor: z.string().nullable() });

// Admin: the SMTP server.
/** As the API takes it: the password may be left out to keep the stored one. */
export const smtpSettingsInput = z
  .object({
    host: z.string().min(1),
    port: z.number().int().min(1).max(65_535).optional(),
    security: z.enum(['tls', 'starttls', 'none']),
    auth: z
      .object({ user: z.string().min(1), pass: z.string().min(1).optional() })
      .strict()
      .nullable()
      .optional(),
    from: z.object({ name: z.string().min(1), address: z.string() }).strict(),
    replyTo: z.string().nullable().optional(),
    messageIdDomain: z.string().nullable().optional(),
    timeouts: z
      .object({
        connectMs: z.number().optional(),
        greetingMs: z.number().optional(),
        socketMs: z.number().optional(),
      })
      .strict()
      .optional(),
    pool: z
      .object({ maxConnections: z.number().optional(), maxMessages: z.number().optional() })
      .strict()
      .optional(),
    tls: z.object({ rejectUnauthorized: z.boolean().optional() }).strict().optional(),
    dkim: z
      .object({ domainName: z.string(), keySelector: z.string(), privateKey: z.string().optional() })
      .strict()
      .nullable()
      .optional(),
  })
  .strict();
export type SmtpSettingsInput = z.infer<typeof smtpSettingsInput>;
export const emailSettingsOut = z.object({ configured: z.boolean(), settings: z.unknown() });

/** What a test of the SMTP server or a chat webhook found. */
export const outcomeOut = z.object({ ok: z.boolean(), status: z.string(), detail: z.string() });

// Admin: chat webhooks.
export const chatWebhookOut = z.object({
  id: z.uuid(),
  name: z.string(),
  platform: z.string(),
  urlHost: z.string(),
  username: z.string().nullable(),
  createdAt: dateTime,
});
export const chatWebhookListOut = z.array(chatWebhookOut);
export const chatWebhookInput = z
  .object({
    name: z.string().trim().min(1).max(100),
    platform: z.enum(chatPlatforms),
    url: z.url({ protocol: /^https?$/ }),
    username: z.string().min(1).max(80).nullable().default(null),
  })
  .strict();
export type ChatWebhookInput = z.infer<typeof chatWebhookInput>;

// Admin: which events notify whom.
export const ruleOut = z.object({
  audience: z.enum(audiences),
  chatWebhookId: z.uuid().nullable(),
  mailingListId: z.uuid().nullable(),
  enabled: z.boolean(),
});
export const ruleListOut = z.array(ruleOut);
export const eventRulesListOut = z.array(
  z.object({ event: z.string(), label: z.string(), rules: z.array(ruleOut) }),
);
export const ruleInput = z
  .object({
    audience: z.enum(audiences),
    chatWebhookId: z.uuid().nullable().default(null),
    mailingListId: z.uuid().nullable().default(null),
    enabled: z.boolean().default(true),
  })
  .strict();
export type RuleInput = z.infer<typeof ruleInput>;
export const rulesIn = z.object({ rules: z.array(ruleInput).max(50) }).strict();

// Admin: templates (Liquid, checked when saved).
export const maxTemplateLength = 100_000;
export const notificationTemplateSchema = z.object({
  subject: z.string().min(1).max(1_000),
  html: z.string().min(1).max(maxTemplateLength),
  text: z.string().min(1).max(maxTemplateLength),
});
export type NotificationTemplate = z.infer<typeof notificationTemplateSchema>;
export const templateIn = notificationTemplateSchema.strict();

export const templateListOut = z.array(
  z.object({
    event: z.string(),
    label: z.string(),
    description: z.string(),
    audience: z.string(),
    customised: z.boolean(),
    updatedAt: dateTime.nullable(),
  }),
);
export const templateOut = z.object({
  event: z.string(),
  customised: z.boolean(),
  updatedAt: dateTime.nullable(),
  updatedBy: z.string().nullable(),
  template: notificationTemplateSchema,
  default: notificationTemplateSchema,
});

const renderedOut = z.object({ subject: z.string(), html: z.string(), text: z.string() });
const templateProblem = z.object({
  part: z.enum(['subject', 'html', 'text']),
  kind: z.string(),
  line: z.number(),
  column: z.number(),
  message: z.string(),
});
export const templatePreviewIn = z
  .object({
    ticketKey: z
      .string()
      .regex(/^[A-Za-z]+-\d+$/)
      .optional(),
    communicationId: z.uuid().optional(),
    template: notificationTemplateSchema.optional(),
  })
  .strict();
export const templatePreviewOut = z.object({
  source: z.enum(['ticket', 'incident', 'sample']),
  rendered: renderedOut.nullable(),
  problems: z.array(templateProblem),
  notes: z.array(z.string()),
});

// The pages behind emailed links (HTML, not part of the JSON API): /a/{token} and /u/{token}.
// A wildcard, not a `:token` parameter: the router caps parameters at 100 characters and a signed
// token is longer.
export const linkTokenParams = z.object({ '*': z.string().min(1).max(2_000) });
export const linkFormBody = z
  .object({ comment: z.string().max(5_000).optional() })
  .loose()
  .nullish();
