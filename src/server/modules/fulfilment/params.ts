import type { FieldValues } from '../../../shared/fields.js';
import type { FulfilmentSpec } from '../catalog/index.js';

/** The action's parameters, from the request's fields as the request type maps them. */
export function actionParams(spec: FulfilmentSpec, fields: FieldValues): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const [name, source] of Object.entries(spec.params)) {
    params[name] = 'field' in source ? fields[source.field] : source.value;
  }
  return params;
}
