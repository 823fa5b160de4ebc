// The fulfilment action's own read-only preflight of a request (e.g. "these tables exist in the
// source database"), run by verification before anyone is asked to approve.
import type { FieldProblem } from '../../../shared/fields.js';
import type { AppContext } from '../../context.js';
import type { RequestTypeRow } from '../catalog/index.js';
import {
  type EnvironmentWithConnection,
  findEnvironment,
  providerOf,
  toEnvironmentRecord,
} from '../inventory/index.js';
import type { TicketRow } from '../tickets/index.js';
import { actionParams } from './params.js';

/** Problems per form field, in words a requester understands; none when the action has no preflight. */
export async function preflightProblems(
  context: AppContext,
  type: RequestTypeRow,
  ticket: TicketRow,
  signal: AbortSignal,
  /** Environments the caller has just read (verification lists them): not read again. */
  known?: ReadonlyMap<string, EnvironmentWithConnection>,
) {
  const spec = type.fulfilment;
  if (spec?.executor !== 'provider') return [];
  const environmentName = ticket.fields[spec.environmentField];
  if (typeof environmentName !== 'string') return [];
  const environment = known?.get(environmentName) ?? (await findEnvironment(context.db, environmentName));
  if (!environment || environment.state === 'terminated') return [];
  const action = providerOf(context, environment.connection).actions[spec.action];
  if (!action) {
    return [
      {
        field: spec.environmentField,
        message: `${environment.name} runs on ${environment.connection.name}, which cannot ${spec.action.replace('.', ' ')}.`,
      },
    ];
  }
  if (!action.preflight) return [];
  const params = action.params.safeParse(actionParams(spec, ticket.fields));
  if (!params.success) return [];
  const problems = await action.preflight(
    {
      signal,
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      environment: toEnvironmentRecord(environment, context.secretKey),
      lookupEnvironment: async (name) => {
        const found = await findEnvironment(context.db, name);
        return found ? toEnvironmentRecord(found, context.secretKey) : null;
      },
    },
    params.data,
  );
  // Back from the action's parameter names to the form's fields.
  return problems.map((problem): FieldProblem => {
    const source = spec.params[problem.param];
    return {
      field: source && 'field' in source ? source.field : spec.environmentField,
      message: problem.message,
    };
  });
}
