// The tickets API: filing requests, searching, one ticket with its history, comments, approvals
// and fulfilment runs, comments and transitions.
import { z } from 'zod';
import { patchOf } from '../patch.js';
import { changeViewFields } from './changes.js';
import { dateOrDateTime, dateTime } from './common.js';
import { userRef } from './identity.js';
import { incidentViewFields } from './incidents.js';
import { problemViewFields } from './problems.js';
import { ticketOutcomes } from './workflow.js';

export const ticketKinds = ['request', 'incident', 'problem', 'change'] as const;
export const priorities = ['critical', 'high', 'moderate', 'low', 'planning'] as const;
export const ticketLinkTypes = ['child_of', 'duplicate_of', 'caused_by', 'related_to'] as const;

const actor = z.object({ kind: z.string(), id: z.uuid().nullable(), name: z.string() });

export const ticketSummaryOut = z.object({
  key: z.string(),
  kind: z.string(),
  title: z.string(),
  requestType: z.string().nullable(),
  status: z.string(),
  statusName: z.string(),
  outcome: z
    .object({
      key: z.enum(ticketOutcomes),
      name: z.string(),
      reason: z.string().nullable().describe('the reason given with it (a declining approver’s comment)'),
    })
    .nullable()
    .describe(
      'How the ticket ended when the transition into its status says more than the status: a request an approver declined is `cancelled` with outcome `declined`; null otherwise (e.g. cancelled by its requester)',
    ),
  priority: z.string(),
  requester: userRef,
  team: z.object({ key: z.string(), name: z.string() }).nullable(),
  assignee: userRef.nullable(),
  createdAt: dateTime,
  updatedAt: dateTime,
  resolvedAt: dateTime.nullable(),
});

// Attachments: uploaded as multipart/form-data (files, and optionally comment, internal, reopen),
// downloaded from /api/v1/attachments/{id}.
export const attachmentOut = z.object({
  id: z.uuid(),
  commentId: z.uuid().nullable(),
  filename: z.string(),
  contentType: z.string(),
  size: z.number().int(),
  internal: z.boolean(),
  uploadedBy: z.string(),
  createdAt: dateTime,
});
export const attachmentListOut = z.array(attachmentOut);
/** POST /attachments: files uploaded ahead of a request, to be named in its `attachments`. */
export const stagedAttachmentListOut = z.array(
  z.object({
    id: z.uuid(),
    filename: z.string(),
    contentType: z.string(),
    size: z.number().int(),
    expiresAt: dateTime.describe('deleted if no request names it by then'),
  }),
);
export const attachmentParams = z.object({ id: z.uuid() });

export const ticketOut = ticketSummaryOut.extend({
  requestTypeName: z.string().nullable(),
  statusCategory: z.string(),
  fields: z.record(z.string(), z.unknown()),
  closedAt: dateTime.nullable(),
  history: z.array(
    z.object({ at: dateTime, actor, transition: z.string(), from: z.string().nullable(), to: z.string() }),
  ),
  comments: z.array(
    z.object({
      id: z.uuid(),
      at: dateTime,
      author: actor,
      body: z.string(),
      internal: z.boolean(),
      kind: z.string(),
      data: z.unknown().optional(),
    }),
  ),
  attachments: z.array(attachmentOut),
  approvals: z.array(
    z.object({
      approver: userRef,
      state: z.string(),
      reason: z.string(),
      round: z.number(),
      comment: z.string().nullable(),
      decidedAt: dateTime.nullable(),
    }),
  ),
  runs: z.array(
    z.object({
      id: z.uuid(),
      number: z.number(),
      action: z.string(),
      environment: z.string().nullable(),
      status: z.string(),
      attempts: z.number(),
      maxAttempts: z.number(),
      error: z.string().nullable(),
      summary: z.string().nullable(),
      createdAt: dateTime,
      startedAt: dateTime.nullable(),
      finishedAt: dateTime.nullable(),
    }),
  ),
  availableTransitions: z.array(
    z.object({
      name: z.string(),
      label: z.string(),
      requiresComment: z.boolean(),
      /** The status it leads to (what a board column accepts). */
      to: z.string(),
      /** Conditions the server checks when it is fired (named; the refusal says which failed). */
      guards: z.array(z.string()),
    }),
  ),
  canApprove: z.boolean(),
  ...incidentViewFields,
  ...problemViewFields,
  ...changeViewFields,
  links: z.array(
    z.object({
      type: z
        .string()
        .describe('child_of, duplicate_of, caused_by, related_to — or the reverse: parent_of …'),
      target: z.string().describe('the other ticket’s key'),
      title: z.string(),
      status: z.string(),
      direction: z.enum(['outgoing', 'incoming']),
    }),
  ),
});
export type TicketOut = z.infer<typeof ticketOut>;

