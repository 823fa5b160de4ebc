// The inventory API: staging environments, and the connections (providers and automation) behind
// them.
import { z } from 'zod';

/** A table (or schema) name the sandbox accepts (the provider checks the same: sandbox.databases.ts). */
export const sandboxTableName = /^[a-z_][a-z0-9_]{0,62}$/;

import { patchOf } from '../patch.js';
import { dateTime } from './common.js';

export const environmentStates = ['running', 'stopped', 'pending', 'stopping', 'terminated'] as const;
export type EnvironmentState = (typeof environmentStates)[number];

export const databaseEngines = ['postgres', 'mysql', 'mongodb'] as const;
export type DatabaseEngine = (typeof databaseEngines)[number];

/** The actions a provider may implement (a request type's fulfilment names one). */
export const actionNames = [
  'environment.start',
  'environment.stop',
  'environment.recreate',
  'domain.create',
  'database.copy',
] as const;
export type ActionName = (typeof actionNames)[number];

export const environmentName = z
  .string()
  .regex(
    /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/,
    'must be lowercase letters, digits and dashes (1–63, no dash at either end)',
  );

export const environmentOut = z.object({
  name: z.string(),
  provider: z.string(),
  providerKind: z.string(),
  externalId: z.string(),
  state: z.enum(environmentStates),
  requestOnly: z.boolean(),
  region: z.string().nullable(),
  url: z.string().nullable(),
  domains: z.array(z.string()),
  databases: z.array(
    z.object({
      engine: z.enum(databaseEngines),
      name: z.string(),
      tables: z.record(z.string(), z.number()).optional(),
    }),
  ),
  endDate: z.string().nullable(),
  faults: z
    .array(
      z.object({
        action: z.string(),
        kind: z.enum(['permanent', 'transient']),
        remaining: z.number().nullable(),
      }),
    )
    .optional(),
  updatedAt: dateTime,
});
export const environmentListOut = z.array(environmentOut);

export const environmentListQuery = z.object({ includeTerminated: z.stringbool().default(false) }).strict();
export const environmentParams = z.object({ name: z.string().min(1).max(63) });

const faultIn = z.union([
  z.enum(actionNames),
  z
    .object({
      action: z.enum(actionNames),
      kind: z.enum(['permanent', 'transient']),
      times: z.number().int().min(1).max(100).optional(),
    })
    .strict(),
]);

export const environmentIn = z
  .object({
    name: environmentName,
    provider: z.string().min(1).default('sandbox'),
    externalId: z.string().min(1).max(200).optional(),
    state: z.enum(environmentStates).optional(),
    requestOnly: z.boolean().default(false),
    region: z.string().max(50).nullable().optional(),
    url: z.url().nullable().optional(),
    domains: z.array(z.string().max(253)).optional(),
    endDate: z.iso.date().nullable().optional(),
    attributes: z.record(z.string(), z.unknown()).optional(),
    databases: z
      .array(
        z
          .object({
            engine: z.enum(databaseEngines),
            name: z.string().regex(/^[A-Za-z0-9_][A-Za-z0-9_-]{0,62}$/, 'must be a database name'),
            tables: z
              .record(
                z.string().regex(sandboxTableName, 'must be a table name: lowercase letters, digits, _'),
                z.number().int().min(0).max(10_000_000),
              )
              .optional(),
            connection: z
              .object({ url: z.string().min(1), schema: z.string().optional() })
              .strict()
              .optional(),
          })
          .strict(),
      )
      .max(50)
      .optional(),
    faults: z.array(faultIn).max(20).optional(),
  })
  .strict();

// Each field its own optional schema: environmentIn's defaults (requestOnly: false) must not
// apply to a patch, or leaving a field out would change it.
export const environmentPatch = patchOf(
  environmentIn.pick({
    requestOnly: true,
    region: true,
    url: true,
    endDate: true,
    attributes: true,
    faults: true,
    state: true,
  }),
);

export const connectionOut = z.object({
  name: z.string(),
  kind: z.string(),
  config: z.record(z.string(), z.unknown()),
  secretsSet: z
    .array(z.string())
    .meta({ description: 'Secret settings that are set (their values are never returned)' }),
  createdAt: dateTime,
  updatedAt: dateTime,
});
export const connectionListOut = z.array(connectionOut);
export const connectionParams = z.object({ name: z.string().min(1).max(100) });

/** Each kind with the JSON Schema of its settings (`settings`), for forms built from it. */
export const connectionKindListOut = z.array(
  z.object({
    kind: z.string(),
    title: z.string(),
    role: z.string(),
    secretFields: z.array(z.string()),
    settings: z.unknown(),
  }),
);

export const connectionIn = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be lowercase letters, digits and dashes'),
    kind: z.string().min(1).max(50),
    config: z.record(z.string(), z.unknown()).default({}),
  })
  .strict();
export const connectionPatch = z.object({ config: z.record(z.string(), z.unknown()) }).strict();

export const syncQueuedOut = z.object({ queued: z.boolean() });
