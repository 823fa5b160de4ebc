// The workflow API: workflows are data (statuses, transitions, who may fire them, what entering a
// status sets in motion); the pure engine that runs them is src/server/modules/workflow/engine.ts.
import { z } from 'zod';

/** Who may fire a transition, relative to the ticket. */
export const transitionActors = ['requester', 'approver', 'agent', 'admin', 'system'] as const;
export type TransitionActor = (typeof transitionActors)[number];

/** What entering a status sets in motion (carried out by the tickets service, in the same transaction). */
export const statusEffects = [
  'verify',
  'requestApproval',
  'fulfil',
  'scheduleAutoClose',
  'resolveChildren',
  'requestChangeApproval',
] as const;
export type StatusEffect = (typeof statusEffects)[number];

/** Conditions checked before a transition fires (named, evaluated by the tickets service). */
export const transitionGuards = [
  'noRunInProgress',
  'changeReadyForAuthorization',
  'changeAuthorized',
  'changeConflictFree',
  'changeWindowOpen',
  'changeOutcomeRecorded',
  'changeReviewed',
] as const;
export type TransitionGuard = (typeof transitionGuards)[number];

export const statusCategories = ['open', 'in_progress', 'waiting', 'done'] as const;

/**
 * What a transition says about how the ticket ended, beyond the status it leads to: a request an
 * approver declined lands in `cancelled` (a CONTRACT status key) but reads as "Declined".
 */
export const ticketOutcomes = ['declined'] as const;
export type TicketOutcome = (typeof ticketOutcomes)[number];
export const outcomeNames: Record<TicketOutcome, string> = { declined: 'Declined' };

const key = z.string().regex(/^[a-z][a-z0-9_]{0,62}$/, 'must be lowercase letters, digits and underscores');

export const workflowDefinitionSchema = z
  .object({
    key: z.string().regex(/^[a-z][a-z0-9-]{0,62}$/),
    name: z.string().min(1).max(200),
    description: z.string().max(2000).default(''),
    initial: key,
    statuses: z
      .array(
        z
          .object({
            key,
            name: z.string().min(1).max(100),
            category: z.enum(statusCategories),
            /** The request counts as resolved while in this status (resolvedAt, time to resolution). */
            resolves: z.boolean().default(false),
            onEnter: z.array(z.enum(statusEffects)).default([]),
            /** A transition the requester's comment fires in this status (a delivered request "does not work", a resolved incident reopens). */
            onRequesterComment: key.optional(),
          })
          .strict(),
      )
      .min(1),
    transitions: z
      .array(
        z
          .object({
            name: key,
            label: z.string().min(1).max(100),
            from: z.array(key).min(1),
            to: key,
            actors: z.array(z.enum(transitionActors)).min(1),
            guards: z.array(z.enum(transitionGuards)).default([]),
            /** A comment must accompany it (e.g. declining). */
            requiresComment: z.boolean().default(false),
            /** How the ticket ended when this transition brought it where it is (shown instead of the status' name). */
            outcome: z.enum(ticketOutcomes).optional(),
          })
          .strict(),
      )
      .min(1),
  })
  .strict()
  .superRefine((workflow, ctx) => {
    const statuses = new Set(workflow.statuses.map((status) => status.key));
    if (statuses.size !== workflow.statuses.length)
      ctx.addIssue({ code: 'custom', path: ['statuses'], message: 'duplicate status key' });
    if (!statuses.has(workflow.initial))
      ctx.addIssue({ code: 'custom', path: ['initial'], message: `unknown status ${workflow.initial}` });
    workflow.statuses.forEach((status, index) => {
      if (
        status.onRequesterComment &&
        !workflow.transitions.some((t) => t.name === status.onRequesterComment && t.from.includes(status.key))
      ) {
        ctx.addIssue({
          code: 'custom',
          path: ['statuses', index, 'onRequesterComment'],
          message: `no transition ${status.onRequesterComment} leaves ${status.key}`,
        });
      }
    });
    const names = new Set<string>();
    workflow.transitions.forEach((transition, index) => {
      for (const from of transition.from) {
        if (!statuses.has(from))
          ctx.addIssue({
            code: 'custom',
            path: ['transitions', index, 'from'],
            message: `unknown status ${from}`,
          });
        // One transition name may appear several times only with disjoint `from` sets.
        const id = `${transition.name}@${from}`;
        if (names.has(id)) {
          ctx.addIssue({
            code: 'custom',
            path: ['transitions', index, 'name'],
            message: `${transition.name} from ${from} is defined twice`,
          });
        }
        names.add(id);
      }
      if (!statuses.has(transition.to))
        ctx.addIssue({
          code: 'custom',
          path: ['transitions', index, 'to'],
          message: `unknown status ${transition.to}`,
        });
    });
    // Every status must be reachable from the initial one: a status no transition leads to is a
    // mistake (a renamed key, a forgotten transition) that would only show when a ticket needs it.
    const reachable = new Set([workflow.initial]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const transition of workflow.transitions) {
        if (!reachable.has(transition.to) && transition.from.some((from) => reachable.has(from))) {
          reachable.add(transition.to);
          grew = true;
        }
      }
    }
    workflow.statuses.forEach((status, index) => {
      if (statuses.has(workflow.initial) && !reachable.has(status.key))
        ctx.addIssue({
          code: 'custom',
          path: ['statuses', index, 'key'],
          message: `status ${status.key} cannot be reached from ${workflow.initial}: no transition leads to it`,
        });
    });
  });

export type WorkflowDefinition = z.infer<typeof workflowDefinitionSchema>;

/** GET /workflows: each with whether it is built in (not editable). */
export const workflowListOut = z.array(workflowDefinitionSchema.and(z.object({ builtIn: z.boolean() })));
export const workflowParams = z.object({ key: z.string().max(63) });
