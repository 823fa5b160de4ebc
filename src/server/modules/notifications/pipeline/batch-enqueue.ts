// Queues the first attempt of many deliveries in one statement: an incident communication to
// thousands of stakeholders commits as one transaction of a few statements.
import type { Tx } from '../../../db/client.js';
import { notificationJobs } from '../notifications.jobs.js';

export async function enqueueDeliveries(tx: Tx, deliveryIds: string[]): Promise<void> {
  await notificationJobs.enqueueMany(
    tx,
    'notifications.deliver',
    deliveryIds.map((deliveryId) => ({ payload: { deliveryId }, jobKey: `deliver:${deliveryId}:1` })),
  );
}
