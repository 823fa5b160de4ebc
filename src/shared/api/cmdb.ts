// The CMDB's API contract: request and response shapes, used by the server's routes (validation,
// serialisation, OpenAPI) and by the web app (types, and parsing in development builds).
import { z } from 'zod';
import { fieldDefinitionSchema } from '../fields.js';
import { patchOf } from '../patch.js';
import { dateTime } from './common.js';

export const ciStatuses = ['planned', 'active', 'maintenance', 'retired'] as const;
export const ciRelationTypes = ['depends_on', 'runs_on', 'part_of', 'connects_to', 'located_at'] as const;
export const serviceStatuses = [
  'operational',
  'degraded_performance',
  'partial_outage',
  'major_outage',
  'under_maintenance',
] as const;

const classKey = z.string().regex(/^[a-z][a-z0-9_]{0,62}$/, 'must be lowercase letters, digits and _');
const ciName = z.string().trim().min(1).max(200);
const ticketKey = z.string().regex(/^[A-Za-z]+-\d+$/, 'must be a ticket key such as CHG-4');
const attributeValues = z
  .record(z.string().max(63), z.unknown())
  .describe('attribute values by key, checked against the class');

export const ciRef = z.object({
  id: z.uuid(),
  class: z.string(),
  name: z.string(),
  status: z.enum(ciStatuses),
});
export type CiRef = z.infer<typeof ciRef>;

export const ciOut = z.object({
  id: z.uuid(),
  class: z.string(),
  name: z.string(),
  status: z.enum(ciStatuses),
  attributes: z.record(z.string(), z.unknown()),
  owner: z.object({ id: z.uuid(), email: z.string(), displayName: z.string() }).nullable(),
  team: z.object({ key: z.string(), name: z.string() }).nullable(),
  site: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  tags: z.array(z.string()),
  source: z.string().describe('manual, import, inventory or discovery:<connection>'),
  externalIds: z.array(z.object({ source: z.string(), externalId: z.string() })),
  lastSeenAt: dateTime.nullable(),
  createdAt: dateTime,
  updatedAt: dateTime,
});
export type CiOut = z.infer<typeof ciOut>;

export const ciRelationOut = z.object({
  id: z.uuid(),
  type: z.enum(ciRelationTypes),
  direction: z
    .enum(['outgoing', 'incoming'])
    .describe('outgoing: this CI <type> the other; incoming: the other <type> this CI'),
  ci: ciRef,
});

export const ciDetailOut = ciOut.extend({ relations: z.array(ciRelationOut) });
export type CiDetailOut = z.infer<typeof ciDetailOut>;

export const ciCreateIn = z
  .object({
    class: classKey,
    name: ciName,
    status: z.enum(ciStatuses).optional(),
    attributes: attributeValues.optional(),
    owner: z.string().max(254).nullable().optional().describe('a user id or email'),
    team: z.string().max(63).nullable().optional().describe('a team key'),
    site: z.string().max(300).nullable().optional().describe('a site CI: id or name'),
    tags: z.array(z.string().trim().min(1).max(63)).max(50).optional(),
    externalIds: z
      .array(z.object({ source: z.string().min(1).max(63), externalId: z.string().min(1).max(300) }).strict())
      .max(20)
      .optional(),
    ticket: ticketKey.optional().describe('the ticket (change, request, incident) under which this happens'),
  })
  .strict();

export const ciPatchIn = patchOf(ciCreateIn.omit({ class: true, externalIds: true }));

export const ciSearchQuery = z
  .object({
    class: classKey.optional(),
    q: z.string().max(200).optional().describe('words of the name'),
    status: z.enum(ciStatuses).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(50),
    cursor: z.string().max(500).optional(),
  })
  .strict();

export const ciListOut = z.object({ items: z.array(ciOut), nextCursor: z.string().nullable() });

export const relationIn = z
  .object({
    type: z.enum(ciRelationTypes),
    target: z.string().min(1).max(300).describe('the other CI: id, name or class/name'),
    ticket: ticketKey.optional(),
  })
  .strict();

export const impactQuery = z
  .object({
    direction: z
      .enum(['down', 'up'])
      .default('down')
      .describe('down: every CI affected if this one fails; up: what it depends on'),
    depth: z.coerce.number().int().min(1).max(50).default(10),
  })
  .strict();

