// The default fulfilment workflow (paper, Fig. 5; SPEC "The core loop"). Status keys are part of
// the API contract.
import { type WorkflowDefinition, workflowDefinitionSchema } from './engine.js';

export const fulfilmentWorkflow: WorkflowDefinition = workflowDefinitionSchema.parse({
  key: 'fulfilment',
  name: 'Self-fulfilling request',
  description:
    'Verified automatically, approved by the requester’s manager, fulfilled by automation, confirmed by the requester.',
  initial: 'waiting_for_verification',
  statuses: [
    {
      key: 'waiting_for_verification',
      name: 'Waiting for verification',
      category: 'open',
      onEnter: ['verify'],
    },
    {
      key: 'waiting_for_approval',
      name: 'Waiting for approval',
      category: 'open',
      onEnter: ['requestApproval'],
    },
    { key: 'in_progress', name: 'In progress', category: 'in_progress', onEnter: ['fulfil'] },
    {
      key: 'waiting_for_customer',
      name: 'Waiting for customer',
      category: 'waiting',
      resolves: true,
      onEnter: ['scheduleAutoClose'],
      onRequesterComment: 'report_problem',
    },
    { key: 'need_further_support', name: 'Need further support', category: 'in_progress' },
    { key: 'closed', name: 'Closed', category: 'done', resolves: true },
    { key: 'cancelled', name: 'Cancelled', category: 'done', resolves: true },
  ],
  transitions: [
    {
      name: 'verified',
      label: 'Fields verified',
      from: ['waiting_for_verification'],
      to: 'waiting_for_approval',
      actors: ['system'],
    },
    {
      name: 'verification_failed',
      label: 'Fields invalid',
      from: ['waiting_for_verification'],
      to: 'cancelled',
      actors: ['system'],
    },
    {
      name: 'approve',
      label: 'Approve',
      from: ['waiting_for_approval'],
      to: 'in_progress',
      actors: ['system'],
    },
    {
      name: 'decline',
      label: 'Decline',
      from: ['waiting_for_approval'],
      to: 'cancelled',
      actors: ['system'],
      outcome: 'declined',
    },
    {
      name: 'fulfilled',
      label: 'Automation succeeded',
      from: ['in_progress'],
      to: 'waiting_for_customer',
      actors: ['system'],
    },
    {
      name: 'fulfilment_failed',
      label: 'Automation failed',
      from: ['in_progress'],
      to: 'need_further_support',
      actors: ['system'],
    },
    {
      name: 'report_problem',
      label: 'It does not work',
      from: ['waiting_for_customer'],
      to: 'need_further_support',
      actors: ['requester'],
      requiresComment: true,
    },
    {
      name: 'take_back',
      label: 'Take it back',
      from: ['waiting_for_customer'],
      to: 'need_further_support',
      actors: ['agent', 'admin'],
    },
    {
      name: 'confirm',
      label: 'Confirm it works',
      from: ['waiting_for_customer'],
      to: 'closed',
      actors: ['requester'],
    },
    {
      name: 'auto_close',
      label: 'Closed automatically',
      from: ['waiting_for_customer'],
      to: 'closed',
      actors: ['system'],
    },
    {
      name: 'retry',
      label: 'Retry the automation',
      from: ['need_further_support'],
      to: 'in_progress',
      actors: ['agent', 'admin'],
      guards: ['noRunInProgress'],
    },
    {
      name: 'resolve',
      label: 'Resolve by hand',
      from: ['need_further_support'],
      to: 'waiting_for_customer',
      actors: ['agent', 'admin'],
    },
    {
      name: 'cancel',
      label: 'Cancel',
      from: ['waiting_for_verification', 'waiting_for_approval', 'need_further_support'],
      to: 'cancelled',
      actors: ['requester', 'agent', 'admin'],
    },
  ],
});

/**
 * A request the team does by hand (a request type with no fulfilment action): the same status keys
 * as the fulfilment workflow, so reports and the portal read it alike, but "In progress" waits for
 * the team instead of running automation, and "Need further support" only follows a requester's
 * "it does not work" (or an agent taking a delivered request back).
 */
