// The one interface every infrastructure provider implements (sandbox, aws, and any later
// gcp/azure/kubernetes folder). Documented for people in docs/providers.md.
import type { z } from 'zod';

import type { ActionName, DatabaseEngine, EnvironmentState } from '../../shared/api/inventory.js';

// The vocabularies are part of the API contract (src/shared/api/inventory.ts).
export {
  type ActionName,
  actionNames,
  type DatabaseEngine,
  databaseEngines,
  type EnvironmentState,
  environmentStates,
} from '../../shared/api/inventory.js';

/** How to reach one database of an environment. Secret: decrypted only just before use. */
export interface DatabaseConnection {
  /** postgres://…, mysql://…, mongodb://… */
  url: string;
  /** PostgreSQL only: the schema holding the tables (sandbox databases live in schemas). */
  schema?: string;
}

export interface DatabaseRecord {
  engine: DatabaseEngine;
  name: string;
  connection?: DatabaseConnection;
}

/** What the inventory knows of one staging environment. */
export interface EnvironmentRecord {
  name: string;
  /** The provider's own id: an EC2 instance id, a sandbox instance id. */
  externalId: string;
  state: EnvironmentState;
  requestOnly: boolean;
  region: string | null;
  url: string | null;
  domains: string[];
  databases: DatabaseRecord[];
  endDate: string | null;
  /** Provider-specific facts: distribution id, hosted zone, launch template, tags … */
  attributes: Record<string, unknown>;
}

export type InventoryChange =
  | { op: 'upsert'; environment: EnvironmentRecord }
  | { op: 'update'; name: string; patch: Partial<EnvironmentRecord> }
  | { op: 'remove'; name: string };

export interface ProviderContext {
  /** Aborted when the worker shuts down; long waits must honour it. */
  signal: AbortSignal;
  /** Waits, honouring `signal`. Tests replace it to make waits instant. */
  sleep(ms: number): Promise<void>;
  /** The inventory as it is now, for actions that involve a second environment. */
  lookupEnvironment(name: string): Promise<EnvironmentRecord | null>;
}

export interface ActionContext extends ProviderContext {
  /**
   * Stable for every attempt of one fulfilment run: use it as the idempotency token
   * (EC2 ClientToken, ACM IdempotencyToken, CloudFront CallerReference) so that a run
   * re-executed after a crash does not act twice.
   */
  runId: string;
  /** 1 for the first execution of the run, 2 after a retry or a crash … */
  attempt: number;
  /** The environment the action is about (for database.copy: the target). */
  environment: EnvironmentRecord;
  /** A progress line shown on the run (and to agents on the ticket). */
  log(line: string): void;
}

export type OutputValue = string | number | boolean | null | string[];

export interface ActionResult {
  /** One sentence for people, e.g. "bugfix1x2 is running at https://bugfix1x2.staging.example". */
  summary: string;
  /** Values the request type's result template may use, e.g. `{{ outputs.url }}`. */
  outputs: Record<string, OutputValue>;
  /** How the inventory follows what the action did. */
  inventory?: InventoryChange[];
}

export interface PreflightProblem {
  /** The action parameter the problem is about (mapped back to the form field by the caller). */
  param: string;
  /** In words a requester understands. */
  message: string;
}

export interface ActionDefinition<P = unknown> {
  name: ActionName;
  title: string;
  description: string;
  params: z.ZodType<P>;
  /**
   * Checks used by verification before anything is approved, e.g. "these tables exist in the
   * source database". Read-only. Returns every problem found, not just the first.
   */
  preflight?(
    ctx: ProviderContext & { environment: EnvironmentRecord },
    params: P,
  ): Promise<PreflightProblem[]>;
  /** Must be idempotent: running it again after a crash must not act twice. */
  run(ctx: ActionContext, params: P): Promise<ActionResult>;
}

export interface Provider {
  kind: string;
  actions: Partial<Record<ActionName, ActionDefinition<unknown>>>;
  /** Lists the environments this provider can see (scheduled inventory sync). */
  discover?(ctx: ProviderContext): Promise<EnvironmentRecord[]>;
  /** Lists everything the CMDB should know of this account (CMDB discovery). */
  discoverCis?(signal: AbortSignal): Promise<DiscoveredCi[]>;
}

/**
 * A configuration item as a provider sees it: its CMDB class, its id at the provider (unique per
 * connection), a name, attribute values of the class, and relations to other discovered items
 * by their external ids ("this depends_on that").
 */
export interface DiscoveredCi {
  class: 'server' | 'domain' | 'certificate' | 'cdn_distribution';
  externalId: string;
  name: string;
  attributes: Record<string, string | number | boolean | string[]>;
  relations: { type: 'depends_on' | 'runs_on'; target: string }[];
}

export interface ProviderFactory<C = unknown> {
  kind: string;
  title: string;
  /** The configuration of one provider connection (credentials, tag names …). */
  configSchema: z.ZodType<C>;
  /** Keys of the configuration that are secret: encrypted at rest, never logged or returned. */
  secretFields: readonly string[];
  create(config: C): Provider;
}

/** A failure worth retrying later: throttling, 5xx, timeouts, connection resets. */
export class TransientProviderError extends Error {
  override readonly name = 'TransientProviderError';
  constructor(
    message: string,
    readonly options: { cause?: unknown; retryAfterMs?: number } = {},
  ) {
    super(message, { cause: options.cause });
  }
}

/**
 * A failure a person has to look at: access denied, missing resource, invalid parameter.
 * `message` is shown on the ticket, so it is written in plain words.
 */
export class PermanentProviderError extends Error {
  override readonly name = 'PermanentProviderError';
  constructor(
    message: string,
    readonly options: { cause?: unknown; code?: string } = {},
  ) {
    super(message, { cause: options.cause });
  }
}
