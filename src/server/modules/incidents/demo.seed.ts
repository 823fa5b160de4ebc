// Demo data of the incident practice (seeded with the demo organisation): a small CMDB (the Jakarta
// router, the VPN, the finance application and services, the public ones in status-page groups),
// Dewi following Finance, an open major VPN incident with a commander, a stakeholder update and a
// public one (on the status page), and three alike incidents on the payments
// database for the recurring-incident detector to find.
import type { AppContext } from '../../context.js';
import { type Actor, withTransaction } from '../../db/client.js';
import { addRelation, insertCi, resolveCi, subscribe } from '../cmdb/index.js';
import { findTeamByKey, findUserByEmail, principalOfUser } from '../identity/index.js';
import { openIncident } from './incidents.service.js';
import { assignRole, declareMajor, postUpdate } from './major.service.js';

export async function seedIncidentDemo(context: AppContext, actor: Actor): Promise<void> {
  const { db } = context;
  if (await resolveCi(db, 'VPN', { field: 'service', classKey: 'service' }).catch(() => undefined)) return;
  const infra = await findTeamByKey(db, 'infrastructure');
  const cause = { actor, via: 'import', at: context.clock.now() };
  await withTransaction(db, actor, async (tx) => {
    const ci = async (classKey: string, name: string, attributes: Record<string, unknown> = {}) =>
      insertCi(tx, { classKey, name, attributes, teamId: infra?.id ?? null }, cause);
    const router = await ci('network_device', 'rtr-jkt-01');
    // Public services are the status page's components (statusGroup: its groups).
    const vpn = await ci('service', 'VPN', {
      regions: ['Jakarta'],
      public: true,
      statusGroup: 'Network',
      description: 'Remote access to the office network',
    });
    await ci('service', 'Wi-Fi', { public: true, statusGroup: 'Network', description: 'Office wireless' });
    await ci('service', 'Email', { public: true, description: 'Company mail and calendars' });
    const finance = await ci('application', 'finance-app');
    const financeService = await ci('service', 'Finance', {
      regions: ['Jakarta'],
      public: true,
      statusGroup: 'Business applications',
    });
    const db1 = await ci('database', 'db-pay-01');
    const payments = await ci('service', 'Payments', { public: true, statusGroup: 'Business applications' });
    await addRelation(tx, vpn, 'depends_on', router, cause);
    await addRelation(tx, finance, 'depends_on', vpn, cause);
    await addRelation(tx, financeService, 'depends_on', finance, cause);
    await addRelation(tx, payments, 'depends_on', db1, cause);
  });
  const as = async (email: string) => {
    const user = await findUserByEmail(db, email);
    return user ? principalOfUser(db, user, 'demo-seed') : undefined;
  };
  const [indra, dewi] = [await as('infra@opsdesk.local'), await as('dev@opsdesk.local')];
  if (!indra || !dewi) return;
  await subscribe(context, dewi, 'Finance');
  const vpnDown = await openIncident(context, indra, {
    title: 'VPN connections drop in Jakarta',
    description:
      'Staff in the Jakarta office lose the VPN every few minutes; the gateway reports tunnel resets.',
    cis: ['rtr-jkt-01'],
    impact: 'high',
    urgency: 'high',
  });
  await declareMajor(context, indra, vpnDown.key, {
    major: true,
    reason: 'The whole Jakarta office is offline',
  });
  await assignRole(context, indra, vpnDown.key, 'commander', 'me');
  await postUpdate(context, indra, vpnDown.key, {
    body: 'We are investigating VPN drops in Jakarta. Finance is unreachable from the office meanwhile.',
    visibility: 'stakeholders',
    status: 'investigating',
    nextUpdateInMinutes: 30,
  });
  await postUpdate(context, indra, vpnDown.key, {
    body: 'VPN connections from the Jakarta office drop every few minutes. We are investigating; working from the office network meanwhile is not affected.',
    visibility: 'public',
    status: 'investigating',
  });
  for (const title of [
    'Payments database connections exhausted',
    'Connections exhausted on the payments db again',
    'Payment DB: too many connections',
  ])
    await openIncident(context, indra, { title, cis: ['db-pay-01'], impact: 'medium', urgency: 'medium' });
}
