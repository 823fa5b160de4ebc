// The built-in `sandbox` provider: simulated staging instances with realistic state changes
// (stopped → pending → running), configurable latency (zero in tests), fault injection per
// environment and action, and real databases (PostgreSQL schemas on Opsdesk's own server).
// It implements the same interface as the AWS provider.
import { createHash } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Clock } from '../../context.js';
import type { Db } from '../../db/client.js';
import { prebuilt } from '../../db/prebuilt.js';
import {
  type ActionContext,
  type ActionDefinition,
  type EnvironmentRecord,
  PermanentProviderError,
  type Provider,
  type ProviderFactory,
  TransientProviderError,
} from '../types.js';
import { sandboxDatabaseCopyAction } from './sandbox.databases.js';
import { sandboxFaults, sandboxInstances } from './sandbox.schema.js';

export interface SandboxDeps {
  db: Db;
  clock: Clock;
  /** Default time a state change takes. An environment may override it (attribute `latencyMs`). */
  latencyMs: number;
  /** Opsdesk's own database URL: sandbox databases are schemas in it. */
  databaseUrl: string;
}

export const sandboxDomainSuffix = 'staging.opsdesk.local';
export const sandboxUrl = (name: string) => `https://${name}.${sandboxDomainSuffix}`;

type InstanceRow = typeof sandboxInstances.$inferSelect;

function settled(instance: InstanceRow, now: Date): string {
  return instance.targetState && instance.settlesAt && instance.settlesAt <= now
    ? instance.targetState
    : instance.state;
}

function latencyOf(deps: SandboxDeps, environment: EnvironmentRecord): number {
  const override = environment.attributes.latencyMs;
  return typeof override === 'number' && override >= 0 ? override : deps.latencyMs;
}

type FaultRow = typeof sandboxFaults.$inferSelect;

/** Injected faults: a permanent one always fails; a transient one fails `remaining` more times. */
async function checkFault(deps: SandboxDeps, environmentName: string, action: string): Promise<void> {
  const [fault] = await deps.db
    .select()
    .from(sandboxFaults)
    .where(and(eq(sandboxFaults.environmentName, environmentName), eq(sandboxFaults.action, action)));
  await applyFault(deps, environmentName, action, fault);
}

async function applyFault(
  deps: SandboxDeps,
  environmentName: string,
  action: string,
  fault: FaultRow | null | undefined,
): Promise<void> {
  if (!fault) return;
  if (fault.kind === 'permanent') {
    throw new PermanentProviderError(
      `${action} failed on ${environmentName}: the sandbox was told to fail this action (fault injection).`,
      { code: 'InjectedFault' },
    );
  }
  const [consumed] = await deps.db
    .update(sandboxFaults)
    .set({ remaining: sql`${sandboxFaults.remaining} - 1` })
    .where(
      and(
        eq(sandboxFaults.environmentName, environmentName),
        eq(sandboxFaults.action, action),
        sql`${sandboxFaults.remaining} > 0`,
      ),
    )
    .returning();
  if (consumed) {
    throw new TransientProviderError(
      `${action} on ${environmentName}: the sandbox is throttling requests (injected, try again).`,
    );
  }
}

/**
 * The fault check and the instance in one statement (the instance with the fault injected for
 * this action, if any): faults first, as `checkFault` then `loadInstance` would.
 */
async function checkFaultAndLoad(
  deps: SandboxDeps,
  ctx: ActionContext,
  action: string,
): Promise<InstanceRow> {
  const { environment } = ctx;
  const [row] = await checkFaultAndLoadStatement.run(deps.db, {
    name: environment.name,
    action,
    externalId: environment.externalId,
  });
  if (!row) {
    // No instance: a fault injected for the action still comes first.
    await checkFault(deps, environment.name, action);
    return loadInstance(deps, environment.externalId);
  }
  await applyFault(deps, environment.name, action, row.fault);
  return row.instance;
}

// Built once: every sandbox action runs it.
const checkFaultAndLoadStatement = prebuilt(
  (db, p: { name: string; action: string; externalId: string }) =>
    db
      .select({ instance: sandboxInstances, fault: sandboxFaults })
      .from(sandboxInstances)
      .leftJoin(
        sandboxFaults,
        and(eq(sandboxFaults.environmentName, p.name), eq(sandboxFaults.action, p.action)),
      )
      .where(eq(sandboxInstances.externalId, p.externalId)),
  { name: 'bugfix1x2', action: 'environment.start', externalId: 'sbx-1' },
);

