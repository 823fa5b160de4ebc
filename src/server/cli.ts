// `opsdesk serve | worker | start | migrate | seed demo | seed paper-history | user create |
// token create | baseline import | sla rebuild | reports rebuild | search rebuild |
// cmdb mirror-environments`
import { readFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { formatHms } from '../shared/duration.js';
import { ConfigError, loadConfig } from './config.js';
import { createAppContext } from './context.js';
import { systemActor } from './db/client.js';
import { migrate } from './db/migrate.js';
import { wireFlows } from './flows/index.js';
import { mirrorAllEnvironments } from './flows/inventory-cmdb.js';
import { loadSecretKey } from './lib/secretKey.js';
import { createLogger, openDatabase, start, stopOnSignals } from './main.js';
import { importChatExport } from './modules/baseline/index.js';
import { seedDemo, seedPracticeDemos } from './modules/demo/index.js';
import {
  createPersonalTokenFor,
  createUser,
  findUserByEmail,
  randomPassword,
  roles,
} from './modules/identity/index.js';
import { seedPaperEvaluation } from './modules/reports/index.js';
import { rebuildAllClocks } from './modules/sla/index.js';
import { rebuildTicketRollups, rebuildTicketSearch } from './modules/tickets/index.js';

function config() {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
}

async function runServer(roles: { http: boolean; worker: boolean }) {
  const settings = config();
  const log = createLogger(settings);
  const running = await start(settings, roles, { log });
  stopOnSignals(running, log);
  if (!roles.http && settings.workerMetricsPort !== undefined) {
    const { startMetricsServer } = await import('./http/metricsServer.js');
    await startMetricsServer(running.context, settings.workerMetricsPort);
  }
}

/** Runs `work` against the database (embedded or DATABASE_URL), then closes everything. */
async function withDatabase<T>(
  work: (context: Awaited<ReturnType<typeof oneOffContext>>) => Promise<T>,
): Promise<T> {
  const context = await oneOffContext();
  try {
    return await work(context);
  } finally {
    await context.background.close();
    await context.database.close();
    await context.embedded?.stop();
  }
}

async function oneOffContext() {
  const settings = config();
  const log = createLogger({
    logLevel: settings.logLevel === 'info' ? 'warn' : settings.logLevel,
    logFormat: settings.logFormat,
  });
  const { database, embedded } = await openDatabase(settings, log);
  await migrate(database.url);
  const context = createAppContext({
    config: settings,
    database,
    log,
    secretKey: loadSecretKey(settings.secretKey, settings.dataDir),
  });
  wireFlows(context);
  return { ...context, embedded };
}

const program = new Command()
  .name('opsdesk')
  .description('Opsdesk: IT service management whose service requests fulfil themselves.')
  .showHelpAfterError();

program
  .command('start')
  .description('Serve the web app and API and run the job worker in one process (what `npm start` runs).')
  .action(() => runServer({ http: true, worker: true }));

program
  .command('serve')
  .description('Serve the web app and API only (run `opsdesk worker` elsewhere for jobs).')
  .action(() => runServer({ http: true, worker: false }));

program
  .command('worker')
  .description('Run jobs only: fulfilment, notifications, SLA timers, schedules.')
  .action(() => runServer({ http: false, worker: true }));

program
  .command('migrate')
  .description('Apply database migrations and exit (start, serve and worker also do this).')
  .action(() => withDatabase(async () => console.log('migrations applied')));

const seed = program.command('seed').description('Seed data.');
seed
  .command('demo')
  .description(
    'Create the demo organisation (users, teams, catalog, environments) and the practices’ demos (CMDB, incidents, alerts, knowledge, changes) where missing.',
  )
  .action(() =>
    withDatabase(async (context) => {
      const result = await seedDemo(context, { onlyIfEmpty: false });
      await seedPracticeDemos(context);
      console.log(
        result.generatedPassword
          ? `demo organisation ready; password of new demo users: ${result.generatedPassword}`
          : 'demo organisation ready',
      );
    }),
  );

seed
  .command('paper-history')
  .description(
    'Add sample history (the organisation’s Sep–Oct 2023): 108 requests, so queues, reports and dashboards have data.',
  )
  .action(() =>
    withDatabase(async (context) => {
      const { tickets } = await seedPaperEvaluation(context);
      console.log(`${tickets} requests of 13 Sep – 20 Oct 2023 added, with their history and SLA clocks`);
    }),
  );

const user = program.command('user').description('Manage users.');
user
  .command('create')
  .description('Create a user; prints a generated password unless --password is given.')
  .requiredOption('--email <email>', 'sign-in email')
  .requiredOption('--name <name>', 'display name')
  .addOption(new Option('--role <role>', 'role').choices(roles).default('requester'))
  .option('--manager <email>', "the manager's email (approves this user's requests)")
  .option('--password <password>', 'password (at least 8 characters)')
  .action(
    (options: {
      email: string;
      name: string;
      role: (typeof roles)[number];
      manager?: string;
      password?: string;
    }) =>
      withDatabase(async ({ db }) => {
        const manager = options.manager ? await findUserByEmail(db, options.manager) : undefined;
        if (options.manager && !manager) throw new Error(`--manager: no user ${options.manager}`);
        if (options.password !== undefined && options.password.length < 8) {
          throw new Error('--password: must have at least 8 characters');
        }
        const password = options.password ?? randomPassword();
        const created = await createUser(db, systemActor('cli'), {
          email: options.email,
          displayName: options.name,
          role: options.role,
          managerId: manager?.id ?? null,
          password,
        });
        console.log(
          `created ${created.email} (${created.role})${options.password ? '' : `, password: ${password}`}`,
        );
      }),
  );

program
  .command('token')
  .description('Manage API tokens.')
  .command('create')
  .description('Create a personal API token for a user and print it (shown once).')
  .requiredOption('--email <email>', "the token owner's email")
  .option('--name <name>', 'what the token is for', 'cli')
  .action((options: { email: string; name: string }) =>
    withDatabase(async ({ db }) => {
      const token = await createPersonalTokenFor(db, options.email, options.name, new Date());
      console.log(token.token);
    }),
  );

const baseline = program
  .command('baseline')
  .description('Baselines from chat exports (the paper’s Table 2).');
baseline
  .command('import')
  .description(
    'Analyse a chat export (DiscordChatExporter CSV and similar) and store it as a named baseline.',
  )
  .argument('<file>', 'the CSV file')
  .requiredOption('--name <name>', 'the baseline’s name')
  .option(
    '--support <names>',
    'comma-separated names of the support team, as in the export; without it the team is inferred from who answers requests',
  )
  .option('--time-zone <zone>', 'for exports whose dates carry no offset, e.g. Asia/Jakarta')
  .option('--day-first', '01/02/2023 is 1 February')
  .option('--description <text>', 'what the baseline is')
  .option('--json', 'print the baseline (Table 2 and the support team) as JSON')
  .action(
    (
      file: string,
      options: {
        name: string;
        support?: string;
        timeZone?: string;
        dayFirst?: boolean;
        description?: string;
        json?: boolean;
      },
    ) =>
      withDatabase(async ({ db }) => {
        const stored = await importChatExport(
          db,
          systemActor('cli'),
          {
            name: options.name,
            support: options.support ? options.support.split(',').map((name) => name.trim()) : [],
            dayFirst: options.dayFirst ?? false,
            ...(options.timeZone ? { timeZone: options.timeZone } : {}),
            ...(options.description ? { description: options.description } : {}),
          },
          readFileSync(file, 'utf8'),
        );
        printBaseline(stored, options.json ?? false);
      }),
  );

/** Table 2 as the paper prints it (type, count, average resolution, unanswered), or JSON. */
function printBaseline(stored: Awaited<ReturnType<typeof importChatExport>>, json: boolean): void {
  const support = (stored.options.support as string[] | undefined) ?? [];
  const inferred = stored.options.supportInferred === true;
  const table = stored.table.map((row) => ({
    type: row.type,
    label: row.label,
    count: row.count,
    averageResolution: row.averageResolutionSeconds === null ? null : formatHms(row.averageResolutionSeconds),
    averageResolutionSeconds: row.averageResolutionSeconds,
    unanswered: row.unanswered,
  }));
  if (json) {
    console.log(
      JSON.stringify(
        {
          name: stored.name,
          messageCount: stored.messageCount,
          periodFrom: stored.periodFrom,
          periodTo: stored.periodTo,
          supportTeam: support,
          supportInferred: inferred,
          table,
        },
        null,
        2,
      ),
    );
    return;
  }
  const period =
    stored.periodFrom && stored.periodTo
      ? ` from ${stored.periodFrom.toISOString()} to ${stored.periodTo.toISOString()}`
      : '';
  console.log(`baseline "${stored.name}": ${stored.messageCount} messages${period}`);
  console.log(
    inferred
      ? `support team (inferred from who answers requests; name it with --support if wrong): ${support.join(', ')}`
      : `support team: ${support.join(', ')}`,
  );
  console.log(
    `${'request type'.padEnd(28)}${'count'.padStart(6)}${'average'.padStart(11)}${'unanswered'.padStart(12)}`,
  );
  for (const row of table) {
    console.log(
      `${row.type.padEnd(28)}${String(row.count).padStart(6)}${(row.averageResolution ?? '-').padStart(11)}${String(row.unanswered).padStart(12)}`,
    );
  }
}

program
  .command('sla')
  .description('SLA clocks.')
  .command('rebuild')
  .description('Re-measure every ticket’s SLA clocks from its history (the read model the reports use).')
  .action(() =>
    withDatabase(async (context) => {
      const started = Date.now();
      const { tickets } = await rebuildAllClocks(context);
      console.log(`${tickets} tickets re-measured in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }),
  );

program
  .command('reports')
  .description('Reports.')
  .command('rebuild')
  .description(
    'Recount the report rollups (tickets created, escalated and status changes per quarter hour) from the tickets and their history.',
  )
  .action(() =>
    withDatabase(async (context) => {
      const started = Date.now();
      const { quarters, transitions } = await rebuildTicketRollups(context.db);
      console.log(
        `rollups rebuilt: ${quarters} created rows, ${transitions} transition rows in ${((Date.now() - started) / 1000).toFixed(1)} s`,
      );
    }),
  );

program
  .command('search')
  .description('Ticket search.')
  .command('rebuild')
  .description('Rewrite every ticket’s full-text document (title, fields, people, public comments).')
  .action(() =>
    withDatabase(async (context) => {
      const started = Date.now();
      const documents = await rebuildTicketSearch(context.db);
      console.log(`${documents} ticket documents written in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }),
  );

program
  .command('cmdb')
  .description('The CMDB.')
  .command('mirror-environments')
  .description('Make every inventory environment a staging_environment CI now (after an upgrade).')
  .action(() =>
    withDatabase(async (context) => {
      const count = await mirrorAllEnvironments(context);
      console.log(`${count} environments mirrored into the CMDB`);
    }),
  );

program.parseAsync(process.argv).catch((error: unknown) => {
  console.error(`opsdesk: ${(error as Error).message}`);
  process.exit(1);
});
