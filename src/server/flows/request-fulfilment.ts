// A service request's life, across the modules that carry it (paper, Fig. 5):
//
//   filed ─▶ waiting_for_verification ─(requests: fields + the action's preflight)─▶ waiting_for_approval
//        ─(approvals: manager, team, N of a team)─▶ in_progress ─(fulfilment: run the action)─▶
//        waiting_for_customer ─(closes by itself after N days unless the requester answers: auto-close.ts)
//
// A request type marked as a standard change (catalog) is a pre-approved template: entering
// waiting_for_approval raises its change (changes: type standard, on the environment CIs of the
// form) and approves at once; entering in_progress starts the change before the action runs — or,
// if it conflicts, hands the request to a person instead; the action's end closes the change.
//
// The workflow (data) names an effect on each status; this is where each effect is carried out.
import type { Tx } from '../db/client.js';
import { approvalsViewPart, requestApprovals } from '../modules/approvals/index.js';
import { getRequestTypeById, type RequestTypeRow } from '../modules/catalog/index.js';
import {
  raiseStandardChange,
  requestOfChange,
  type StandardTemplate,
  standardChangeFollowsRequest,
  startStandardChange,
} from '../modules/changes/index.js';
import { noRunInProgress, runsViewPart, startRun } from '../modules/fulfilment/index.js';
import { enqueueVerification } from '../modules/requests/index.js';
import {
  fireTransition,
  systemRoles,
  type TicketExtensions,
  type TicketRow,
  type TicketViewPart,
  ticketsByIds,
} from '../modules/tickets/index.js';

async function standardTemplate(tx: Tx, ticket: TicketRow): Promise<StandardTemplate | null> {
  if (ticket.kind !== 'request' || !ticket.requestTypeId) return null;
  const type: RequestTypeRow = await getRequestTypeById(tx, ticket.requestTypeId);
  if (!type.standardChange) return null;
  return {
    name: type.name,
    description: type.description,
    fields: type.fields,
    action: type.fulfilment
      ? type.fulfilment.executor === 'provider'
        ? type.fulfilment.action
        : 'external'
      : null,
    environmentField: type.fulfilment?.environmentField ?? null,
    durationSeconds: type.fulfilment?.timeoutSeconds ?? 3600,
  };
}

/** A catalog standard change's evidence: the fulfilment runs of the request it was filed as. */
const standardChangeEvidence: TicketViewPart = {
  name: 'standard change evidence',
  kinds: ['change'],
  async load(db, ticket, viewer, now) {
    const requestId = await requestOfChange(db, ticket.id);
    const request = requestId ? (await ticketsByIds(db, [requestId])).get(requestId) : undefined;
    if (!request) return {};
    const { runs } = (await runsViewPart.load(db, request, viewer, now)) as {
      runs: Record<string, unknown>[];
    };
    return {
      evidence: runs.map((run) => ({
        number: run.number,
        action: run.action,
        environment: run.environment,
        status: run.status,
        attempts: run.attempts,
        error: run.error,
        summary: run.summary,
        startedAt: run.startedAt,
        finishedAt: run.finishedAt,
      })),
    };
  },
};

export function requestFulfilment(): Partial<TicketExtensions> {
  return {
    effects: {
      verify: (tx, ticket) => enqueueVerification(tx, ticket),
      requestApproval: async (tx, ticket, _actor, now) => {
        const template = await standardTemplate(tx, ticket);
        if (!template) return requestApprovals(tx, ticket, now);
        const change = await raiseStandardChange(tx, ticket, template, now);
        return requestApprovals(tx, ticket, now, {
          policy: { kind: 'none' },
          why: `this is a standard change (pre-authorized), recorded as ${change.key}`,
        });
      },
      fulfil: async (tx, ticket, actor, now) => {
        const template = await standardTemplate(tx, ticket);
        if (template) {
          const started = await startStandardChange(tx, ticket, template, now);
          if (started.refusal) {
            return fireTransition(tx, {
              ticket,
              name: 'fulfilment_failed',
              actor,
              roles: systemRoles,
              now,
              comment: {
                body: `The standard change ${started.key} may not start now: ${started.refusal}\n\nOnce it may (a change manager overrides, or the conflict is gone), retry the automation.`,
                internal: false,
                kind: 'fulfilment',
              },
            });
          }
        }
        return startRun(tx, ticket, actor, now);
      },
    },
    guards: { noRunInProgress },
    listeners: [standardChangeFollowsRequest],
    viewParts: [approvalsViewPart, runsViewPart, standardChangeEvidence],
  };
}
