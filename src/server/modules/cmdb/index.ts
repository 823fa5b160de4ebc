// The CMDB: configuration items of typed classes (services are CIs), their typed relations,
// impact analysis both ways, the history of every change with the ticket it happened under, and
// people's subscriptions to services.
import type { OpsdeskModule } from '../module.js';
import { cmdbRoutes } from './cmdb.routes.js';

export {
  addExternalId,
  type ChangeCause,
  type CiInput,
  type CiPatch,
  type CiRow,
  changeCi,
  cisByIds,
  findCi,
  findCiByExternalId,
  getCi,
  insertCi,
  resolveCi,
} from './cis.service.js';
export { listClasses } from './classes.service.js';
export type { CiRelationType, CiStatus } from './cmdb.schema.js';
export { cisToApi } from './cmdb.view.js';
export type { ImpactDirection } from './impact.js';
export { type ImpactEntry, impactOf, servicesAffectedBy } from './impact.service.js';
export { type StatusService, statusPageServices } from './public.reads.js';
export { addRelation, relationsOf } from './relations.service.js';
export {
  configureServiceStatus,
  type ServiceState,
  type ServiceStatus,
  type ServiceStatusSource,
  serviceStates,
  subscribedServiceIds,
  subscribersOf,
} from './services.service.js';

export const cmdbModule: OpsdeskModule = { name: 'cmdb', routes: [cmdbRoutes] };