export const ticketSearchQuery = z
  .object({
    kind: z.enum(ticketKinds).optional().describe('request, incident, problem or change'),
    status: z.string().max(500).optional().describe('comma-separated status keys'),
    priority: z
      .string()
      .max(200)
      .optional()
      .describe('comma-separated priorities: critical, high, moderate, low, planning'),
    assignee: z.string().max(254).optional().describe('"me", "none" (unassigned), an email or a user id'),
    requestType: z.string().max(100).optional(),
    requester: z.string().max(254).optional().describe('"me", an email or a user id'),
    team: z.string().max(63).optional(),
    environment: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .optional()
      .describe(
        'requests naming this staging environment (by name) in a form field of type environment: target, source, new name …',
      ),
    from: dateOrDateTime.optional().describe('created at or after'),
    to: dateOrDateTime.optional().describe('created before (a date: the whole day included)'),
    q: z
      .string()
      .max(200)
      .optional()
      .describe(
        'words (each also as a prefix) in the key, title, field values, requester and assignee names, or public comments (the description is the first); a ticket key whole; when the words find nothing, titles with similar words (typos)',
      ),
    sla: z
      .enum(['at_risk', 'breached'])
      .optional()
      .describe(
        'at_risk: an SLA clock is running past its warning and has not breached yet; breached: a clock is over its goal',
      ),
    sort: z
      .enum(['created', 'updated', 'key', 'relevance'])
      .default('created')
      .describe(
        'created (default), updated (last change), key (the ticket number) or relevance (with q: best match first)',
      ),
    dir: z.enum(['desc', 'asc']).default('desc'),
    limit: z.coerce.number().int().min(1).max(100).default(25),
    cursor: z.string().max(200).optional(),
  })
  .strict();
export type TicketSearch = z.infer<typeof ticketSearchQuery>;

export const slaSummaryOut = z
  .object({
    metric: z.string(),
    status: z.enum(['on_track', 'at_risk', 'breached', 'paused', 'met', 'not_started']),
    goalSeconds: z.number(),
    /** Counted time when the clock was last computed (computedAt); a running clock goes on counting. */
    elapsedSeconds: z.number(),
    computedAt: dateTime,
    warnAt: dateTime.nullable(),
    breachAt: dateTime.nullable(),
  })
  .nullable()
  .describe("The ticket's most pressing SLA clock with a goal: running ones first, the nearest breach first");
export type SlaSummary = z.infer<typeof slaSummaryOut>;

/** GET /tickets: a page of summaries, each with its most pressing SLA clock. */
export const ticketPageOut = z.object({
  items: z.array(ticketSummaryOut.extend({ sla: slaSummaryOut })),
  nextCursor: z.string().nullable(),
});