async function loadInstance(deps: SandboxDeps, externalId: string): Promise<InstanceRow> {
  const [instance] = await deps.db
    .select()
    .from(sandboxInstances)
    .where(eq(sandboxInstances.externalId, externalId));
  if (!instance) {
    throw new PermanentProviderError(
      `The sandbox has no instance ${externalId}; the inventory is out of date.`,
      {
        code: 'InstanceNotFound',
      },
    );
  }
  return instance;
}

/** Moves an instance towards `target`, acting only if it is not already there or on its way. */
async function transition(
  deps: SandboxDeps,
  ctx: ActionContext,
  target: 'running' | 'stopped',
): Promise<{ acted: boolean }> {
  const { environment } = ctx;
  const instance = await checkFaultAndLoad(
    deps,
    ctx,
    target === 'running' ? 'environment.start' : 'environment.stop',
  );
  const now = deps.clock.now();
  const state = settled(instance, now);
  if (state === 'terminated') {
    throw new PermanentProviderError(
      `${environment.name} has been terminated; it cannot be ${target === 'running' ? 'started' : 'stopped'}.`,
    );
  }
  if (state === target) {
    ctx.log(`${environment.name} is already ${target}: nothing to do`);
    return { acted: false };
  }
  const onItsWay = instance.targetState === target;
  let known: InstanceRow | undefined;
  if (!onItsWay) {
    const latency = latencyOf(deps, environment);
    const transient = target === 'running' ? 'pending' : 'stopping';
    // No latency: the change settles at once, so it is written settled (no second write, no
    // polling read); the log says the same as with latency.
    const immediate = latency <= 0;
    // Conditional update: of two concurrent executions only one acts.
    const updated = await deps.db
      .update(sandboxInstances)
      .set({
        state: immediate ? target : transient,
        targetState: immediate ? null : target,
        settlesAt: immediate ? null : new Date(now.getTime() + latency),
        ...(target === 'running'
          ? { startCount: sql`${sandboxInstances.startCount} + 1` }
          : { stopCount: sql`${sandboxInstances.stopCount} + 1` }),
      })
      .where(
        and(eq(sandboxInstances.externalId, instance.externalId), eq(sandboxInstances.state, instance.state)),
      )
      .returning();
    if (updated.length > 0) {
      ctx.log(`${target === 'running' ? 'start' : 'stop'} accepted: ${state} → ${transient}`);
      known = updated[0];
    }
  } else {
    ctx.log(`${environment.name} is already ${instance.state} (resuming the wait)`);
  }
  await waitUntil(deps, ctx, instance.externalId, target, known);
  return { acted: !onItsWay };
}

/** Waits until the instance is `target`; `known`: the row as this execution just wrote it. */
async function waitUntil(
  deps: SandboxDeps,
  ctx: ActionContext,
  externalId: string,
  target: string,
  known?: InstanceRow,
): Promise<void> {
  let first = known;
  while (true) {
    const instance = first ?? (await loadInstance(deps, externalId));
    first = undefined;
    const now = deps.clock.now();
    if (settled(instance, now) === target) {
      if (instance.state !== target) {
        await deps.db
          .update(sandboxInstances)
          .set({ state: target, targetState: null, settlesAt: null })
          .where(eq(sandboxInstances.externalId, externalId));
      }
      ctx.log(`${ctx.environment.name} is ${target}`);
      return;
    }
    const remaining = instance.settlesAt ? instance.settlesAt.getTime() - now.getTime() : 0;
    await ctx.sleep(Math.max(1, Math.min(remaining, 250)));
  }
}

const noParams = z.object({}).strict();

function startAction(deps: SandboxDeps): ActionDefinition<z.infer<typeof noParams>> {
  return {
    name: 'environment.start',
    title: 'Start environment',
    description: 'Starts the instance and waits until it is running.',
    params: noParams,
    async run(ctx) {
      await transition(deps, ctx, 'running');
      const url = ctx.environment.url ?? sandboxUrl(ctx.environment.name);
      return {
        summary: `${ctx.environment.name} is running at ${url}`,
        outputs: { url, state: 'running', instanceId: ctx.environment.externalId },
        inventory: [{ op: 'update', name: ctx.environment.name, patch: { state: 'running', url } }],
      };
    },
  };
}

