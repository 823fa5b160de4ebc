// The workflow module: the pure state machine every ticket kind runs on, the built-in workflows,
// and admin-defined ones as data.
import type { OpsdeskModule } from '../module.js';
import { workflowRoutes } from './workflow.routes.js';

export {
  availableTransitions,
  decideTransition,
  type StatusEffect,
  statusOf,
  type TransitionActor,
  type TransitionGuard,
  type WorkflowDefinition,
} from './engine.js';
export { configureWorkflowUsage, getWorkflow, listWorkflows, type StatusUsage } from './workflow.service.js';

export const workflowModule: OpsdeskModule = { name: 'workflow', routes: [workflowRoutes] };
