// Approval policies as data, reusable by any ticket kind (changes will use the group ones for a CAB).
import { z } from 'zod';

const teamKey = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/);

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
