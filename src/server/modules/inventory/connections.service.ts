// Connections: configured providers (sandbox, aws …) and automation executors (webhook, ansible,
// awx). Secret settings are sealed at rest and never returned: the API shows which are set.
// Providers that can discover their environments are synced on a schedule.
import { and, asc, eq, ne, notInArray } from 'drizzle-orm';
import type { z } from 'zod';
import type { AppContext } from '../../context.js';
import { type Actor, isUniqueViolation, withTransaction } from '../../db/client.js';
import { badRequest, conflict, validationFailed } from '../../lib/errors.js';
import { openJson, sealJson } from '../../lib/secretBox.js';
import { externalExecutors } from '../../providers/executors/index.js';
import type { ProviderContext } from '../../providers/types.js';
import { environmentsChanged } from './inventory.listeners.js';
import { environments, providerConnections } from './inventory.schema.js';
import { type ConnectionRow, getConnection, providerOf } from './inventory.service.js';

export interface ConnectionKind {
  kind: string;
  title: string;
  role: 'provider' | 'executor';
  configSchema: z.ZodType;
  secretFields: readonly string[];
}

export function connectionKinds(context: AppContext): ConnectionKind[] {
  return [
    ...Object.values(context.providers.factories).map((factory) => ({
      ...factory,
      role: 'provider' as const,
    })),
    ...Object.values(externalExecutors).map((executor) => ({
      kind: executor.kind,
      title: executor.title,
      role: 'executor' as const,
      configSchema: executor.configSchema as z.ZodType,
      secretFields: executor.secretFields,
    })),
  ];
}

function kindOf(context: AppContext, kind: string): ConnectionKind {
  const found = connectionKinds(context).find((candidate) => candidate.kind === kind);
  if (!found) throw badRequest('unknown_kind', `kind: there is no connection kind ${kind}.`);
  return found;
}

/** Splits settings into plain and secret parts, after validating the whole against the kind's schema. */
function split(kind: ConnectionKind, config: Record<string, unknown>) {
  const checked = kind.configSchema.safeParse(config);
  if (!checked.success) {
    throw validationFailed(
      checked.error.issues.map((issue) => ({
        field: ['config', ...issue.path].join('.'),
        message: issue.message,
      })),
      `The ${kind.kind} settings are not valid`,
    );
  }
  const plain: Record<string, unknown> = {};
  const secrets: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(config))
    (kind.secretFields.includes(key) ? secrets : plain)[key] = value;
  return { plain, secrets };
}

export function toConnectionApi(connection: ConnectionRow, key: Buffer) {
  const secrets = connection.secretsEncrypted
    ? openJson<Record<string, unknown>>(key, connection.secretsEncrypted)
    : {};
  return {
    name: connection.name,
    kind: connection.kind,
    config: connection.config,
    secretsSet: Object.keys(secrets).sort(),
    createdAt: connection.createdAt,
    updatedAt: connection.updatedAt,
  };
}

export async function listConnections(context: AppContext) {
  return context.db.select().from(providerConnections).orderBy(asc(providerConnections.name));
}

export async function createConnection(
  context: AppContext,
  actor: Actor,
  input: { name: string; kind: string; config: Record<string, unknown> },
): Promise<ConnectionRow> {
  const { plain, secrets } = split(kindOf(context, input.kind), input.config);
  return withTransaction(context.db, actor, async (tx) => {
    try {
      const [row] = await tx
        .insert(providerConnections)
        .values({
          name: input.name,
          kind: input.kind,
          config: plain,
          secretsEncrypted: Object.keys(secrets).length > 0 ? sealJson(context.secretKey, secrets) : null,
        })
        .returning();
      return row!;
    } catch (error) {
      if (isUniqueViolation(error))
        throw conflict('connection_exists', `name: a connection named ${input.name} exists already.`);
      throw error;
    }
  });
}

/** Changes settings: keys given replace the stored ones (secrets too); `null` removes a key. */
export async function updateConnection(
  context: AppContext,
  actor: Actor,
  name: string,
  changes: Record<string, unknown>,
) {
  return withTransaction(context.db, actor, async (tx) => {
    const current = await getConnection(tx, name);
    const stored = current.secretsEncrypted
      ? openJson<Record<string, unknown>>(context.secretKey, current.secretsEncrypted)
      : {};
    const merged: Record<string, unknown> = { ...current.config, ...stored };
    for (const [key, value] of Object.entries(changes)) {
      if (value === null) delete merged[key];
      else merged[key] = value;
    }
    const { plain, secrets } = split(kindOf(context, current.kind), merged);
    const [row] = await tx
      .update(providerConnections)
      .set({
        config: plain,
        secretsEncrypted: Object.keys(secrets).length > 0 ? sealJson(context.secretKey, secrets) : null,
        updatedAt: new Date(),
      })
      .where(eq(providerConnections.id, current.id))
      .returning();
    return row!;
  });
}

/**
 * Brings the inventory in line with what a provider reports: new environments appear, known ones
 * follow (state, URL, tags), vanished ones are marked terminated. Databases registered by admins
 * are kept: providers do not report them.
 */
export async function syncConnection(context: AppContext, actor: Actor, name: string, signal: AbortSignal) {
  const connection = await getConnection(context.db, name);
  const provider = providerOf(context, connection);
  if (!provider.discover) return { discovered: 0, created: 0, updated: 0, terminated: 0 };
  const ctx: ProviderContext = {
    signal,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    lookupEnvironment: async () => null,
  };
  const discovered = await provider.discover(ctx);
  return withTransaction(context.db, actor, async (tx) => {
    let created = 0;
    let updated = 0;
    for (const record of discovered) {
      const facts = {
        externalId: record.externalId,
        state: record.state,
        requestOnly: record.requestOnly,
        region: record.region,
        url: record.url,
        endDate: record.endDate,
        attributes: record.attributes,
      };
      const [existing] = await tx
        .select()
        .from(environments)
        .where(
          and(eq(environments.connectionId, connection.id), eq(environments.externalId, record.externalId)),
        );
      if (existing) {
        await tx
          .update(environments)
          .set({ ...facts, name: record.name, updatedAt: new Date() })
          .where(eq(environments.id, existing.id));
        updated++;
      } else if (record.state !== 'terminated') {
        await tx
          .insert(environments)
          .values({ ...facts, name: record.name, connectionId: connection.id, domains: record.domains });
        created++;
      }
    }
    const seen = discovered.map((record) => record.externalId);
    const gone = await tx
      .update(environments)
      .set({ state: 'terminated', updatedAt: new Date() })
      .where(
        and(
          eq(environments.connectionId, connection.id),
          ne(environments.state, 'terminated'),
          seen.length > 0 ? notInArray(environments.externalId, seen) : undefined,
        ),
      )
      .returning({ id: environments.id, name: environments.name });
    await environmentsChanged(
      tx,
      [...discovered.map((record) => record.name), ...gone.map((row) => row.name)],
      { via: 'inventory', actor },
    );
    return { discovered: discovered.length, created, updated, terminated: gone.length };
  });
}

/** Names of the connections whose providers can discover environments (the scheduled sync). */
export async function discoverableConnections(context: AppContext): Promise<string[]> {
  const rows = await listConnections(context);
  return rows
    .filter((row) => context.providers.factories[row.kind] && providerOf(context, row).discover)
    .map((row) => row.name);
}
