// The catalog API: categories and request types, each with its form fields (src/shared/fields.ts),
// and for admins its workflow, approval policy, fulfilment and SLA targets.
import { z } from 'zod';
import { fieldDefinitionSchema } from '../fields.js';
import { patchOf } from '../patch.js';
import { approvalPolicySchema } from './approvals.js';
import { slugPattern } from './common.js';
import { fulfilmentSpecSchema } from './fulfilment.js';

const key = z.string().regex(slugPattern, 'must be lowercase letters, digits and dashes (at most 63)');
const slaTarget = z
  .object({ metric: z.string().min(1).max(63), goalSeconds: z.number().int().positive() })
  .strict();

export const requestTypePublic = z.object({
  key: z.string(),
  name: z.string(),
  description: z.string(),
  documentation: z.string(),
  docsUrl: z.string().nullable(),
  icon: z.string(),
  fields: z.array(fieldDefinitionSchema),
  /** The goals of the SLA policy that measures the type (set through /api/v1/sla/policies). */
  slaTargets: z.array(slaTarget),
  /** The form asks for an optional summary (the title) and description (the first comment). */
  askSummary: z.boolean().optional(),
  /** A standard change: pre-approved, filed without approval, recorded as a change (CHG-) on its environments. */
  standardChange: z.boolean().optional(),
  /** A database copy's form fields, for the portal's inventory check before filing (null otherwise). */
  databaseCheck: z
    .object({
      environments: z.array(z.string()),
      engine: z.string(),
      database: z.string(),
      tables: z.string(),
    })
    .nullable()
    .optional(),
});

export const requestTypeAdmin = requestTypePublic.extend({
  category: z.string(),
  workflow: z.string(),
  team: z.string().nullable(),
  approval: approvalPolicySchema,
  fulfilment: fulfilmentSpecSchema.nullable(),
  autoCloseDays: z.number().nullable(),
  active: z.boolean(),
  position: z.number(),
});

export const categoryOut = z.object({
  key: z.string(),
  name: z.string(),
  description: z.string(),
  requestTypes: z.array(
    requestTypePublic.extend({
      /** With includeInactive (admins): whether requesters see it, and its workflow. */
      active: z.boolean().optional(),
      workflow: z.string().optional(),
    }),
  ),
});

export const requestTypeIn = z
  .object({
    key,
    category: key,
    name: z.string().trim().min(1).max(200),
    description: z.string().max(2000).optional(),
    documentation: z.string().max(50_000).optional(),
    docsUrl: z.string().max(2000).nullable().optional(),
    icon: z.string().max(50).optional(),
    fields: z.array(fieldDefinitionSchema).max(50),
    workflow: z.string().max(63).optional(),
    team: key.nullable().optional(),
    approval: approvalPolicySchema,
    fulfilment: fulfilmentSpecSchema.nullable().optional(),
    autoCloseDays: z.number().min(0).max(365).nullable().optional(),
    askSummary: z.boolean().optional(),
    standardChange: z
      .boolean()
      .optional()
      .describe('a pre-approved standard change: no approval, a change (CHG-) on its environment CIs'),
    active: z.boolean().optional(),
    position: z.number().int().optional(),
  })
  .strict();

export const categoryIn = z
  .object({
    key,
    name: z.string().trim().min(1).max(200),
    description: z.string().max(2000).optional(),
    position: z.number().int().optional(),
  })
  .strict();

export type RequestTypePublic = z.infer<typeof requestTypePublic>;
export type RequestTypeAdmin = z.infer<typeof requestTypeAdmin>;

/** GET /catalog (with includeInactive=true, admins also get the inactive types, with `active` and `workflow`). */
export const catalogOut = z.array(categoryOut);
export const catalogQuery = z.object({ includeInactive: z.enum(['true', 'false']).optional() }).strict();

export const requestTypeParams = z.object({ key: z.string().max(100) });
/** One request type: admins see the whole of it, everyone else its public part. */
export const requestTypeOut = z.union([requestTypeAdmin, requestTypePublic]);
export const requestTypePatch = patchOf(requestTypeIn.omit({ key: true }));

export const categoryParams = z.object({ key });
export const categoryPatch = patchOf(categoryIn.omit({ key: true }));

/** GET /catalog?includeInactive=true (admins): every request type carries `active` and `workflow`. */
export const adminCatalogOut = z.array(
  categoryOut.extend({
    requestTypes: z.array(requestTypePublic.extend({ active: z.boolean(), workflow: z.string() })),
  }),
);
