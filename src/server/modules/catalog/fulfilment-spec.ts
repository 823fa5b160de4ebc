// How a request type is fulfilled: the schema is part of the API contract (src/shared/api/fulfilment.ts).
export {
  type FulfilmentSpec,
  fulfilmentSpecSchema,
  paramSourceSchema,
} from '../../../shared/api/fulfilment.js';

import type { FulfilmentSpec as Spec } from '../../../shared/api/fulfilment.js';
import type { DatabaseCheck } from '../../../shared/database-check.js';

/**
 * The form fields of a database copy (the built-in `database.copy` action with each part taken from
 * a field), so the portal checks them against the inventory before filing; null for anything else.
 */
export function databaseCheckOf(spec: Spec | null): DatabaseCheck | null {
  if (spec?.executor !== 'provider' || spec.action !== 'database.copy') return null;
  const fieldOf = (param: string) => {
    const source = spec.params[param];
    return source && 'field' in source ? source.field : null;
  };
  const [source, target, engine, database, tables] = [
    'sourceEnvironment',
    'targetEnvironment',
    'engine',
    'database',
    'tables',
  ].map(fieldOf);
  if (!source || !target || !engine || !database || !tables) return null;
  return { environments: [source, target], engine, database, tables };
}
