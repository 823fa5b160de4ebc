// What leaves event management: integrations (the full key only right after creation or
// rotation), silences and maintenance windows with their CIs.
import type { AppContext } from '../../context.js';
import { cisByIds } from '../cmdb/index.js';
import type { alertSilences, maintenanceWindows } from './events.schema.js';
import { type IntegrationView, intakeUrl } from './integrations.service.js';

export function integrationToApi(context: AppContext, view: IntegrationView) {
  const { integration, keys, key } = view;
  return {
    id: integration.id,
    kind: integration.kind,
    name: integration.name,
    url: intakeUrl(context, integration.id, key),
    enabled: integration.enabled,
    mapping: integration.mapping ?? null,
    keys: keys.map((row) => ({
      id: row.id,
      hint: row.hint,
      createdAt: row.createdAt,
      revokedAt: row.revokedAt,
    })),
    lastReceivedAt: integration.lastReceivedAt,
    createdAt: integration.createdAt,
  };
}

const brief = (ci: { id: string; classKey: string; name: string }) => ({
  id: ci.id,
  class: ci.classKey,
  name: ci.name,
});

export async function silencesToApi(context: AppContext, rows: (typeof alertSilences.$inferSelect)[]) {
  const now = context.clock.now();
  const cis = await cisByIds(
    context.db,
    rows.map((row) => row.ciId).filter((id): id is string => Boolean(id)),
  );
  return rows.map((row) => {
    const ci = row.ciId ? cis.get(row.ciId) : undefined;
    return {
      id: row.id,
      matchers: row.matchers,
      ci: ci ? brief(ci) : null,
      startsAt: row.startsAt,
      endsAt: row.endsAt,
      comment: row.comment,
      createdBy: row.createdBy,
      active: row.startsAt <= now && row.endsAt > now,
    };
  });
}

export async function maintenanceToApi(
  context: AppContext,
  rows: (typeof maintenanceWindows.$inferSelect)[],
) {
  const now = context.clock.now();
  const cis = await cisByIds(
    context.db,
    rows.flatMap((row) => row.ciIds),
  );
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    cis: row.ciIds
      .map((id) => cis.get(id))
      .filter((ci) => ci !== undefined)
      .map(brief),
    includeDependents: row.includeDependents,
    startsAt: row.startsAt,
    endsAt: row.endsAt,
    comment: row.comment,
    createdBy: row.createdBy,
    active: row.startsAt <= now && row.endsAt > now,
  }));
}
