import { describe, expect, it } from 'vitest';
import { fulfilmentWorkflow as workflow } from './defaults.js';
import {
  availableTransitions,
  decideTransition,
  type TransitionActor,
  workflowDefinitionSchema,
} from './engine.js';

const roles = (...list: TransitionActor[]) => new Set(list);

describe('the default fulfilment workflow (paper, Fig. 5)', () => {
  // Every edge of SPEC "The core loop", and who may take it.
  const edges: [string, string, string, TransitionActor][] = [
    ['waiting_for_verification', 'verified', 'waiting_for_approval', 'system'],
    ['waiting_for_verification', 'verification_failed', 'cancelled', 'system'],
    ['waiting_for_approval', 'approve', 'in_progress', 'system'],
    ['waiting_for_approval', 'decline', 'cancelled', 'system'],
    ['in_progress', 'fulfilled', 'waiting_for_customer', 'system'],
    ['in_progress', 'fulfilment_failed', 'need_further_support', 'system'],
    ['waiting_for_customer', 'report_problem', 'need_further_support', 'requester'],
    ['waiting_for_customer', 'confirm', 'closed', 'requester'],
    ['waiting_for_customer', 'auto_close', 'closed', 'system'],
    ['need_further_support', 'retry', 'in_progress', 'agent'],
    ['need_further_support', 'resolve', 'waiting_for_customer', 'agent'],
  ];

  it.each(edges)('%s --%s--> %s (by %s)', (from, name, to, actor) => {
    const decision = decideTransition(workflow, from, name, roles(actor));
    expect(decision.ok && decision.to.key).toBe(to);
  });

  it('refuses a requester confirming before the work is done, saying from where it is possible', () => {
    const decision = decideTransition(workflow, 'in_progress', 'confirm', roles('requester'));
    expect(decision).toMatchObject({ ok: false, reason: 'not_from_here' });
    expect(!decision.ok && decision.message).toBe(
      '"Confirm it works" is not possible while the ticket is In progress (only from Waiting for customer).',
    );
  });

  it('refuses a requester retrying the automation: only agents may', () => {
    const decision = decideTransition(workflow, 'need_further_support', 'retry', roles('requester'));
    expect(decision).toMatchObject({ ok: false, reason: 'not_allowed' });
  });

  it('people cannot fire system transitions (approval goes through the approvals service)', () => {
    expect(
      decideTransition(workflow, 'waiting_for_approval', 'approve', roles('requester', 'agent', 'admin')).ok,
    ).toBe(false);
  });

  it('unknown transitions are named', () => {
    expect(decideTransition(workflow, 'closed', 'reopen', roles('admin'))).toMatchObject({
      ok: false,
      reason: 'unknown_transition',
    });
  });

  it('offers the buttons a person may press', () => {
    expect(
      availableTransitions(workflow, 'waiting_for_customer', roles('requester')).map((t) => t.name),
    ).toEqual(['report_problem', 'confirm']);
    expect(availableTransitions(workflow, 'need_further_support', roles('agent')).map((t) => t.name)).toEqual(
      ['retry', 'resolve', 'cancel'],
    );
    expect(availableTransitions(workflow, 'closed', roles('requester', 'agent', 'admin'))).toEqual([]);
  });

  it('marks the statuses that count as resolved', () => {
    expect(workflow.statuses.filter((status) => status.resolves).map((status) => status.key)).toEqual([
      'waiting_for_customer',
      'closed',
      'cancelled',
    ]);
  });
});

describe('workflow definitions as data', () => {
  it('refuses transitions to unknown statuses and duplicate edges', () => {
    const result = workflowDefinitionSchema.safeParse({
      ...workflow,
      transitions: [
        ...workflow.transitions,
        {
          name: 'confirm',
          label: 'again',
          from: ['waiting_for_customer'],
          to: 'closed',
          actors: ['requester'],
        },
        { name: 'teleport', label: 'x', from: ['closed'], to: 'nowhere', actors: ['admin'] },
      ],
    });
    expect(result.success).toBe(false);
    const messages = result.error!.issues.map((issue) => issue.message);
    expect(messages).toContain('confirm from waiting_for_customer is defined twice');
    expect(messages).toContain('unknown status nowhere');
  });
});
