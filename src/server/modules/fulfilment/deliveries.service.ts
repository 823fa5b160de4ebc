// The webhook delivery log: what was sent to external executors, and sending a logged delivery again.
import { desc, eq } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import type { Queryable } from '../../db/client.js';
import { badRequest, notFound } from '../../lib/errors.js';
import {
  replayDelivery,
  type WebhookDeliveryOutcome,
  webhookExecutorConfigSchema,
} from '../../providers/executors/index.js';
import { getRequestTypeById } from '../catalog/index.js';
import { connectionConfig, getConnection } from '../inventory/index.js';
import { getTicketById } from '../tickets/index.js';
import { fulfilmentRuns, webhookDeliveries } from './fulfilment.schema.js';

export async function listDeliveries(db: Queryable, query: { runId?: string | undefined; limit: number }) {
  return db
    .select()
    .from(webhookDeliveries)
    .where(query.runId ? eq(webhookDeliveries.runId, query.runId) : undefined)
    .orderBy(desc(webhookDeliveries.id))
    .limit(query.limit);
}

/** Sends a logged delivery again (same content, new delivery id, to the URL configured now). */
export async function replayLoggedDelivery(context: AppContext, id: number) {
  const [original] = await context.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, id));
  if (!original) throw notFound('The delivery');
  const [run] = await context.db.select().from(fulfilmentRuns).where(eq(fulfilmentRuns.id, original.runId));
  const ticket = run ? await getTicketById(context.db, run.ticketId) : undefined;
  const spec = ticket?.requestTypeId
    ? (await getRequestTypeById(context.db, ticket.requestTypeId)).fulfilment
    : null;
  if (spec?.executor !== 'external')
    throw badRequest('not_a_webhook', 'This run is not fulfilled by a webhook anymore.');
  const connection = await getConnection(context.db, spec.connection);
  const config = webhookExecutorConfigSchema.parse(connectionConfig(connection, context.secretKey).config);
  let recorded: typeof original | undefined;
  await replayDelivery(
    {
      now: () => context.clock.now(),
      allowPrivateNetworks: context.config.allowPrivateNetworks,
      signal: AbortSignal.timeout(60_000),
      recordDelivery: async (record) => {
        [recorded] = await context.db
          .insert(webhookDeliveries)
          .values({ ...record, outcome: record.outcome as unknown as Record<string, unknown> })
          .returning();
      },
    },
    { ...original, outcome: original.outcome as unknown as WebhookDeliveryOutcome },
    config,
  );
  return recorded!;
}
