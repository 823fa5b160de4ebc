// The CMDB: configuration items of typed classes (services are CIs), their typed relations,
// impact analysis both ways, the history of every change with the ticket it happened under, and
// people's subscriptions to services.
import { systemActor } from '../../db/client.js';
import { moduleJobs, type OpsdeskModule } from '../module.js';
import { cmdbJobs } from './cmdb.jobs.js';
import { cmdbRoutes } from './cmdb.routes.js';
import { runDiscovery } from './discovery.service.js';
import { transferRoutes } from './transfer.routes.js';

export {
  addExternalId,
  type ChangeCause,
  type CiInput,
  type CiPatch,
  type CiReferences,
  type CiRow,
  changeCi,
  cisByIds,
  cisReferencedBy,
  externallyReferencedCi,
  findCi,
  findCiByAnyExternalId,
  findCiByExternalId,
  getCi,
  insertCi,
  referencedCi,
  resolveCi,
} from './cis.service.js';
export { listClasses } from './classes.service.js';
export type { CiRelationType, CiStatus } from './cmdb.schema.js';
export { cisToApi } from './cmdb.view.js';
export {
  configureDiscoverySources,
  type DiscoveredItem,
  type DiscoveryResult,
  type DiscoverySource,
} from './discovery.service.js';
export { type EnvironmentFacts, mirrorEnvironment } from './environments.service.js';
export type { ImpactDirection } from './impact.js';
export {
  type ImpactEntry,
  impactOf,
  type Neighbour,
  nearestServices,
  neighbourhood,
  servicesAffectedBy,
} from './impact.service.js';
export { type StatusService, statusPageServices } from './public.reads.js';
export { addRelation, relationsOf } from './relations.service.js';
export {
  configureServiceStatus,
  type ServiceState,
  type ServiceStatus,
  type ServiceStatusSource,
  serviceStates,
  subscribe,
  subscribedServiceIds,
  subscribersOf,
} from './services.service.js';

export const cmdbModule: OpsdeskModule = {
  name: 'cmdb',
  routes: [cmdbRoutes, transferRoutes],
  jobs: moduleJobs(cmdbJobs, (context) => ({
    'cmdb.discover': async (payload, job) => {
      const results = await runDiscovery(context.db, systemActor('discovery'), job.signal, {
        connection: payload.connection,
        now: () => context.clock.now(),
      });
      for (const result of results) job.log.info(result, 'cmdb discovery');
    },
  })),
  cron: [{ task: 'cmdb.discover', pattern: '17 * * * *', description: 'every hour' }],
};
