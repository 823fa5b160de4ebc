// Which provider kinds exist, and the Provider instance of each configured connection.
import type { Clock } from '../context.js';
import type { Db } from '../db/client.js';
import { awsProviderFactory } from './aws/index.js';
import { createSandboxFactory } from './sandbox/sandbox.provider.js';
import type { Provider, ProviderFactory } from './types.js';

export interface ProviderRegistryDeps {
  db: Db;
  clock: Clock;
  databaseUrl: string;
  sandboxLatencyMs: number;
}

export interface ProviderConnectionConfig {
  id: string;
  kind: string;
  updatedAt: Date;
  /** Plain and secret configuration merged (secrets decrypted). */
  config: Record<string, unknown>;
}

export interface ProviderRegistry {
  factories: Record<string, ProviderFactory>;
  /** The provider of a connection (cached until the connection changes). */
  providerFor(connection: ProviderConnectionConfig): Provider;
}

export function createProviderRegistry(deps: ProviderRegistryDeps): ProviderRegistry {
  const factories: Record<string, ProviderFactory> = {
    sandbox: createSandboxFactory({
      db: deps.db,
      clock: deps.clock,
      latencyMs: deps.sandboxLatencyMs,
      databaseUrl: deps.databaseUrl,
    }) as ProviderFactory,
    aws: awsProviderFactory as ProviderFactory,
  };
  const cache = new Map<string, { version: number; provider: Provider }>();
  return {
    factories,
    providerFor(connection) {
      const cached = cache.get(connection.id);
      if (cached && cached.version === connection.updatedAt.getTime()) return cached.provider;
      const factory = factories[connection.kind];
      if (!factory) throw new Error(`no provider of kind ${connection.kind}`);
      const provider = factory.create(factory.configSchema.parse(connection.config));
      cache.set(connection.id, { version: connection.updatedAt.getTime(), provider });
      return provider;
    },
  };
}