export const manualWorkflow: WorkflowDefinition = workflowDefinitionSchema.parse({
  key: 'manual',
  name: 'Request handled by the team',
  description:
    'Verified automatically, approved if the type asks for it, worked by the team, confirmed by the requester.',
  initial: 'waiting_for_verification',
  statuses: fulfilmentWorkflow.statuses.map((status) =>
    status.key === 'in_progress' ? { ...status, onEnter: [] } : status,
  ),
  transitions: [
    ...fulfilmentWorkflow.transitions.filter(
      (transition) =>
        !['fulfilled', 'fulfilment_failed', 'retry', 'resolve', 'cancel'].includes(transition.name),
    ),
    {
      name: 'resolve',
      label: 'Mark as done',
      from: ['in_progress', 'need_further_support'],
      to: 'waiting_for_customer',
      actors: ['agent', 'admin'],
    },
    {
      name: 'restart',
      label: 'Work on it again',
      from: ['need_further_support'],
      to: 'in_progress',
      actors: ['agent', 'admin'],
    },
    {
      name: 'cancel',
      label: 'Cancel',
      from: ['waiting_for_verification', 'waiting_for_approval', 'in_progress', 'need_further_support'],
      to: 'cancelled',
      actors: ['requester', 'agent', 'admin'],
    },
  ],
});

/** Incidents (CONTRACT status keys): worked, held, resolved (reopened by a reporter's comment), closed. */
export const incidentWorkflow: WorkflowDefinition = workflowDefinitionSchema.parse({
  key: 'incident',
  name: 'Incident',
  description:
    'Restore service: work it, hold it while waiting on someone, resolve it; it closes after a few days unless a reporter says it is not fixed.',
  initial: 'new',
  statuses: [
    { key: 'new', name: 'New', category: 'open' },
    { key: 'in_progress', name: 'In progress', category: 'in_progress' },
    { key: 'on_hold', name: 'On hold', category: 'waiting' },
    {
      key: 'resolved',
      name: 'Resolved',
      category: 'waiting',
      resolves: true,
      onEnter: ['resolveChildren', 'scheduleAutoClose'],
      onRequesterComment: 'reopen',
    },
    { key: 'closed', name: 'Closed', category: 'done', resolves: true },
    { key: 'cancelled', name: 'Cancelled', category: 'done', resolves: true },
  ],
  transitions: [
    {
      name: 'start',
      label: 'Start work',
      from: ['new', 'on_hold'],
      to: 'in_progress',
      actors: ['agent', 'admin', 'system'],
    },
    {
      name: 'hold',
      label: 'Put on hold',
      from: ['new', 'in_progress'],
      to: 'on_hold',
      actors: ['agent', 'admin'],
      requiresComment: true,
    },
    {
      name: 'resolve',
      label: 'Resolve',
      from: ['new', 'in_progress', 'on_hold'],
      to: 'resolved',
      actors: ['agent', 'admin', 'system'],
      requiresComment: true,
    },
    {
      name: 'reopen',
      label: 'It is not fixed',
      from: ['resolved'],
      to: 'in_progress',
      actors: ['requester', 'agent', 'admin', 'system'],
    },
    {
      name: 'close',
      label: 'Close',
      from: ['resolved'],
      to: 'closed',
      actors: ['requester', 'agent', 'admin'],
    },
    {
      name: 'auto_close',
      label: 'Closed automatically',
      from: ['resolved'],
      to: 'closed',
      actors: ['system'],
    },
    {
      name: 'cancel',
      label: 'Cancel (not an incident)',
      from: ['new', 'in_progress', 'on_hold'],
      to: 'cancelled',
      actors: ['agent', 'admin'],
      requiresComment: true,
    },
  ],
});

