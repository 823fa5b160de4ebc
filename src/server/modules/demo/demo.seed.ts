// The demo organisation of CONTRACT.md, seeded on first start (OPSDESK_DEMO=auto) or on demand.
import { sql } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { systemActor } from '../../db/client.js';
import {
  createCategory,
  createRequestType,
  demoEnvironments,
  findRequestType,
  getCatalog,
  stagingCategory,
  stagingRequestTypes,
} from '../catalog/index.js';
import { seedChangesDemo } from '../changes/index.js';
import { seedEventsDemo } from '../events/index.js';
import {
  countUsers,
  createTeam,
  createUser,
  findUserByEmail,
  getTeam,
  randomPassword,
  setTeamMember,
} from '../identity/index.js';
import { seedPaperInitiative } from '../improvement/index.js';
import { seedIncidentDemo } from '../incidents/index.js';
import { createEnvironment, findEnvironment } from '../inventory/index.js';
import { seedKbDemo } from '../kb/index.js';
import { seedDemoOncall } from '../oncall/index.js';
import { seedStagingSlaPolicies } from '../sla/index.js';

export const demoUsers = [
  { email: 'admin@opsdesk.local', displayName: 'Ada Admin', role: 'admin' },
  { email: 'lead@opsdesk.local', displayName: 'Lena Lead', role: 'agent' },
  {
    email: 'dev@opsdesk.local',
    displayName: 'Dewi Developer',
    role: 'requester',
    manager: 'lead@opsdesk.local',
  },
  {
    email: 'pm@opsdesk.local',
    displayName: 'Putra Product',
    role: 'requester',
    manager: 'lead@opsdesk.local',
  },
  { email: 'infra@opsdesk.local', displayName: 'Indra Infra', role: 'agent' },
] as const;

const SEED_LOCK_KEY = 7_263_733_002;

export interface SeedResult {
  seeded: boolean;
  /** Set when a password was generated: it is shown once and never stored in the clear. */
  generatedPassword?: string;
}

/**
 * What a newcomer needs after the demo organisation was created: where to sign in, as whom, with
 * which password, and how to get sample tickets. Printed, not logged: the one time a generated
 * password is shown, whatever the log level or format.
 */
export function welcomeBanner(publicUrl: string, generatedPassword: string | undefined): string {
  const users = demoUsers.map((user) => user.email.split('@')[0] + '@').join(' ');
  return [
    '',
    `  Opsdesk demo organisation created. Sign in at ${publicUrl}`,
    `  as ${users.replace(/ (\S+)$/, ' or $1')}opsdesk.local`,
    generatedPassword
      ? `  with the password: ${generatedPassword}\n  (shown once; set OPSDESK_DEMO_PASSWORD to choose it)`
      : '  with the password set in OPSDESK_DEMO_PASSWORD.',
    '  Sample tickets for the queues and dashboards: opsdesk seed paper-history',
    '',
  ].join('\n');
}

export async function seedDemoIfWanted(context: AppContext): Promise<SeedResult> {
  if (context.config.demo === 'never') return { seeded: false };
  const result = await seedDemo(context, { onlyIfEmpty: context.config.demo === 'auto' });
  // The incident practice's demo (a small CMDB, an open major incident, recurring incidents) comes
  // with a started organisation only: tests seed the people and build their own incidents.
  // The event console's demo (an integration, alerts on those CIs, a storm made one incident) builds on it;
  // knowledge articles: the request types' tutorials and known errors (those missing are added);
  // changes on those CIs: done last week and yesterday, authorized for this week, waiting for the CAB.
  if (result.seeded) await seedPracticeDemos(context);
  if (result.seeded) console.log(welcomeBanner(context.config.publicUrl, result.generatedPassword));
  return result;
}

/**
 * The practices' demos on top of the organisation, each added only where it is missing (so
 * `opsdesk seed demo` on an organisation started without them completes it, and twice changes
 * nothing).
 */
