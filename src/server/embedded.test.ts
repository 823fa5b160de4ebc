// `opsdesk start` on its embedded PostgreSQL, as real processes: it survives kill -9 (of itself,
// or of itself and its PostgreSQL together) with its data, SIGTERM stops both, and its files and
// processes are private to the right users: as root the server runs as `postgres`, and an
// unprivileged user can run Opsdesk too.
import { execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoUsers } from './modules/demo/index.js';
import { callApi, login } from './testing/fixtures/api.js';
import {
  clusterProcesses,
  freePort,
  isAlive,
  type OpsdeskProcess,
  repoRoot,
  spawnOpsdesk,
  stopCluster,
  waitForReady,
} from './testing/fixtures/processes.js';

const isRoot = process.getuid?.() === 0;
const notRoot = 'needs root (the server switches to the postgres user, and runuser needs root)';
const password = 'demo-password-1';
const kept = { email: 'kept@example.com', displayName: 'Kept Across Crashes', password: 'kept-password-1' };

const dataDir = mkdtempSync(join(tmpdir(), 'opsdesk-embedded-'));
const clusterDir = join(dataDir, 'postgres');
let url = '';
let port = 0;
let running: OpsdeskProcess | undefined;

async function startOpsdesk(): Promise<void> {
  running = spawnOpsdesk(['start'], {
    env: {
      OPSDESK_DATA_DIR: dataDir,
      OPSDESK_PORT: String(port),
      OPSDESK_DEMO_PASSWORD: password,
      OPSDESK_LOG_LEVEL: 'warn',
    },
  });
  await waitForReady(url, { process: running, timeoutMs: 90_000 });
}

async function killNine(pids: number[]): Promise<void> {
  for (const pid of pids) process.kill(pid, 'SIGKILL');
  while (pids.some(isAlive)) await new Promise((resolve) => setTimeout(resolve, 20));
}

beforeAll(async () => {
  port = await freePort();
  url = `http://127.0.0.1:${port}`;
  await startOpsdesk();
});

afterAll(async () => {
  await running?.stop(10_000);
  await stopCluster(clusterDir);
  rmSync(dataDir, { recursive: true, force: true });
});

describe('opsdesk start with its embedded PostgreSQL', () => {
  it('keeps the database password and the secret key in files only its user can read (0600)', () => {
    expect(statSync(join(dataDir, 'postgres.credentials.json')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dataDir, 'secret.key')).mode & 0o777).toBe(0o600);
  });

  it('as root, runs PostgreSQL as the postgres user, who owns the cluster', (context) => {
    if (!isRoot) context.skip(notRoot);
    const postgresUid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    expect(postgresUid).not.toBe(0);
    const processes = clusterProcesses(clusterDir);
    expect(processes.length).toBeGreaterThan(1);
    expect(new Set(processes.map((info) => info.uid))).toEqual(new Set([postgresUid]));
    expect(statSync(clusterDir).uid).toBe(postgresUid);
  });

  it('comes back after kill -9 with its data, and the demo organisation still once', async () => {
    const admin = await login(url, 'admin@opsdesk.local', password);
    const created = await callApi(url, 'POST', '/api/v1/users', {
      token: admin,
      body: { ...kept, role: 'requester' },
    });
    expect(created.status).toBe(201);

    await killNine([running!.pid]);
    // PostgreSQL is detached from Opsdesk: it keeps running, and the next start adopts it.
    expect(clusterProcesses(clusterDir).length).toBeGreaterThan(0);
    await startOpsdesk();

    await login(url, kept.email, kept.password);
    const users = await callApi<{ email: string }[]>(url, 'GET', '/api/v1/users', {
      token: await login(url, 'admin@opsdesk.local', password),
    });
    expect(users.status).toBe(200);
    expect(users.body.map((user) => user.email).sort()).toEqual(
      [...demoUsers.map((user) => user.email), kept.email].sort(),
    );
  }, 60_000);

  it('comes back after a power cut, its stale postmaster.pid naming a live process', async () => {
    await killNine([running!.pid, ...clusterProcesses(clusterDir).map((info) => info.pid)]);
    // After a reboot the pid in the lock file may belong to another process of the server's
    // user, which PostgreSQL takes for a server still running (it ignores other users').
    const { uid, gid } = statSync(clusterDir);
    const bystander = spawn('sleep', ['120'], { uid, gid, stdio: 'ignore' });
    try {
      const pidFile = join(clusterDir, 'postmaster.pid');
      const [, ...rest] = readFileSync(pidFile, 'utf8').split('\n');
      writeFileSync(pidFile, [String(bystander.pid), ...rest].join('\n'));
      await startOpsdesk();
      await login(url, kept.email, kept.password);
    } finally {
      bystander.kill('SIGKILL');
    }
  }, 60_000);

  it('SIGTERM stops Opsdesk and then its PostgreSQL', async () => {
    const postgres = clusterProcesses(clusterDir).map((info) => info.pid);
    expect(postgres.length).toBeGreaterThan(1);
    const exit = await running!.stop(30_000);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(postgres.filter(isAlive)).toEqual([]);
    expect(clusterProcesses(clusterDir)).toEqual([]);
    expect(existsSync(join(clusterDir, 'postmaster.pid'))).toBe(false);
  }, 60_000);
});

describe('an unprivileged user', () => {
  const user = 'opsdesk-test';
  let createdUser = false;
  const userDataDir = mkdtempSync(join(tmpdir(), 'opsdesk-unprivileged-'));

  afterAll(async () => {
    await stopCluster(join(userDataDir, 'postgres'));
    rmSync(userDataDir, { recursive: true, force: true });
    if (createdUser) execFileSync('userdel', [user]);
  });

  it('runs `opsdesk migrate` with its own embedded PostgreSQL', async (context) => {
    if (!isRoot) context.skip(notRoot);
    try {
      execFileSync('id', ['-u', user], { stdio: 'ignore' });
    } catch {
      execFileSync('useradd', [
        '--system',
        '--user-group',
        '--no-create-home',
        '--shell',
        '/bin/false',
        user,
      ]);
      createdUser = true;
    }
    const uid = Number(execFileSync('id', ['-u', user], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', user], { encoding: 'utf8' }).trim());
    try {
      execFileSync('runuser', ['-u', user, '--', 'test', '-r', join(repoRoot, 'package.json')]);
    } catch {
      context.skip(`${user} cannot read the repository at ${repoRoot}`);
    }
    chownSync(userDataDir, uid, gid);

    const migrate = spawnOpsdesk(['migrate'], {
      user,
      env: { OPSDESK_DATA_DIR: userDataDir, OPSDESK_LOG_LEVEL: 'warn', HOME: userDataDir },
    });
    const exit = await migrate.exited;
    expect(exit, migrate.output()).toEqual({ code: 0, signal: null });
    expect(migrate.output()).toContain('migrations applied');
    expect(statSync(join(userDataDir, 'postgres')).uid).toBe(uid);
    expect(clusterProcesses(join(userDataDir, 'postgres'))).toEqual([]);
  }, 60_000);
});
