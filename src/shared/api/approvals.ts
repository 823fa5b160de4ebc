// The approvals API: approval policies (data on a request type), the caller's approvals inbox and
// the approver's decision.
import { z } from 'zod';
import { dateTime } from './common.js';
import { ticketSummaryOut } from './tickets.js';

const teamKey = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/);

// Approval policies as data, reusable by any ticket kind (changes will use the group ones for a CAB).
export const approvalPolicySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }).strict(),
  /** The requester's manager; without one, the fallback team (any one member), never a stuck ticket. */
  z.object({ kind: z.literal('manager'), fallbackTeam: teamKey }).strict(),
  /** Any one member of a team. */
  z.object({ kind: z.literal('team_any'), team: teamKey }).strict(),
  /** N members of a team must approve; one decline declines. */
  z
    .object({ kind: z.literal('team_quorum'), team: teamKey, required: z.number().int().min(1).max(50) })
    .strict(),
]);
export type ApprovalPolicy = z.infer<typeof approvalPolicySchema>;

export const approvalStates = ['pending', 'decided'] as const;
export const approvalListQuery = z.object({ state: z.enum(approvalStates).default('pending') }).strict();

export const approvalListOut = z.array(
  z.object({
    ticket: ticketSummaryOut.extend({ fields: z.record(z.string(), z.unknown()) }),
    state: z.string(),
    reason: z.string(),
    comment: z.string().nullable(),
    requestedAt: dateTime,
    decidedAt: dateTime.nullable(),
    requesterHistory: z.object({
      total: z.number(),
      open: z.number(),
      cancelled: z.number(),
      /** Their latest requests but this one, newest first (at most 5). */
      recent: z.array(
        z.object({
          key: z.string(),
          title: z.string(),
          status: z.string(),
          /** `declined` for a request its approver declined (status cancelled), else null. */
          outcome: z.string().nullable(),
          createdAt: dateTime,
        }),
      ),
    }),
  }),
);

/** Approve or decline, with an optional comment (the body may be left out). */
export const decisionIn = z
  .object({ comment: z.string().trim().max(5000).optional() })
  .strict()
  .nullish();
