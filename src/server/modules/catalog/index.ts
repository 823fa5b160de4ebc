// The catalog module: categories and request types — their forms (field rules shared with the
// browser), workflow, team, approval policy, fulfilment spec and SLA targets; the Staging Servers
// content of the demo.
import type { OpsdeskModule } from '../module.js';
import { catalogRoutes } from './catalog.routes.js';

export { type ApprovalPolicy, approvalPolicySchema } from './approval-policy.js';
export {
  allRequestTypes,
  type CategoryRow,
  createCategory,
  createRequestType,
  findRequestType,
  getCatalog,
  getRequestType,
  getRequestTypeById,
  type RequestTypeRow,
  setSlaTargets,
  updateRequestType,
} from './catalog.service.js';
export { type FulfilmentSpec, fulfilmentSpecSchema, paramSourceSchema } from './fulfilment-spec.js';
export { demoEnvironments, stagingCategory, stagingRequestTypes } from './staging.js';

export const catalogModule: OpsdeskModule = { name: 'catalog', routes: [catalogRoutes] };
