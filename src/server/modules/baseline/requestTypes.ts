// The manual, repetitive staging requests the paper measured (its Table 1). Keys are stable:
// stored baselines, training examples and the catalogue's request types refer to them.
import { z } from 'zod';

export const requestTypeKeys = [
  'start-request-only-staging',
  'recreate-staging',
  'copy-database-data',
  'create-staging-domain',
] as const;

export const requestTypeKeySchema = z.enum(requestTypeKeys);
export type RequestTypeKey = z.infer<typeof requestTypeKeySchema>;

export const requestTypeLabels: Record<RequestTypeKey, string> = {
  'start-request-only-staging': 'Start request-only staging server',
  'recreate-staging': 'Recreate staging',
  'copy-database-data': 'Copy database data',
  'create-staging-domain': 'Create staging domain',
};