export const impactOut = z.array(
  z.object({
    ci: z.object({ id: z.uuid(), class: z.string(), name: z.string() }),
    depth: z.number().describe('1 for direct neighbours'),
    path: z.array(z.uuid()).describe('from the queried CI to this one, both ends included'),
  }),
);

export const historyOut = z.array(
  z.object({
    at: dateTime,
    actor: z.object({ kind: z.string(), id: z.uuid().nullable(), name: z.string() }),
    via: z.string(),
    change: z.string().describe('created, updated, retired, relation_added, relation_removed'),
    ticket: z.string().nullable().describe('the key of the ticket it happened under'),
    before: z.unknown(),
    after: z.unknown(),
  }),
);

export const ciClassOut = z.object({
  key: z.string(),
  name: z.string(),
  icon: z.string(),
  description: z.string(),
  attributes: z.array(fieldDefinitionSchema),
  builtIn: z.boolean(),
});

export const ciClassIn = z
  .object({
    key: classKey,
    name: z.string().trim().min(1).max(100),
    icon: z.string().max(50).optional(),
    description: z.string().max(2000).optional(),
    attributes: z.array(z.unknown()).max(100).default([]),
  })
  .strict();

export const ciClassPatchIn = patchOf(ciClassIn.omit({ key: true }));

export const serviceOut = z.object({
  id: z.uuid(),
  name: z.string(),
  status: z.enum(serviceStatuses),
  incidents: z.array(z.string()).describe('keys of the open incidents on it the caller may see'),
});
export const serviceSummaryOut = serviceOut.extend({
  attributes: z.record(z.string(), z.unknown()),
  team: z.object({ key: z.string(), name: z.string() }).nullable(),
  subscribed: z.boolean(),
});

export const subscriptionIn = z
  .object({ service: z.string().min(1).max(300).describe('a service: id or name') })
  .strict();

/** A CI in a path: its id, its name, or class/name. */
export const ciParams = z.object({ id: z.string().min(1).max(300).describe('a CI: id, name or class/name') });
export const ciRelationParams = ciParams.extend({ relationId: z.uuid() });
/** The ticket a relation change is made for, recorded in the CI's history. */
export const relationDeleteQuery = z
  .object({
    ticket: z
      .string()
      .regex(/^[A-Za-z]+-\d+$/, 'a ticket key such as INC-12')
      .optional(),
  })
  .strict();
export const ciClassParams = z.object({ key: z.string().max(63) });
export const ciClassListOut = z.array(ciClassOut);
export const serviceListOut = z.array(serviceOut);
export const serviceSummaryListOut = z.array(serviceSummaryOut);
export const subscriptionParams = z.object({ service: z.string().min(1).max(300) });

/** Discovery now (admins): every connection whose provider discovers CIs, or the one named. */
export const discoveryRunIn = z
  .object({ connection: z.string().min(1).max(63).optional().describe('a provider connection name') })
  .strict();
export const discoveryRunOut = z.array(
  z.object({
    connection: z.string(),
    discovered: z.number(),
    created: z.number(),
    updated: z.number(),
    unchanged: z.number(),
    retired: z.number(),
    problems: z
      .array(z.object({ externalId: z.string(), message: z.string() }))
      .describe('items the CMDB refused (the rest were applied)'),
  }),
);

/** POST /cmdb/import: CSV of one class, or YAML of CIs and relations; all or nothing. */
export const ciImportIn = z
  .object({
    format: z.enum(['csv', 'yaml']),
    class: classKey.optional().describe('the class of every CSV row (CSV only)'),
    content: z.string().min(1).max(5_000_000).describe('the file'),
    dryRun: z.boolean().default(false).describe('say what would change, keep nothing'),
    ticket: ticketKey.optional().describe('the ticket under which this happens'),
  })
  .strict();
export const ciImportOut = z.object({
  dryRun: z.boolean(),
  created: z.number(),
  updated: z.number(),
  unchanged: z.number(),
  relationsAdded: z.number(),
  changes: z.array(
    z.object({
      at: z.string().describe('row 3 (CSV) or cis[2] / relations[0] (YAML)'),
      action: z.enum(['create', 'update', 'unchanged', 'relate']),
      class: z.string(),
      name: z.string(),
      fields: z.array(z.string()).describe('what an update changes'),
    }),
  ),
});
/** GET /ci-classes/{key}/export: CSV; GET /cis/{id}/export: YAML. */
export const exportText = z.string().describe('the file (text/csv or application/yaml)');
