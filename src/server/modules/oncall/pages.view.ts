// Pages as the API shows them: the incident, the policy, the service, who was notified, who
// acknowledged and how.
import { inArray } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { cisByIds } from '../cmdb/index.js';
import { usersByIds } from '../identity/index.js';
import { escalationPolicies } from './oncall.schema.js';
import { type PageRow, recipientsOfPages } from './paging.service.js';

export async function pagesOut(db: Queryable, rows: PageRow[]) {
  const recipients = await recipientsOfPages(
    db,
    rows.map((row) => row.id),
  );
  const people = await usersByIds(db, [
    ...recipients.map((recipient) => recipient.userId),
    ...rows.flatMap((row) => (row.acknowledgedBy ? [row.acknowledgedBy] : [])),
  ]);
  const services = await cisByIds(
    db,
    rows.flatMap((row) => (row.serviceId ? [row.serviceId] : [])),
  );
  const policyIds = [...new Set(rows.map((row) => row.policyId))];
  const policies = new Map(
    (policyIds.length === 0
      ? []
      : await db
          .select({ id: escalationPolicies.id, name: escalationPolicies.name })
          .from(escalationPolicies)
          .where(inArray(escalationPolicies.id, policyIds))
    ).map((policy) => [policy.id, policy.name]),
  );
  const ref = (id: string) => ({ id, name: people.get(id)?.displayName ?? 'unknown user' });
  return rows.map((row) => ({
    id: row.id,
    ticketKey: row.ticketKey,
    title: row.title,
    policy: { id: row.policyId, name: policies.get(row.policyId) ?? 'removed policy' },
    service: row.serviceId
      ? { id: row.serviceId, name: services.get(row.serviceId)?.name ?? 'removed service' }
      : null,
    status: row.status,
    level: row.level + 1,
    loop: row.loop,
    openedAt: row.openedAt,
    acknowledgedAt: row.acknowledgedAt,
    acknowledgedBy: row.acknowledgedBy ? ref(row.acknowledgedBy) : null,
    acknowledgedVia: row.acknowledgedVia,
    notified: [
      ...new Set(
        recipients.filter((recipient) => recipient.pageId === row.id).map((recipient) => recipient.userId),
      ),
    ].map(ref),
  }));
}
