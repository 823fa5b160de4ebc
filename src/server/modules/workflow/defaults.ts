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

export const builtInWorkflows: WorkflowDefinition[] = [fulfilmentWorkflow];
