// The inventory module: staging environments and the connections to providers and executors
// (secrets sealed), and their discovery from the providers.
import { systemActor } from '../../db/client.js';
import { moduleJobs, type OpsdeskModule } from '../module.js';
import { connectionRoutes } from './connections.routes.js';
import { discoverableConnections, listConnections, syncConnection } from './connections.service.js';
import { inventoryJobs } from './inventory.jobs.js';
import { inventoryRoutes } from './inventory.routes.js';

export {
  configureEnvironmentListeners,
  type EnvironmentChangeOrigin,
  type EnvironmentListener,
} from './inventory.listeners.js';
export {
  applyInventoryChanges,
  type ConnectionRow,
  connectionConfig,
  createEnvironment,
  type EnvironmentInput,
  type EnvironmentRow,
  type EnvironmentWithConnection,
  environmentFromJson,
  environmentJsonByName,
  findConnection,
  findEnvironment,
  getConnection,
  getEnvironment,
  listEnvironments,
  providerOf,
  toEnvironmentRecord,
} from './inventory.service.js';
export { listConnections };

export const inventoryModule: OpsdeskModule = {
  name: 'inventory',
  routes: [inventoryRoutes, connectionRoutes],
  jobs: moduleJobs(inventoryJobs, (context) => ({
    'inventory.sync': async (payload, job) => {
      const names = payload.connection ? [payload.connection] : await discoverableConnections(context);
      for (const name of names) {
        const result = await syncConnection(context, systemActor('inventory-sync'), name, job.signal);
        if (result.discovered > 0) job.log.info({ connection: name, ...result }, 'inventory synced');
      }
    },
  })),
  cron: [{ task: 'inventory.sync', pattern: '*/10 * * * *', description: 'every 10 minutes' }],
};
