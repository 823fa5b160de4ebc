// Verification of a new request (paper: "Waiting for Verification"): every field rule, then the
// fulfilment action's own read-only preflight (e.g. "these tables exist in the source database").
// All problems go into one comment, in words a requester understands, and the ticket is
// cancelled; a valid request moves on to approval.
import { checkFieldRules, type FieldProblem } from '../../../shared/fields.js';
import type { AppContext } from '../../context.js';
import { systemActor } from '../../db/client.js';
import type { JobContext } from '../../jobs/define.js';
import { TransientProviderError } from '../../providers/types.js';
import { getRequestTypeById, type RequestTypeRow } from '../catalog/index.js';
import { preflightProblems } from '../fulfilment/index.js';
import { type EnvironmentWithConnection, findEnvironment } from '../inventory/index.js';
import { fireSystemTransition, getTicketById } from '../tickets/index.js';

const actor = systemActor('verification');

export function problemsComment(type: RequestTypeRow, problems: FieldProblem[]): string {
  const labels = new Map(type.fields.map((field) => [field.key, field.label]));
  const lines = problems.map((problem) => {
    const label = labels.get(problem.field) ?? problem.field;
    return `- ${problem.message.startsWith(label) ? problem.message : `${label}: ${problem.message}`}`;
  });
  return [
    'This request was cancelled because some of its fields are not valid:',
    ...lines,
    '',
    'Please correct them and file the request again.',
  ].join('\n');
}

/**
 * The live environments the request names (its environment fields, the fulfilment's environment),
 * by name: what the field rules and the preflight look up. (It read the whole inventory, every
 * environment with its connection, for every request.)
 */
async function namedEnvironments(
  context: AppContext,
  type: RequestTypeRow,
  fields: Record<string, unknown>,
): Promise<Map<string, EnvironmentWithConnection>> {
  const names = new Set<string>();
  for (const field of type.fields) {
    const value = fields[field.key];
    if (field.type === 'environment' && typeof value === 'string' && value.trim()) names.add(value.trim());
  }
  const named = type.fulfilment?.environmentField ? fields[type.fulfilment.environmentField] : undefined;
  if (typeof named === 'string' && named) names.add(named);
  const found = await Promise.all([...names].map((name) => findEnvironment(context.db, name)));
  return new Map(
    found.flatMap((environment) =>
      environment && environment.state !== 'terminated' ? [[environment.name, environment] as const] : [],
    ),
  );
}

export async function verifyTicket(context: AppContext, ticketId: string, job: JobContext): Promise<void> {
  const ticket = await getTicketById(context.db, ticketId);
  if (ticket?.status !== 'waiting_for_verification' || !ticket.requestTypeId) return;
  const type = await getRequestTypeById(context.db, ticket.requestTypeId);
  const environments = await namedEnvironments(context, type, ticket.fields);
  const problems = checkFieldRules(type.fields, ticket.fields, {
    today: context.clock.now().toISOString().slice(0, 10),
    environment: (name) => environments.get(name) ?? null,
  });
  try {
    const invalid = new Set(problems.map((problem) => problem.field));
    for (const problem of await preflightProblems(context, type, ticket, job.signal, environments)) {
      if (!invalid.has(problem.field)) problems.push(problem);
    }
  } catch (error) {
    // The provider could not be asked (network, throttling): try again later, and in the end
    // cancel with the reason rather than leave the request waiting for ever.
    if (job.attempt < job.maxAttempts) throw error;
    const reason = error instanceof TransientProviderError ? error.message : 'the check failed unexpectedly';
    problems.push({
      field: type.fulfilment?.environmentField ?? 'request',
      message: `could not be checked: ${reason}`,
    });
  }
  if (problems.length === 0) {
    await fireSystemTransition(context, actor, ticket, 'verified', 'waiting_for_verification');
    return;
  }
  await fireSystemTransition(context, actor, ticket, 'verification_failed', 'waiting_for_verification', {
    body: problemsComment(type, problems),
    internal: false,
    kind: 'verification',
    data: { problems },
  });
}
