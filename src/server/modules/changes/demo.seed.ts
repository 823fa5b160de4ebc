// The changes practice's demo (seeded with the demo organisation, after the incidents and events
// demos whose CIs it touches): a standard patch change on app-jkt-01 done last week, an emergency
// change on db-pay-01 implemented yesterday (the connection exhaustion behind the recurring
// incidents) awaiting its post-implementation review, a normal finance-app upgrade authorized and
// on the calendar in two days, and the replacement of the Jakarta router waiting for the CAB. Each
// goes through the module's own services, at the instant it happened (a clock set back for the
// past ones). Run once: a database that has changes already is left alone.
import type { AppContext } from '../../context.js';
import type { Actor, Queryable } from '../../db/client.js';
import { DomainError } from '../../lib/errors.js';
import { decide } from '../approvals/index.js';
import { resolveCi } from '../cmdb/index.js';
import { findUserByEmail, type Principal, principalOfUser } from '../identity/index.js';
import { riskQuestions } from './assess.service.js';
import { changes } from './changes.schema.js';
import { type ChangeInput, raiseChange, transitionChange, updateChange } from './changes.service.js';

export const demoChangeTitles = {
  patched: 'Monthly OS patches on app-jkt-01',
  emergency: 'Raise max_connections on db-pay-01',
  upgrade: 'Upgrade finance-app to 4.2',
  router: 'Replace rtr-jkt-01 with the new Jakarta core router',
} as const;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

async function hasChanges(db: Queryable): Promise<boolean> {
  const [row] = await db.select({ id: changes.ticketId }).from(changes).limit(1);
  return !!row;
}