/** Problems (CONTRACT status keys): investigated until the root cause is known, then fixed. */
export const problemWorkflow: WorkflowDefinition = workflowDefinitionSchema.parse({
  key: 'problem',
  name: 'Problem',
  description: 'Find the root cause of recurring incidents, record the workaround as a known error, fix it.',
  initial: 'new',
  statuses: [
    { key: 'new', name: 'New', category: 'open' },
    { key: 'investigating', name: 'Investigating', category: 'in_progress' },
    { key: 'known_error', name: 'Known error', category: 'in_progress' },
    {
      key: 'resolved',
      name: 'Resolved',
      category: 'waiting',
      resolves: true,
      onEnter: ['scheduleAutoClose'],
    },
    { key: 'closed', name: 'Closed', category: 'done', resolves: true },
  ],
  transitions: [
    {
      name: 'investigate',
      label: 'Investigate',
      from: ['new'],
      to: 'investigating',
      actors: ['agent', 'admin'],
    },
    {
      name: 'known_error',
      label: 'Record as known error',
      from: ['new', 'investigating'],
      to: 'known_error',
      actors: ['agent', 'admin'],
    },
    {
      name: 'resolve',
      label: 'Resolve',
      from: ['new', 'investigating', 'known_error'],
      to: 'resolved',
      actors: ['agent', 'admin'],
      requiresComment: true,
    },
    { name: 'reopen', label: 'Reopen', from: ['resolved'], to: 'investigating', actors: ['agent', 'admin'] },
    {
      name: 'close',
      label: 'Close',
      from: ['resolved', 'new', 'investigating', 'known_error'],
      to: 'closed',
      actors: ['agent', 'admin'],
    },
    {
      name: 'auto_close',
      label: 'Closed automatically',
      from: ['resolved'],
      to: 'closed',
      actors: ['system'],
    },
  ],
});

/**
 * Changes (CONTRACT status keys): normal ones are assessed, authorized (the risk picks who), scheduled,
 * implemented, reviewed and closed; standard ones are pre-authorized (straight to scheduled);
 * emergency ones skip assessment. The guards (changes module) keep a change from being scheduled
 * without authorization or over a conflict, or started before its window, unless overridden.
 */
export const changeWorkflow: WorkflowDefinition = workflowDefinitionSchema.parse({
  key: 'change',
  name: 'Change',
  description: 'Assess, authorize, schedule, implement and review a change to services and CIs.',
  initial: 'new',
  statuses: [
    { key: 'new', name: 'New', category: 'open' },
    { key: 'assess', name: 'Assess', category: 'in_progress' },
    { key: 'authorize', name: 'Authorize', category: 'waiting', onEnter: ['requestChangeApproval'] },
    { key: 'scheduled', name: 'Scheduled', category: 'waiting' },
    { key: 'implement', name: 'Implement', category: 'in_progress' },
    { key: 'review', name: 'Review', category: 'in_progress', resolves: true },
    { key: 'closed', name: 'Closed', category: 'done', resolves: true },
    { key: 'cancelled', name: 'Cancelled', category: 'done', resolves: true },
  ],
  transitions: [
    { name: 'assess', label: 'Assess', from: ['new'], to: 'assess', actors: ['agent', 'admin', 'system'] },
    {
      name: 'request_authorization',
      label: 'Request authorization',
      from: ['new', 'assess'],
      to: 'authorize',
      actors: ['agent', 'admin', 'system'],
      guards: ['changeReadyForAuthorization', 'changeConflictFree'],
    },
    { name: 'approve', label: 'Authorized', from: ['authorize'], to: 'scheduled', actors: ['system'] },
    { name: 'decline', label: 'Not authorized', from: ['authorize'], to: 'assess', actors: ['system'] },
    {
      name: 'schedule',
      label: 'Schedule',
      from: ['new', 'assess', 'authorize'],
      to: 'scheduled',
      actors: ['agent', 'admin', 'system'],
      guards: ['changeAuthorized', 'changeConflictFree'],
    },
    {
      name: 'start',
      label: 'Start implementation',
      from: ['scheduled'],
      to: 'implement',
      actors: ['agent', 'admin', 'system'],
      guards: ['changeWindowOpen', 'changeConflictFree'],
    },
    {
      name: 'finish',
      label: 'Finish implementation',
      from: ['implement'],
      to: 'review',
      actors: ['agent', 'admin', 'system'],
      guards: ['changeOutcomeRecorded'],
    },
    {
      name: 'close',
      label: 'Close',
      from: ['review'],
      to: 'closed',
      actors: ['agent', 'admin', 'system'],
      guards: ['changeReviewed'],
    },
    {
      name: 'cancel',
      label: 'Cancel',
      from: ['new', 'assess', 'authorize', 'scheduled', 'implement'],
      to: 'cancelled',
      actors: ['agent', 'admin', 'system'],
      requiresComment: true,
    },
  ],
});

export const builtInWorkflows: WorkflowDefinition[] = [
  fulfilmentWorkflow,
  manualWorkflow,
  incidentWorkflow,
  problemWorkflow,
  changeWorkflow,
];
