// Services as people follow them: subscriptions, and "my services" with their status and the open
// incidents the person may see. The status comes from the incidents practice through a source set
// by flows/ (until one is set, every service is operational).
import { and, asc, eq, inArray } from 'drizzle-orm';
import { serviceStatuses } from '../../../shared/api/cmdb.js';
import type { AppContext } from '../../context.js';
import { type Db, isUniqueViolation, type Queryable, withTransaction } from '../../db/client.js';
import { notFound } from '../../lib/errors.js';
import { actorOf, type Principal } from '../identity/index.js';
import { resolveCi } from './cis.service.js';
import { cis, serviceSubscriptions } from './cmdb.schema.js';

export { serviceStatuses };
export type ServiceStatus = (typeof serviceStatuses)[number];

export interface ServiceState {
  status: ServiceStatus;
  /** Keys of the open incidents on the service that the viewer may see. */
  incidents: string[];
}

export type ServiceStatusSource = (
  db: Queryable,
  serviceIds: readonly string[],
  viewer: Principal | null,
) => Promise<Map<string, ServiceState>>;

let statusSource: ServiceStatusSource = async () => new Map();

/** Set once at start by flows/: who knows whether a service is up. */
export function configureServiceStatus(source: ServiceStatusSource): void {
  statusSource = source;
}

export async function serviceStates(db: Queryable, serviceIds: readonly string[], viewer: Principal | null) {
  const known = await statusSource(db, serviceIds, viewer);
  return new Map(
    serviceIds.map((id) => [id, known.get(id) ?? { status: 'operational' as ServiceStatus, incidents: [] }]),
  );
}

export async function listServices(db: Queryable) {
  return db.select().from(cis).where(eq(cis.classKey, 'service')).orderBy(asc(cis.name));
}

export async function subscribe(
  context: AppContext,
  principal: Principal,
  serviceRef: string,
  requestId?: string,
) {
  const service = await resolveCi(context.db, serviceRef, { field: 'service', classKey: 'service' });
  await withTransaction(context.db, actorOf(principal, requestId), async (tx) => {
    try {
      await tx
        .insert(serviceSubscriptions)
        .values({ userId: principal.user.id, serviceId: service.id, createdAt: context.clock.now() })
        .onConflictDoNothing();
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
  });
  return service;
}

export async function unsubscribe(
  context: AppContext,
  principal: Principal,
  serviceRef: string,
  requestId?: string,
) {
  const service = await resolveCi(context.db, serviceRef, { field: 'service', classKey: 'service' });
  const removed = await withTransaction(context.db, actorOf(principal, requestId), (tx) =>
    tx
      .delete(serviceSubscriptions)
      .where(
        and(
          eq(serviceSubscriptions.userId, principal.user.id),
          eq(serviceSubscriptions.serviceId, service.id),
        ),
      )
      .returning(),
  );
  if (removed.length === 0) throw notFound(`Your subscription to ${service.name}`);
}

/** The services a person follows, with their status and open incidents the person may see. */
export async function myServices(db: Db, principal: Principal) {
  const rows = await db
    .select({ service: cis })
    .from(serviceSubscriptions)
    .innerJoin(cis, eq(cis.id, serviceSubscriptions.serviceId))
    .where(eq(serviceSubscriptions.userId, principal.user.id))
    .orderBy(asc(cis.name));
  const states = await serviceStates(
    db,
    rows.map((row) => row.service.id),
    principal,
  );
  return rows.map(({ service }) => ({ service, ...states.get(service.id)! }));
}

/** Who follows these services (the incidents practice tells them). */
export async function subscribersOf(db: Queryable, serviceIds: readonly string[]): Promise<string[]> {
  if (serviceIds.length === 0) return [];
  const rows = await db
    .select({ userId: serviceSubscriptions.userId })
    .from(serviceSubscriptions)
    .where(inArray(serviceSubscriptions.serviceId, [...serviceIds]));
  return [...new Set(rows.map((row) => row.userId))];
}

/** The services a person follows (their ids). */
export async function subscribedServiceIds(db: Queryable, userId: string): Promise<string[]> {
  const rows = await db
    .select({ serviceId: serviceSubscriptions.serviceId })
    .from(serviceSubscriptions)
    .where(eq(serviceSubscriptions.userId, userId));
  return rows.map((row) => row.serviceId);
}
