// Storing what senders deliver: messages of one integration together in the caller's
// transaction (the journal's drain takes many at once; backup results one, in a transaction of
// their own), each alert under an advisory lock of its fingerprint (HA pairs deliver the same
// alert at once), a retry or duplicate (same occurrence key) ignored, a repeat counted on the open
// alert, a resolved alert that fires again soon reopened (and counted towards flapping), a new one
// bound to the CMDB and checked against silences and maintenance. Correlation (incidents) is one
// job per batch, enqueued in the same transaction. Malformed payloads are kept, bounded, as dead
// letters.
import { randomUUID } from 'node:crypto';
import { and, desc, eq, getTableColumns, inArray, lt, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { AppContext } from '../../context.js';
import { systemActor, type Tx, withTransaction } from '../../db/client.js';
import { notifyAlerts } from './alerts.live.js';
import { type Binding, bindAll, bindLabels } from './binding.service.js';
import { eventJobs } from './events.jobs.js';
import { alertDeadLetters, alertOccurrences, alerts, eventIntegrations } from './events.schema.js';
import type { IncomingAlert } from './intake/incoming.js';
import type { IntegrationRow } from './integrations.service.js';
import { type EventSettings, settingsOf } from './settings.service.js';
import { flapState } from './severity.js';
import { type ActiveHolds, activeHolds, askSources, holdOf } from './suppression.service.js';

export interface StoreResult {
  accepted: number;
  created: number;
  updated: number;
  duplicates: number;
  alertIds: string[];
}

/** What storing did to one message: its counts and its alerts (created or updated). */
export type MessageResult = StoreResult;

export interface StoredMessages {
  /** One per message, in the order given. */
  messages: MessageResult[];
  /** The alerts to correlate (fired, resolved or released), message by message in their order. */
  toCorrelate: string[];
}

type AlertRow = typeof alerts.$inferSelect;
const actor = systemActor('events');

/**
 * Stores one message's alerts now, in a transaction of its own, and enqueues its correlation:
 * the synchronous path (backup results, RPO alerts, the demo). Deliveries of the monitoring
 * senders go through the journal (journal.service.ts), which calls `storeMessagesIn`.
 */
export async function storeAlerts(
  context: AppContext,
  integration: IntegrationRow,
  incoming: readonly IncomingAlert[],
): Promise<StoreResult> {
  const now = context.clock.now();
  const settings = await settingsOf(context.db);
  return withTransaction(context.db, actor, async (tx) => {
    const stored = await storeMessagesIn(tx, integration, [incoming], now, settings);
    await enqueueCorrelation(tx, stored.toCorrelate);
    return stored.messages[0]!;
  });
}

/** One correlation job for alerts stored together (a storm arrives as a few messages of many). */
export async function enqueueCorrelation(tx: Tx, alertIds: readonly string[]): Promise<void> {
  for (let start = 0; start < alertIds.length; start += 10_000)
    await eventJobs.enqueue(
      tx,
      'events.correlate',
      { alertIds: alertIds.slice(start, start + 10_000) },
      { queueName: 'events-correlate' },
    );
}

/**
 * Stores consecutive messages of one integration, received at `now`, in the caller's
 * transaction, as if one after the other: the alerts of all of them are handled together (one
 * lock statement, one read of what is known, one binding, one write of each kind), a fingerprint
 * that comes again (in the same or a later message) read back after what is pending is written,
 * the same occurrence twice a duplicate. The caller enqueues the correlation of `toCorrelate`.
 */
export async function storeMessagesIn(
  tx: Tx,
  integration: IntegrationRow,
  messages: readonly (readonly IncomingAlert[])[],
  now: Date,
  settings: EventSettings,
): Promise<StoredMessages> {
  const results: MessageResult[] = messages.map((incoming) => ({
    accepted: incoming.length,
    created: 0,
    updated: 0,
    duplicates: 0,
    alertIds: [],
  }));
  // One order for the locks, so two deliveries of the same group cannot deadlock; a stable sort,
  // so that a fingerprint's alerts keep the order they were delivered in.
  const sorted = messages
    .flatMap((incoming, message) => incoming.map((alert) => ({ alert, message })))
    .sort((a, b) =>
      a.alert.fingerprint < b.alert.fingerprint ? -1 : a.alert.fingerprint > b.alert.fingerprint ? 1 : 0,
    );
  // Per message, so that correlation takes the messages in the order they came (a storm's
  // servers before its router, as delivered), each message's alerts in the sorted order.
  const toCorrelate: string[][] = messages.map(() => []);
  const seen = new Set<string>();
  // Every fingerprint locked in one statement, in the sorted order.
  const lockKeys = [...new Set(sorted.map(({ alert }) => `${integration.id}:${alert.fingerprint}`))];
  if (lockKeys.length > 0)
    await tx.execute(
      sql`select pg_advisory_xact_lock(hashtextextended(k, 0)) from unnest(${sql.param(lockKeys)}::text[]) with ordinality as t(k, n) order by n`,
    );
  const holds = await activeHolds(tx, now);
  const known = await knownOf(
    tx,
    integration.id,
    sorted.map(({ alert }) => alert),
  );
  // The new alerts bound to the CMDB together, and every CI touched asked once whether it is
  // under maintenance: a few statements per batch of messages, not per alert.
  const fresh = sorted.filter(({ alert }) => known.latest.get(alert.fingerprint) === null);
  known.bound = await bindAll(
    tx,
    integration.id,
    fresh.map(({ alert }) => alert.labels),
  );
  const touched = [...known.bound.values(), ...[...known.latest.values()].filter((row) => row !== null)];
  await askSources(
    tx,
    holds,
    touched.flatMap((row) => [row.ciId, row.serviceId].filter((id): id is string => Boolean(id))),
    now,
  );
  let changed = 0;
  for (const [index, { alert, message }] of sorted.entries()) {
    const result = results[message]!;
    // The same occurrence twice counts once (a key-less one always counts).
    const once = `${alert.fingerprint}\u0000${alert.occurrenceKey ?? `#${index}`}`;
    if (seen.has(once)) {
      result.duplicates++;
      continue;
    }
    seen.add(once);
    const outcome = await storeOne(tx, integration, alert, now, settings, holds, known);
    if (outcome.kind === 'duplicate') {
      result.duplicates++;
      continue;
    }
    result[outcome.kind]++;
    changed++;
    result.alertIds.push(outcome.alertId);
    if (outcome.correlate) toCorrelate[message]!.push(outcome.alertId);
  }
  await storePending(tx, known);
  await insertRecords(tx, alertOccurrences, known.occurrencesToStore);
  await tx
    .update(eventIntegrations)
    .set({ lastReceivedAt: now })
    .where(eq(eventIntegrations.id, integration.id));
  if (changed > 0) await notifyAlerts(tx, changed);
  return { messages: results, toCorrelate: [...new Set(toCorrelate.flat())] };
}

/**
 * What the message's alerts already have, read in two statements under their locks: the occurrence
 * keys already stored, and each fingerprint's latest alert. A fingerprint's entry is used once (a
 * second alert of it in the same message reads the row the first one left).
 */
interface Known {
  occurrences: Set<string>;
  latest: Map<string, AlertRow | null>;
  /** The bindings of the message's new alerts (bindAll). */
  bound: Map<string, Binding>;
  /** New alerts, changes of known ones, occurrences: written together at the end of the message. */
  alertsToStore: (typeof alerts.$inferInsert)[];
  alertChanges: { id: string; change: AlertChange }[];
  occurrencesToStore: (typeof alertOccurrences.$inferInsert)[];
}

/** What a message changes on a known alert; `repeat` counts one more occurrence. */
type AlertChange = Partial<
  Pick<
    AlertRow,
    | 'severity'
    | 'summary'
    | 'description'
    | 'labels'
    | 'status'
    | 'suppressedBy'
    | 'lastSeenAt'
    | 'resolvedAt'
    | 'acknowledgedAt'
    | 'stateChanges'
    | 'flapping'
  >
> & { repeat?: boolean };

function changeAlert(known: Known, id: string, change: AlertChange): void {
  known.alertChanges.push({ id, change });
}

const alertColumns = getTableColumns(alerts);

/**
 * Inserts rows as one JSON parameter (`INSERT … SELECT FROM jsonb_to_recordset`), one statement per
 * set of columns the rows give (a column left out keeps its default): a drained batch writes
 * thousands of alerts, which as bound parameters would pass PostgreSQL's 65,535 and cost the
 * query builder more CPU than the database its work.
 */
async function insertRecords(
  tx: Tx,
  table: typeof alerts | typeof alertOccurrences,
  rows: object[],
): Promise<void> {
  const columns = getTableColumns(table) as Record<string, AnyPgColumn>;
  const shapes = new Map<string, Record<string, unknown>[]>();
  for (const row of rows as Record<string, unknown>[]) {
    const shape = Object.keys(row)
      .filter((key) => row[key] !== undefined)
      .sort()
      .join(',');
    shapes.set(shape, [...(shapes.get(shape) ?? []), row]);
  }
  for (const [shape, list] of shapes) {
    const keys = shape.split(',');
    const used = keys.map((key) => columns[key]!);
    const json = JSON.stringify(
      list.map((row) => Object.fromEntries(keys.map((key, index) => [used[index]!.name, row[key]]))),
    );
    await tx.execute(sql`
      insert into ${table} (${sql.join(
        used.map((column) => sql.identifier(column.name)),
        sql`, `,
      )})
      select ${sql.join(
        used.map((column) => sql`x.${sql.identifier(column.name)}`),
        sql`, `,
      )}
        from jsonb_to_recordset(${json}::jsonb) as x(${sql.join(
          used.map((column) => sql`${sql.identifier(column.name)} ${sql.raw(column.getSQLType())}`),
          sql`, `,
        )})`);
  }
}

/**
 * Writes what the message did not write yet (before anything reads its alerts again): the new
 * alerts in one insert, the changes of known alerts in one update per shape of change (the
 * columns it sets) from a JSON array of rows.
 */
async function storePending(tx: Tx, known: Known): Promise<void> {
  await insertRecords(tx, alerts, known.alertsToStore);
  known.alertsToStore = [];
  const shapes = new Map<string, { id: string; change: AlertChange }[]>();
  for (const entry of known.alertChanges) {
    const shape = Object.keys(entry.change).sort().join(',');
    shapes.set(shape, [...(shapes.get(shape) ?? []), entry]);
  }
  known.alertChanges = [];
  for (const [shape, entries] of shapes) {
    const keys = shape.split(',').filter((key) => key !== 'repeat') as Exclude<keyof AlertChange, 'repeat'>[];
    const columns = keys.map((key) => alertColumns[key]);
    const rows = entries.map(({ id, change }) => ({
      id,
      ...Object.fromEntries(keys.map((key, index) => [columns[index]!.name, change[key] ?? null])),
    }));
    const sets = columns.map(
      (column) => sql`${sql.identifier(column.name)} = x.${sql.identifier(column.name)}`,
    );
    if (shape.split(',').includes('repeat')) sets.push(sql`occurrences = a.occurrences + 1`);
    const types = columns.map(
      (column) => sql`${sql.identifier(column.name)} ${sql.raw(column.getSQLType())}`,
    );
    await tx.execute(sql`
      update ${alerts} as a set ${sql.join(sets, sql`, `)}
        from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(id uuid, ${sql.join(types, sql`, `)})
       where a.id = x.id`);
  }
}

async function knownOf(tx: Tx, integrationId: string, incoming: readonly IncomingAlert[]): Promise<Known> {
  const fingerprints = [...new Set(incoming.map((alert) => alert.fingerprint))];
  const keys = [...new Set(incoming.flatMap((alert) => (alert.occurrenceKey ? [alert.occurrenceKey] : [])))];
  const occurrences = new Set<string>();
  const latest = new Map<string, AlertRow | null>(fingerprints.map((fingerprint) => [fingerprint, null]));
  const known: Known = {
    occurrences,
    latest,
    bound: new Map(),
    alertsToStore: [],
    alertChanges: [],
    occurrencesToStore: [],
  };
  if (fingerprints.length === 0) return known;
  if (keys.length > 0) {
    const rows = await tx
      .selectDistinct({ fingerprint: alertOccurrences.fingerprint, key: alertOccurrences.occurrenceKey })
      .from(alertOccurrences)
      .where(
        and(
          eq(alertOccurrences.integrationId, integrationId),
          inArray(alertOccurrences.fingerprint, fingerprints),
          inArray(alertOccurrences.occurrenceKey, keys),
        ),
      );
    for (const row of rows) occurrences.add(`${row.fingerprint}\u0000${row.key}`);
  }
  const rows = await tx
    .selectDistinctOn([alerts.fingerprint])
    .from(alerts)
    .where(and(eq(alerts.integrationId, integrationId), inArray(alerts.fingerprint, fingerprints)))
    .orderBy(alerts.fingerprint, desc(alerts.lastSeenAt));
  for (const row of rows) latest.set(row.fingerprint, row);
  return known;
}

type Outcome = { kind: 'duplicate' } | { kind: 'created' | 'updated'; alertId: string; correlate: boolean };

async function storeOne(
  tx: Tx,
  integration: IntegrationRow,
  alert: IncomingAlert,
  now: Date,
  settings: EventSettings,
  holds: ActiveHolds,
  known: Known,
): Promise<Outcome> {
  if (alert.occurrenceKey && known.occurrences.has(`${alert.fingerprint}\u0000${alert.occurrenceKey}`))
    return { kind: 'duplicate' };
  const preloaded = known.latest.get(alert.fingerprint);
  const fresh = known.latest.has(alert.fingerprint);
  known.latest.delete(alert.fingerprint);
  // A fingerprint seen before in this message is read from the database: write what is pending.
  if (!fresh) await storePending(tx, known);
  if (alert.occurrenceKey && !fresh) {
    const [dup] = await tx
      .select({ id: alertOccurrences.id })
      .from(alertOccurrences)
      .where(
        and(
          eq(alertOccurrences.integrationId, integration.id),
          eq(alertOccurrences.fingerprint, alert.fingerprint),
          eq(alertOccurrences.occurrenceKey, alert.occurrenceKey),
        ),
      )
      .limit(1);
    if (dup) return { kind: 'duplicate' };
  }
  const [current] = fresh
    ? preloaded
      ? [preloaded]
      : []
    : await tx
        .select()
        .from(alerts)
        .where(and(eq(alerts.integrationId, integration.id), eq(alerts.fingerprint, alert.fingerprint)))
        .orderBy(desc(alerts.lastSeenAt))
        .limit(1);
  const outcome = await apply(tx, integration, alert, current, now, settings, holds, known);
  if (outcome.kind !== 'duplicate') {
    known.occurrencesToStore.push({
      alertId: outcome.alertId,
      integrationId: integration.id,
      fingerprint: alert.fingerprint,
      occurrenceKey: alert.occurrenceKey,
      at: now,
      status: alert.status,
      payload: alert.raw ?? null,
    });
  }
  return outcome;
}

async function apply(
  tx: Tx,
  integration: IntegrationRow,
  alert: IncomingAlert,
  current: AlertRow | undefined,
  now: Date,
  settings: EventSettings,
  holds: ActiveHolds,
  known: Known,
): Promise<Outcome> {
  const flap = { count: settings.flapCount, windowMinutes: settings.flapWindowMinutes };
  const open = current && current.status !== 'resolved';
  // When it happened as the sender says, but never in the future.
  const at = alert.at.getTime() <= now.getTime() ? alert.at : now;
  const content = {
    severity: alert.severity,
    summary: alert.summary,
    ...(alert.description ? { description: alert.description } : {}),
    labels: Object.keys(alert.labels).length > 0 ? alert.labels : (current?.labels ?? {}),
  };
  /** A new alert of this message, written with the others at its end; its id. */
  const addAlert = (
    fields: Pick<typeof alerts.$inferInsert, 'ciId' | 'serviceId' | 'siteId' | 'status'> &
      Partial<typeof alerts.$inferInsert>,
  ) => {
    const id = randomUUID();
    known.alertsToStore.push({
      id,
      integrationId: integration.id,
      fingerprint: alert.fingerprint,
      ...content,
      firstSeenAt: at,
      lastSeenAt: now,
      ...fields,
    });
    return id;
  };
  if (alert.status === 'firing') {
    if (open) {
      const hold =
        current.status === 'acknowledged'
          ? null
          : await holdOf(tx, { ...current, labels: content.labels }, now, holds);
      const status = current.status === 'acknowledged' ? 'acknowledged' : (hold?.status ?? 'firing');
      changeAlert(known, current.id, {
        ...content,
        status,
        suppressedBy: hold?.by ?? null,
        repeat: true,
        lastSeenAt: now,
      });
      return {
        kind: 'updated',
        alertId: current.id,
        correlate: status !== current.status || !current.incidentId,
      };
    }
    // Resolved and firing again within the flapping window (as we received it): the same alert.
    const reopen =
      current?.resolvedAt &&
      current.lastSeenAt.getTime() >= now.getTime() - settings.flapWindowMinutes * 60_000;
    if (current && reopen) {
      const hold = await holdOf(tx, { ...current, labels: content.labels }, now, holds);
      const state = flapState(current.stateChanges, now, flap);
      changeAlert(known, current.id, {
        ...content,
        status: hold?.status ?? 'firing',
        suppressedBy: hold?.by ?? null,
        repeat: true,
        lastSeenAt: now,
        resolvedAt: null,
        acknowledgedAt: null,
        stateChanges: state.changes,
        flapping: state.flapping,
      });
      return { kind: 'updated', alertId: current.id, correlate: true };
    }
    const binding = await bindLabels(tx, integration.id, content.labels, known.bound);
    const hold = await holdOf(tx, { labels: content.labels, ...binding }, now, holds);
    const id = addAlert({
      ...binding,
      status: hold?.status ?? 'firing',
      suppressedBy: hold?.by ?? null,
      stateChanges: [now.toISOString()],
    });
    return { kind: 'created', alertId: id, correlate: true };
  }
  if (alert.status === 'acknowledged') {
    if (!open) return { kind: 'duplicate' };
    changeAlert(known, current.id, { status: 'acknowledged', acknowledgedAt: now, lastSeenAt: now });
    return { kind: 'updated', alertId: current.id, correlate: false };
  }
  // resolved
  if (open) {
    const state = flapState(current.stateChanges, now, flap);
    changeAlert(known, current.id, {
      status: 'resolved',
      resolvedAt: at,
      lastSeenAt: now,
      stateChanges: state.changes,
      flapping: state.flapping,
      suppressedBy: null,
    });
    return { kind: 'updated', alertId: current.id, correlate: current.incidentId !== null };
  }
  if (current) {
    changeAlert(known, current.id, { lastSeenAt: now });
    return { kind: 'updated', alertId: current.id, correlate: false };
  }
  // A resolution of an alert never seen firing (it fired before the integration existed): recorded.
  const binding = await bindLabels(tx, integration.id, content.labels, known.bound);
  const id = addAlert({ ...binding, status: 'resolved', resolvedAt: now });
  return { kind: 'created', alertId: id, correlate: false };
}

/** Keeps a refused payload for admins to read; only the newest `deadLetterLimit` stay. */
export async function deadLetter(
  context: AppContext,
  integrationId: string | null,
  reason: string,
  field: string | null,
  body: string,
): Promise<void> {
  const settings = await settingsOf(context.db);
  await withTransaction(context.db, actor, async (tx) => {
    await tx.insert(alertDeadLetters).values({
      integrationId,
      receivedAt: context.clock.now(),
      reason: reason.slice(0, 2000),
      field,
      body: body.slice(0, 65_536),
    });
    const [edge] = await tx
      .select({ id: alertDeadLetters.id })
      .from(alertDeadLetters)
      .orderBy(desc(alertDeadLetters.id))
      .offset(settings.deadLetterLimit)
      .limit(1);
    if (edge) await tx.delete(alertDeadLetters).where(lt(alertDeadLetters.id, edge.id + 1));
  });
}

export async function deadLetters(context: AppContext) {
  const rows = await context.db.select().from(alertDeadLetters).orderBy(desc(alertDeadLetters.id)).limit(500);
  const ids = [...new Set(rows.map((row) => row.integrationId).filter((id): id is string => Boolean(id)))];
  const integrations = ids.length
    ? await context.db.select().from(eventIntegrations).where(inArray(eventIntegrations.id, ids))
    : [];
  return rows.map((row) => ({
    ...row,
    integration: integrations.find((entry) => entry.id === row.integrationId) ?? null,
  }));
}