function stopAction(deps: SandboxDeps): ActionDefinition<z.infer<typeof noParams>> {
  return {
    name: 'environment.stop',
    title: 'Stop environment',
    description: 'Stops the instance and waits until it is stopped.',
    params: noParams,
    async run(ctx) {
      await transition(deps, ctx, 'stopped');
      return {
        summary: `${ctx.environment.name} is stopped`,
        outputs: { state: 'stopped', instanceId: ctx.environment.externalId },
        inventory: [{ op: 'update', name: ctx.environment.name, patch: { state: 'stopped' } }],
      };
    },
  };
}

const recreateParams = z.object({ newName: z.string().min(1), endDate: z.string().min(1) }).strict();

function recreateAction(deps: SandboxDeps): ActionDefinition<z.infer<typeof recreateParams>> {
  return {
    name: 'environment.recreate',
    title: 'Recreate environment',
    description:
      'Creates a new instance from the newest template under the new name, then terminates the old one.',
    params: recreateParams,
    async run(ctx, params) {
      const { environment } = ctx;
      await checkFault(deps, environment.name, 'environment.recreate');
      // Derived from the run: a re-execution after a crash finds the instance it already launched.
      const externalId = `sbx-${createHash('sha256').update(ctx.runId).digest('hex').slice(0, 12)}`;
      const now = deps.clock.now();
      const launched = await deps.db
        .insert(sandboxInstances)
        .values({
          externalId,
          state: 'pending',
          targetState: 'running',
          settlesAt: new Date(now.getTime() + latencyOf(deps, environment)),
          startCount: 1,
        })
        .onConflictDoNothing()
        .returning();
      ctx.log(
        launched.length > 0
          ? `launched ${externalId} from the newest template`
          : `${externalId} was launched already`,
      );
      await waitUntil(
        deps,
        { ...ctx, environment: { ...environment, name: params.newName } },
        externalId,
        'running',
      );
      await deps.db
        .update(sandboxInstances)
        .set({ state: 'terminated', targetState: null, settlesAt: null, terminatedAt: now })
        .where(
          and(
            eq(sandboxInstances.externalId, environment.externalId),
            sql`${sandboxInstances.state} <> 'terminated'`,
          ),
        );
      ctx.log(`terminated the old instance ${environment.externalId}`);
      const url = sandboxUrl(params.newName);
      return {
        summary: `${environment.name} was recreated as ${params.newName} (${url}), available until ${params.endDate}`,
        outputs: { url, newName: params.newName, endDate: params.endDate, instanceId: externalId },
        inventory: [
          { op: 'update', name: environment.name, patch: { state: 'terminated' } },
          {
            op: 'upsert',
            environment: {
              ...environment,
              name: params.newName,
              externalId,
              state: 'running',
              url,
              domains: [],
              databases: [],
              endDate: params.endDate,
            },
          },
        ],
      };
    },
  };
}

const domainParams = z.object({ domain: z.string().min(1).max(63) }).strict();

function domainAction(deps: SandboxDeps): ActionDefinition<z.infer<typeof domainParams>> {
  return {
    name: 'domain.create',
    title: 'Create domain',
    description: 'Registers a domain for the environment: DNS record, certificate, CDN alias.',
    params: domainParams,
    async run(ctx, params) {
      const { environment } = ctx;
      await checkFault(deps, environment.name, 'domain.create');
      const fqdn = `${params.domain.toLowerCase()}.${environment.name}.${sandboxDomainSuffix}`;
      if (environment.domains.includes(fqdn)) {
        ctx.log(`${fqdn} is registered already: nothing to do`);
      } else {
        for (const step of ['DNS record', 'TLS certificate', 'CDN alias']) {
          ctx.log(`${step} for ${fqdn}`);
          await ctx.sleep(latencyOf(deps, environment) / 3);
        }
      }
      return {
        summary: `https://${fqdn} now serves ${environment.name}`,
        outputs: { domain: fqdn, url: `https://${fqdn}` },
        inventory: [
          {
            op: 'update',
            name: environment.name,
            patch: { domains: [...new Set([...environment.domains, fqdn])] },
          },
        ],
      };
    },
  };
}

export function createSandboxFactory(deps: SandboxDeps): ProviderFactory<Record<string, never>> {
  return {
    kind: 'sandbox',
    title: 'Sandbox (simulated instances, real databases)',
    configSchema: z.object({}).strict() as unknown as z.ZodType<Record<string, never>>,
    secretFields: [],
    create(): Provider {
      return {
        kind: 'sandbox',
        actions: {
          'environment.start': startAction(deps),
          'environment.stop': stopAction(deps),
          'environment.recreate': recreateAction(deps),
          'domain.create': domainAction(deps),
          'database.copy': sandboxDatabaseCopyAction(deps),
        },
      };
    },
  };
}
