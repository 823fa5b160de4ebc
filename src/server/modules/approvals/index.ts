// The approvals module: who is asked to approve a ticket (policies are data: manager, a team, N of
// a team), their decisions, and the transition that follows.
import type { OpsdeskModule } from '../module.js';
import { approvalRoutes } from './approvals.routes.js';

export {
  type ApprovalRow,
  decisionAtSql,
  findApproval,
  pendingApprovals,
  pendingApprovalsSql,
  roundTally,
} from './approvals.reads.js';
export { type DecideOptions, decide, requestApprovals } from './approvals.service.js';
export { approvalsViewPart } from './approvals.view.js';

export const approvalsModule: OpsdeskModule = { name: 'approvals', routes: [approvalRoutes] };