export async function seedPracticeDemos(context: AppContext): Promise<void> {
  await seedIncidentDemo(context, systemActor('demo-seed'));
  await seedEventsDemo(context, systemActor('demo-seed'));
  await seedKbDemo(context, systemActor('demo-seed'));
  await seedChangesDemo(context, systemActor('demo-seed'));
}

/** The Staging Servers category, its four request types and the demo environments, where missing. */
async function seedStagingCatalog(context: AppContext): Promise<void> {
  const { db } = context;
  const actor = systemActor('demo-seed');
  const catalog = await getCatalog(db, { includeInactive: true });
  if (!catalog.some((category) => category.key === stagingCategory.key))
    await createCategory(db, actor, stagingCategory);
  for (const type of stagingRequestTypes) {
    if (!(await findRequestType(db, type.key))) await createRequestType(db, actor, type);
  }
  await seedStagingSlaPolicies(db, actor);
  for (const environment of demoEnvironments) {
    if (!(await findEnvironment(db, environment.name))) {
      await createEnvironment(context, actor, { ...environment, provider: 'sandbox' });
    }
  }
}

export async function seedDemo(context: AppContext, options: { onlyIfEmpty: boolean }): Promise<SeedResult> {
  const { db } = context;
  return db.transaction(async (lockTx) => {
    // Two processes starting on an empty database at once: the second waits and finds it done.
    await lockTx.execute(sql`select pg_advisory_xact_lock(${SEED_LOCK_KEY})`);
    if (options.onlyIfEmpty) {
      const existing = await countUsers(db);
      if (existing > 0) return { seeded: false };
    }
    const generated = context.config.demoPassword ? undefined : randomPassword();
    const password = context.config.demoPassword ?? generated!;
    const actor = systemActor('demo-seed');
    const ids = new Map<string, string>();
    for (const user of demoUsers) {
      const existing = await findUserByEmail(db, user.email);
      const managerId = 'manager' in user ? ids.get(user.manager) : undefined;
      const created =
        existing ??
        (await createUser(db, actor, {
          email: user.email,
          displayName: user.displayName,
          role: user.role,
          managerId,
          password,
        }));
      ids.set(user.email, created.id);
    }
    const team = await getTeam(db, 'infrastructure').catch(() =>
      createTeam(db, actor, {
        key: 'infrastructure',
        name: 'Infrastructure',
        description: 'Provisions and maintains the staging environments.',
      }),
    );
    await setTeamMember(db, actor, team.key, ids.get('infra@opsdesk.local')!, true);
    // Tickets nobody else owns (an incident on no service) go to the service desk (OPSDESK_DEFAULT_TEAM).
    const desk = await getTeam(db, 'helpdesk').catch(() =>
      createTeam(db, actor, {
        key: 'helpdesk',
        name: 'Helpdesk',
        description: 'First line: takes reported problems, routes them, keeps people told.',
      }),
    );
    await setTeamMember(db, actor, desk.key, ids.get('lead@opsdesk.local')!, true);
    await setTeamMember(db, actor, desk.key, ids.get('infra@opsdesk.local')!, false);
    // Who authorizes changes: two of the CAB for high risk, a change manager for moderate risk.
    for (const [key, name, members] of [
      ['cab', 'Change Advisory Board', ['admin@opsdesk.local', 'lead@opsdesk.local']],
      ['change-managers', 'Change managers', ['lead@opsdesk.local']],
    ] as const) {
      const changeTeam = await getTeam(db, key).catch(() => createTeam(db, actor, { key, name }));
      for (const email of members) await setTeamMember(db, actor, changeTeam.key, ids.get(email)!, false);
    }
    await seedStagingCatalog(context);
    await seedPaperInitiative(context, actor);
    await seedDemoOncall(context, actor, {
      infra: ids.get('infra@opsdesk.local')!,
      lead: ids.get('lead@opsdesk.local')!,
    });
    return generated ? { seeded: true, generatedPassword: generated } : { seeded: true };
  });
}
