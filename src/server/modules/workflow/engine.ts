// A pure, declarative state machine. A workflow is data (admins may define others); the engine
// answers "may this actor fire this transition from this status, and what happens then". The
// tickets service does the I/O: it writes the status change and its history row in one
// transaction and carries out the effects of the status entered.
import type { TransitionActor, WorkflowDefinition } from '../../../shared/api/workflow.js';

// The vocabulary and the schema of a workflow are part of the API contract (src/shared/api/workflow.ts).
export {
  type StatusEffect,
  statusCategories,
  statusEffects,
  type TransitionActor,
  type TransitionGuard,
  transitionActors,
  transitionGuards,
  type WorkflowDefinition,
  workflowDefinitionSchema,
} from '../../../shared/api/workflow.js';

export type WorkflowStatus = WorkflowDefinition['statuses'][number];
export type WorkflowTransition = WorkflowDefinition['transitions'][number];

export function statusOf(workflow: WorkflowDefinition, key: string): WorkflowStatus {
  const status = workflow.statuses.find((candidate) => candidate.key === key);
  if (!status) throw new Error(`workflow ${workflow.key} has no status ${key}`);
  return status;
}

export type TransitionDecision =
  | { ok: true; transition: WorkflowTransition; to: WorkflowStatus }
  | { ok: false; reason: 'unknown_transition' | 'not_from_here' | 'not_allowed'; message: string };

/**
 * May `roles` (the caller's relations to the ticket: requester, approver, agent, admin, or the
 * system itself) fire `name` from `from`?
 */
export function decideTransition(
  workflow: WorkflowDefinition,
  from: string,
  name: string,
  roles: ReadonlySet<TransitionActor>,
): TransitionDecision {
  const candidates = workflow.transitions.filter((transition) => transition.name === name);
  if (candidates.length === 0) {
    return {
      ok: false,
      reason: 'unknown_transition',
      message: `There is no transition "${name}" in workflow ${workflow.key}.`,
    };
  }
  const transition = candidates.find((candidate) => candidate.from.includes(from));
  if (!transition) {
    const allowedFrom = [...new Set(candidates.flatMap((candidate) => candidate.from))].map(
      (key) => statusOf(workflow, key).name,
    );
    return {
      ok: false,
      reason: 'not_from_here',
      message: `"${candidates[0]!.label}" is not possible while the ticket is ${statusOf(workflow, from).name} (only from ${allowedFrom.join(' or ')}).`,
    };
  }
  if (!transition.actors.some((actor) => roles.has(actor))) {
    return {
      ok: false,
      reason: 'not_allowed',
      message: `"${transition.label}" may only be done by: ${transition.actors.join(', ')}.`,
    };
  }
  return { ok: true, transition, to: statusOf(workflow, transition.to) };
}

/** The transitions `roles` may fire from `from` (what the UI offers as buttons). */
export function availableTransitions(
  workflow: WorkflowDefinition,
  from: string,
  roles: ReadonlySet<TransitionActor>,
): WorkflowTransition[] {
  return workflow.transitions.filter(
    (transition) =>
      transition.from.includes(from) &&
      // What only the system fires is not offered to people; what people and the system may fire is.
      transition.actors.some((actor) => actor !== 'system' && roles.has(actor)),
  );
}
