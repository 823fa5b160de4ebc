// The manual, repetitive staging requests the paper measured (its Table 1). Keys are stable:
// stored baselines, training examples and the catalogue's request types refer to them.
import type { RequestTypeKey } from '../../../shared/api/baseline.js';

// The keys are part of the API contract (src/shared/api/baseline.ts).
export { type RequestTypeKey, requestTypeKeySchema, requestTypeKeys } from '../../../shared/api/baseline.js';

export const requestTypeLabels: Record<RequestTypeKey, string> = {
  'start-request-only-staging': 'Start request-only staging server',
  'recreate-staging': 'Recreate staging',
  'copy-database-data': 'Copy database data',
  'create-staging-domain': 'Create staging domain',
};
