// The inventory and its providers in the CMDB. Discovery: every connection whose provider can
// list CIs (AWS) is a discovery source. Staging environments: every change the inventory makes to an environment (an admin's
// edit, a provider sync, a fulfilment run) is mirrored onto its staging_environment CI in the same
// transaction, with the ticket of the run. The mirror runs in a savepoint: if the CMDB refuses
// (an admin narrowed a class), the inventory change and the request's fulfilment still commit.
import type { AppContext } from '../context.js';
import { systemActor, type Tx, withTransaction } from '../db/client.js';
import {
  configureDiscoverySources,
  type EnvironmentFacts,
  mirrorEnvironment,
} from '../modules/cmdb/index.js';
import {
  configureEnvironmentListeners,
  type EnvironmentChangeOrigin,
  type EnvironmentWithConnection,
  findEnvironment,
  listConnections,
  listEnvironments,
  providerOf,
} from '../modules/inventory/index.js';

export function inventoryInCmdb(context: AppContext): void {
  configureDiscoverySources(async () => {
    const sources = [];
    for (const connection of await listConnections(context)) {
      if (!context.providers.factories[connection.kind]) continue;
      const provider = providerOf(context, connection);
      const discover = provider.discoverCis?.bind(provider);
      if (discover) sources.push({ connection: connection.name, discover });
    }
    return sources;
  });
  configureEnvironmentListeners([mirrorListener(context)]);
}

/** Mirrors every live environment once (`opsdesk cmdb mirror-environments`, after an upgrade). */
export async function mirrorAllEnvironments(context: AppContext): Promise<number> {
  const actor = systemActor('cmdb-mirror');
  const names = (await listEnvironments(context.db)).map((environment) => environment.name);
  await withTransaction(context.db, actor, (tx) =>
    mirrorListener(context)(tx, names, { via: 'inventory', actor }),
  );
  return names.length;
}

function mirrorListener(context: AppContext) {
  return async (
    tx: Tx,
    names: string[],
    origin: EnvironmentChangeOrigin,
    known?: ReadonlyMap<string, EnvironmentWithConnection>,
  ) => {
    for (const name of names) {
      const environment = known?.get(name) ?? (await findEnvironment(tx, name));
      if (!environment) continue;
      const facts: EnvironmentFacts = {
        name: environment.name,
        provider: environment.connection.name,
        externalId: environment.externalId,
        state: environment.state,
        requestOnly: environment.requestOnly,
        region: environment.region,
        url: environment.url,
        domains: environment.domains,
        databases: environment.databases.map((database) => ({
          engine: database.engine,
          name: database.name,
        })),
        endDate: environment.endDate,
      };
      try {
        await tx.transaction((savepoint) =>
          mirrorEnvironment(savepoint as Tx, facts, {
            actor: origin.actor,
            via: origin.via === 'api' ? 'inventory' : origin.via,
            ticketId: origin.ticketId ?? null,
            at: context.clock.now(),
          }),
        );
      } catch (error) {
        context.log.warn({ err: error, environment: name }, 'the CMDB could not mirror an environment');
      }
    }
  };
}