export async function seedChangesDemo(context: AppContext, _actor: Actor): Promise<void> {
  const { db } = context;
  if (await hasChanges(db)) return;
  const as = async (email: string) => {
    const user = await findUserByEmail(db, email);
    return user ? principalOfUser(db, user, 'demo-seed') : undefined;
  };
  const [indra, lena, ada] = [
    await as('infra@opsdesk.local'),
    await as('lead@opsdesk.local'),
    await as('admin@opsdesk.local'),
  ];
  if (!indra || !lena || !ada) return;
  const exists = async (name: string) =>
    !!(await resolveCi(db, name, { field: 'ci' }).catch(() => undefined));

  const now = context.clock.now();
  // Windows in the Jakarta evening (13:00 UTC is 20:00 WIB), counted in days from today.
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const at = (days: number, hours: number) => new Date(today + days * DAY + hours * HOUR);
  /** The context as it was at `instant` (for what happened in the past). */
  const then = (instant: Date): AppContext => ({ ...context, clock: { now: () => instant } });
  const iso = (date: Date) => date.toISOString();
  const raise = (
    when: AppContext,
    by: Principal,
    input: Omit<ChangeInput, 'submit'> & { submit?: boolean },
  ) => raiseChange(when, by, { submit: false, public: false, ...input } as ChangeInput);
  const move = (when: AppContext, key: string, name: string, comment?: string) =>
    transitionChange(when, indra, key, comment ? { name, comment } : { name });
  /** Approves as whoever of the approvers is asked, until the change leaves `authorize`. */
  const approve = async (
    when: AppContext,
    key: string,
    comment: string,
    enough = Number.POSITIVE_INFINITY,
  ) => {
    let given = 0;
    for (const approver of [lena, ada]) {
      if (given >= enough) return;
      // Someone the risk did not pick is not asked: the next one is. Anything else is a real failure.
      const decided = await decide(when, approver, key, { decision: 'approve', comment }).catch((error) => {
        if (error instanceof DomainError && error.code === 'not_an_approver') return undefined;
        throw error;
      });
      if (decided) given += 1;
      if (decided && decided.status !== 'authorize') return;
    }
  };

  // Last week: the monthly patches, a standard change, done in its window and closed.
  if (await exists('app-jkt-01')) {
    const start = at(-7, 13);
    const change = await raise(then(at(-9, 3)), indra, {
      type: 'standard',
      title: demoChangeTitles.patched,
      description: 'The monthly security updates of the operating system, then a reboot.',
      reason: 'Keep the Jakarta application servers on supported, patched packages.',
      cis: ['app-jkt-01'],
      responsible: 'infra@opsdesk.local',
      implementationPlan:
        'Drain app-jkt-01 from the pool, apt upgrade, reboot, check the health endpoint, put it back.',
      backoutPlan: 'Boot the previous kernel from the menu; restore the VM snapshot taken before.',
      testPlan: 'Health endpoint answers 200; finance-app signs in from the office.',
      plannedStart: iso(start),
      plannedEnd: iso(new Date(start.getTime() + HOUR)),
      submit: true,
    });
    await move(then(new Date(start.getTime() + 5 * 60_000)), change.key, 'start');
    const done = then(new Date(start.getTime() + 40 * 60_000));
    await updateChange(done, indra, change.key, { outcome: 'successful' });
    await move(done, change.key, 'finish', '34 packages updated, rebooted in 3 minutes, back in the pool.');
    await move(then(at(-6, 2)), change.key, 'close');
  }

  // Yesterday: the payments database ran out of connections again; the emergency CAB said yes.
  if (await exists('db-pay-01')) {
    const raised = at(-1, 2);
    const change = await raise(then(raised), indra, {
      type: 'emergency',
      title: demoChangeTitles.emergency,
      description: 'max_connections from 100 to 300, shared_buffers raised to match; needs a restart.',
      reason: 'Payments failed three times this month with "too many connections".',
      expectedReturn: 'No more connection exhaustion until the pooler is in place.',
      risks: 'A restart of the payments database: about a minute without payments.',
      cis: ['db-pay-01'],
      responsible: 'infra@opsdesk.local',
      implementationPlan:
        'Change postgresql.conf, restart during the quiet hour, watch the connection count.',
      backoutPlan: 'Restore the previous postgresql.conf and restart.',
      plannedStart: iso(new Date(raised.getTime() + 30 * 60_000)),
      plannedEnd: iso(new Date(raised.getTime() + 2 * HOUR)),
      submit: true,
    });
    await approve(
      then(new Date(raised.getTime() + 10 * 60_000)),
      change.key,
      'Go ahead; keep payments told.',
      1,
    );
    const started = new Date(raised.getTime() + 35 * 60_000);
    await move(then(started), change.key, 'start');
    const done = then(new Date(started.getTime() + 45 * 60_000));
    await updateChange(done, indra, change.key, { outcome: 'successful' });
    await move(
      done,
      change.key,
      'finish',
      'Restarted in 50 seconds; 120 connections in use at the peak since.',
    );
  }

  // In two days: the finance application's upgrade, assessed and authorized, on the calendar.
  if (await exists('finance-app')) {
    const start = at(2, 13);
    const change = await raise(context, indra, {
      type: 'normal',
      title: demoChangeTitles.upgrade,
      description: 'The vendor release 4.2 of the finance application, with its database migration.',
      reason: 'Release 4.1 leaves support at the end of the quarter; 4.2 brings the new tax report.',
      expectedReturn: 'Finance closes the quarter on a supported release.',
      resources: 'Indra for two hours, the vendor on call.',
      cis: ['finance-app'],
      responsible: 'infra@opsdesk.local',
      implementationPlan: 'Announce on the status page, stop the app, back up, install 4.2, migrate, start.',
      backoutPlan: 'Restore the backup and reinstall 4.1 (tested in staging: 25 minutes).',
      testPlan: 'Finance signs in and runs the month-end report on last month.',
      plannedStart: iso(start),
      plannedEnd: iso(new Date(start.getTime() + 2 * HOUR)),
    });
    await move(context, change.key, 'assess');
    await move(context, change.key, 'request_authorization');
    await approve(context, change.key, 'Backout tested in staging: fine by me.');
  }

  // Next week: the router behind the VPN drops is replaced; high risk, waiting for the CAB.
  if (await exists('rtr-jkt-01')) {
    const start = at(5, 14);
    const riskAnswers = Object.fromEntries((await riskQuestions(db)).map((question) => [question.id, true]));
    const change = await raise(context, indra, {
      type: 'normal',
      title: demoChangeTitles.router,
      description: 'Swap the ageing Jakarta core router for the new one, configuration carried over.',
      reason: 'The VPN drops in Jakarta trace back to the old router resetting its tunnels.',
      expectedReturn: 'A stable VPN for the Jakarta office.',
      risks: 'The whole Jakarta office is offline during the swap (about 30 minutes).',
      resources: 'Indra on site, the network vendor on the phone.',
      cis: ['rtr-jkt-01'],
      responsible: 'infra@opsdesk.local',
      riskAnswers,
      implementationPlan: 'Rack the new router, move the uplinks, load the configuration, test the VPN.',
      backoutPlan: 'Move the uplinks back to rtr-jkt-01 (kept racked and powered).',
      testPlan: 'VPN tunnels from the office stay up for an hour; finance-app reachable.',
      plannedStart: iso(start),
      plannedEnd: iso(new Date(start.getTime() + 3 * HOUR)),
    });
    await move(context, change.key, 'assess');
    await move(context, change.key, 'request_authorization');
  }
}