export const fileRequestIn = z
  .object({
    requestType: z.string().min(1).max(100),
    fields: z.record(z.string(), z.unknown()),
    summary: z
      .string()
      .trim()
      .max(200)
      .optional()
      .describe("In the requester's words; the ticket's title when given (request types that ask for it)"),
    description: z
      .string()
      .trim()
      .max(20_000)
      .optional()
      .describe("More context; the ticket's first comment, from the requester"),
    attachments: z
      .array(z.uuid())
      .max(100)
      .optional()
      .describe(
        'ids of files the caller uploaded with POST /attachments and has not filed yet: attached in the same transaction as the request (any unknown, used, expired or other person’s id: 400 naming attachments.<i>, nothing filed)',
      ),
  })
  .strict();

export const commentIn = z
  .object({
    body: z.string().trim().min(1).max(20_000),
    internal: z.boolean().default(false),
    reopen: z
      .boolean()
      .optional()
      .describe(
        "The requester's comment where the workflow waits for them (a delivered request, a resolved incident): true sends the ticket back to the team (it does not work), false only comments; absent: it goes back unless the comment reads as thanks",
      ),
  })
  .strict();

export const transitionIn = z
  .object({ name: z.string().min(1).max(63), comment: z.string().trim().max(20_000).optional() })
  .strict();

/** A ticket's fulfilment runs with their output (the lines only for agents). */
export const ticketRunsOut = z.array(
  z.object({
    id: z.uuid(),
    number: z.number(),
    action: z.string(),
    environment: z.string().nullable(),
    status: z.string(),
    attempts: z.number(),
    error: z.string().nullable(),
    result: z.record(z.string(), z.unknown()).nullable(),
    createdAt: dateTime,
    finishedAt: dateTime.nullable(),
    output: z.array(z.object({ at: dateTime, level: z.string(), line: z.string() })),
  }),
);

/** PATCH /tickets/{key}: assignment, team, priority, title (agents). */
export const ticketPatchIn = patchOf(
  z.object({
    assignee: z.string().min(1).max(254).nullable(),
    team: z.string().min(1).max(63),
    priority: z.enum(priorities),
    title: z.string().trim().min(1).max(300),
  }),
);

export const linkIn = z
  .object({
    type: z.enum(ticketLinkTypes),
    target: z.string().regex(/^[A-Za-z]+-\d+$/, 'must be a ticket key such as INC-3'),
  })
  .strict();

export const linkParams = z.object({
  key: z.string().regex(/^[A-Za-z]+-\d+$/, 'must be a ticket key such as REQ-12'),
  type: z.enum(ticketLinkTypes),
  target: z.string().regex(/^[A-Za-z]+-\d+$/, 'must be a ticket key such as INC-3'),
});

/** POST /tickets/bulk: the same actions on several tickets, each ticket on its own. */
export const bulkActionIn = z
  .object({
    keys: z
      .array(z.string().regex(/^[A-Za-z]+-\d+$/, 'must be a ticket key such as REQ-3'))
      .min(1)
      .max(100)
      .describe('the tickets (at most 100)'),
    assignee: z
      .string()
      .min(1)
      .max(254)
      .nullable()
      .optional()
      .describe('assign each: a user id, an email, "me", or null to unassign'),
    transition: z
      .string()
      .min(1)
      .max(63)
      .optional()
      .describe('fire this transition on each (resolve, retry …)'),
    comment: z
      .object({ body: z.string().trim().min(1).max(20_000), internal: z.boolean().default(false) })
      .strict()
      .optional()
      .describe('comment on each (with the transition: its comment)'),
  })
  .strict()
  .refine((body) => body.assignee !== undefined || body.transition || body.comment, {
    message: 'name at least one action: assignee, transition or comment',
    path: ['assignee'],
  });
export type BulkActionIn = z.infer<typeof bulkActionIn>;

export const bulkActionOut = z.object({
  /** One per key, in the order asked: done, or why not (the other tickets go on). */
  results: z.array(
    z.object({
      key: z.string(),
      ok: z.boolean(),
      status: z.string().nullable().describe("the ticket's status after the actions (null when not found)"),
      error: z.object({ code: z.string(), message: z.string() }).nullable(),
    }),
  ),
  succeeded: z.number(),
  failed: z.number(),
});
