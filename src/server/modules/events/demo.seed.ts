// The event console's demo: a Prometheus integration, two app servers behind the Jakarta router
// (finance-app runs on one), a storm on them that is one incident with the router as probable
// root cause, a warning recorded without an incident, a resolved alert and one bound to no CI (for
// the unbound list). Built on the incidents demo's CMDB; run once (a second call finds the
// integration and stops). Correlation runs here, not through the worker, so the console is
// complete when the seed returns.
import { eq } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { type Actor, withTransaction } from '../../db/client.js';
import { addRelation, insertCi, resolveCi } from '../cmdb/index.js';
import { findUserByEmail } from '../identity/index.js';
import { correlate } from './correlate.service.js';
import { eventIntegrations } from './events.schema.js';
import type { IncomingAlert } from './intake/incoming.js';
import { storeAlerts } from './intake.service.js';
import { createIntegration } from './integrations.service.js';

export const demoIntegrationName = 'Prometheus Jakarta (demo)';

export async function seedEventsDemo(context: AppContext, actor: Actor): Promise<void> {
  const { db } = context;
  const [existing] = await db
    .select({ id: eventIntegrations.id })
    .from(eventIntegrations)
    .where(eq(eventIntegrations.name, demoIntegrationName));
  if (existing) return;
  const router = await resolveCi(db, 'rtr-jkt-01', { field: 'ci' }).catch(() => undefined);
  const financeApp = await resolveCi(db, 'finance-app', { field: 'ci' }).catch(() => undefined);
  const admin = await findUserByEmail(db, 'admin@opsdesk.local');
  if (!router || !admin) return;
  const cause = { actor, via: 'import', at: context.clock.now() };
  await withTransaction(db, actor, async (tx) => {
    for (const name of ['app-jkt-01', 'app-jkt-02']) {
      const server = await insertCi(tx, { classKey: 'server', name, teamId: router.teamId }, cause);
      await addRelation(tx, server, 'depends_on', router, cause);
      if (name === 'app-jkt-01' && financeApp) await addRelation(tx, financeApp, 'depends_on', server, cause);
    }
  });
  const { integration } = await createIntegration(context, actor, admin.id, {
    kind: 'alertmanager',
    name: demoIntegrationName,
  });
  const now = context.clock.now();
  const ago = (minutes: number) => new Date(now.getTime() - minutes * 60_000);
  const alert = (
    fingerprint: string,
    labels: Record<string, string>,
    summary: string,
    minutes: number,
    status: 'firing' | 'resolved' = 'firing',
  ): IncomingAlert => ({
    fingerprint,
    status,
    severity: (labels.severity as IncomingAlert['severity']) ?? 'warning',
    summary,
    description: '',
    labels,
    at: ago(minutes),
    occurrenceKey: `${status}:${ago(minutes).toISOString()}`,
    raw: { status, labels, annotations: { summary }, startsAt: ago(minutes).toISOString() },
  });
  // The storm: the router's alert first, then what sits behind it.
  const storm = [
    alert(
      'demo-rtr',
      { alertname: 'InterfaceDown', instance: 'rtr-jkt-01', severity: 'critical', job: 'snmp' },
      'Uplink Gi0/1 down',
      14,
    ),
    alert(
      'demo-app1',
      { alertname: 'NodeUnreachable', instance: 'app-jkt-01:9100', severity: 'critical', job: 'node' },
      'Node unreachable',
      13,
    ),
    alert(
      'demo-app2',
      { alertname: 'NodeUnreachable', instance: 'app-jkt-02:9100', severity: 'critical', job: 'node' },
      'Node unreachable',
      13,
    ),
    alert(
      'demo-fin',
      { alertname: 'HttpErrors', instance: 'finance-app', severity: 'major', job: 'blackbox' },
      'HTTP 503 answers',
      12,
    ),
  ];
  const others = [
    alert(
      'demo-pay-conn',
      {
        alertname: 'PostgresConnectionsHigh',
        instance: 'db-pay-01:9187',
        severity: 'warning',
        job: 'postgres',
      },
      '85% of connections in use',
      40,
    ),
    alert(
      'demo-disk',
      { alertname: 'DiskFilling', instance: 'app-jkt-02:9100', severity: 'warning', job: 'node' },
      '/var on app-jkt-02 will be full in 4 hours',
      180,
      'resolved',
    ),
    alert(
      'demo-printer',
      { alertname: 'PrinterOffline', instance: 'prn-jkt-3f', severity: 'info', job: 'snmp' },
      'Printer prn-jkt-3f is offline',
      25,
    ),
  ];
  for (const entry of [...storm, ...others]) {
    const stored = await storeAlerts(context, integration, [entry]);
    for (const id of stored.alertIds) await correlate(context, id);
  }
}
