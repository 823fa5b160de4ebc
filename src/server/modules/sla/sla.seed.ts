// The demo's SLA policies: the staging defaults (defaults.ts) on the four staging request types,
// time to fulfilment carrying the paper's Table 3 target, on the built-in 24×7 calendar.
import type { Actor, Db } from '../../db/client.js';
import { findRequestType } from '../catalog/index.js';
import { STAGING_REQUEST_TYPES, stagingSlaPolicy } from './defaults.js';
import { allDayCalendarKey } from './sla.definitions.js';
import { listPolicies, savePolicy } from './sla.policies.js';

export async function seedStagingSlaPolicies(db: Db, actor: Actor): Promise<void> {
  const existing = new Set((await listPolicies(db)).map((policy) => policy.key));
  for (const requestType of STAGING_REQUEST_TYPES) {
    const policy = stagingSlaPolicy(requestType);
    if (existing.has(policy.key) || !(await findRequestType(db, requestType))) continue;
    await savePolicy(db, actor, policy.key, {
      name: policy.name,
      description:
        'The organisation’s target for this request as time to fulfilment (after approval); time to resolution measured.',
      metrics: policy.metrics.map((metric) => ({ ...metric, calendar: allDayCalendarKey })),
      requestTypes: [requestType],
    });
  }
}
