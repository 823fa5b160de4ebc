// The changes practice: changes (kind `change`, CHG-n) with the Seven Rs, risk from the CMDB and
// history plus a questionnaire, the approval path the risk picks (peer, change manager, CAB,
// emergency CAB), conflicts over the dependency graph, freezes and maintenance windows, the change
// calendar and CAB agenda, deployment gating for pipelines, and DORA's change reports.
import type { OpsdeskModule } from '../module.js';
import { changesInWindowOn } from './calendar.service.js';
import {
  changeGuards,
  changeListener,
  changeManagersSeeChanges,
  changeViewPart,
  requestChangeApproval,
} from './changes.lifecycle.js';
import { changeRoutes } from './changes.routes.js';
import { deploymentRoutes } from './deployments.routes.js';

export { type Conflict, detectConflicts } from './conflicts.service.js';
export { demoChangeTitles, seedChangesDemo } from './demo.seed.js';
export { type ChangeImplementation, changeImplementation } from './implementation.reads.js';
export { type MaintenanceWindow, maintenanceWindowsOn } from './maintenance.reads.js';
export { type PublicChange, publicChangesAround } from './public.reads.js';
export { type ChangeRoles, changeRoles } from './roles.service.js';
export {
  raiseStandardChange,
  requestOfChange,
  type StandardTemplate,
  standardChangeFollowsRequest,
  startStandardChange,
} from './standard.service.js';
export {
  changeGuards,
  changeListener,
  changeManagersSeeChanges,
  changesInWindowOn,
  changeViewPart,
  requestChangeApproval,
};

export const changesModule: OpsdeskModule = { name: 'changes', routes: [changeRoutes, deploymentRoutes] };
