// Runs one `ansible-playbook` without a shell: the request's values reach the playbook only as an
// extra-vars file (strings tagged `!unsafe`, never templated), never as command-line text. Output lines stream to `log` as they come;
// on timeout or abort the whole process group (ansible's forks and the commands they run) is
// stopped.
import { spawn } from 'node:child_process';
import { access, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { PermanentProviderError } from '../../types.js';
import { unsafeExtraVarsYaml } from './extra-vars.js';
import { type HostRecap, PlaybookOutputReader, type TaskFailure } from './output.js';

export interface RunPlaybookInput {
  /** Path of the playbook file. */
  playbook: string;
  /** An inventory file, or a comma-separated host list; `localhost,` by default. */
  inventory?: string;
  /** Written to a private temporary file and passed as `--extra-vars @file`; `opsdesk.outputs_file` is added. */
  extraVars: Record<string, unknown>;
  /** `local` by default. */
  connection?: string;
  timeoutMs: number;
  log(line: string): void;
  signal?: AbortSignal;
  ansiblePlaybookPath?: string;
  /** How long SIGTERM gets before SIGKILL. */
  killGraceMs?: number;
}

export interface PlaybookResult {
  /** null when the process was killed. */
  exitCode: number | null;
  ok: boolean;
  ended: 'exited' | 'timeout' | 'aborted';
  /** The last non-blank lines. */
  lastLines: string[];
  recap?: Record<string, HostRecap>;
  failures: TaskFailure[];
  /** Contents of the file at `opsdesk.outputs_file`, if the playbook wrote one. */
  outputsFile?: string;
}

const keptLines = 20;

/** Only what ansible needs from the worker's environment: the worker's own secrets stay out. */
function playbookEnvironment(workDir: string, connection: string): NodeJS.ProcessEnv {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) =>
        ['PATH', 'HOME', 'USER', 'LANG', 'LC_ALL', 'TZ', 'SSH_AUTH_SOCK'].includes(name) ||
        name.startsWith('ANSIBLE_'),
    ),
  );
  return {
    ...inherited,
    ANSIBLE_FORCE_COLOR: '0',
    ANSIBLE_NOCOLOR: '1',
    PYTHONUNBUFFERED: '1',
    ANSIBLE_STDOUT_CALLBACK: 'default',
    ANSIBLE_RETRY_FILES_ENABLED: '0',
    ANSIBLE_LOCAL_TEMP: join(workDir, 'local'),
    // With a local connection the "remote" temp is on this machine too: keep it where it is cleaned up.
    ...(connection === 'local' ? { ANSIBLE_REMOTE_TEMP: join(workDir, 'remote') } : {}),
  };
}

function stopGroup(pid: number, graceMs: number): void {
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-pid, signal);
    } catch {
      // The group is already gone.
    }
  };
  signalGroup('SIGTERM');
  setTimeout(() => signalGroup('SIGKILL'), graceMs).unref();
}

export async function runPlaybook(input: RunPlaybookInput): Promise<PlaybookResult> {
  const binary = input.ansiblePlaybookPath ?? 'ansible-playbook';
  const connection = input.connection ?? 'local';
  try {
    await access(input.playbook);
  } catch {
    throw new PermanentProviderError(`The playbook ${input.playbook} does not exist on the Opsdesk server.`);
  }
  const workDir = await mkdtemp(join(tmpdir(), 'opsdesk-ansible-'));
  try {
    const varsFile = join(workDir, 'extra-vars.yml');
    const outputsFile = join(workDir, 'outputs.json');
    const extraVars = {
      ...input.extraVars,
      opsdesk: { ...asObject(input.extraVars.opsdesk), outputs_file: outputsFile },
    };
    await writeFile(varsFile, unsafeExtraVarsYaml(extraVars), { mode: 0o600 });
    const args = [
      '-i',
      input.inventory ?? 'localhost,',
      '-c',
      connection,
      '--extra-vars',
      `@${varsFile}`,
      input.playbook,
    ];
    const result = await spawnPlaybook(binary, args, playbookEnvironment(workDir, connection), input);
    const written = await readFile(outputsFile, 'utf8').catch(() => undefined);
    return written === undefined ? result : { ...result, outputsFile: written };
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

function asObject(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? Object.fromEntries(Object.entries(value))
    : {};
}

function spawnPlaybook(
  binary: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  input: RunPlaybookInput,
): Promise<PlaybookResult> {
  return new Promise((resolve, reject) => {
    if (input.signal?.aborted) {
      resolve({ exitCode: null, ok: false, ended: 'aborted', lastLines: [], failures: [] });
      return;
    }
    // detached: the playbook leads its own process group, so one signal reaches all it started.
    const child = spawn(binary, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env });
    const reader = new PlaybookOutputReader();
    const lastLines: string[] = [];
    let ended: PlaybookResult['ended'] = 'exited';

    const onLine = (line: string) => {
      if (line.trim() !== '') lastLines.push(line);
      if (lastLines.length > keptLines) lastLines.shift();
      reader.read(line);
      input.log(line);
    };
    createInterface({ input: child.stdout }).on('line', onLine);
    createInterface({ input: child.stderr }).on('line', onLine);

    const stop = (reason: 'timeout' | 'aborted') => {
      if (ended !== 'exited' || child.pid === undefined) return;
      ended = reason;
      stopGroup(child.pid, input.killGraceMs ?? 5_000);
    };
    const timer = setTimeout(() => stop('timeout'), input.timeoutMs);
    const onAbort = () => stop('aborted');
    input.signal?.addEventListener('abort', onAbort, { once: true });
    const cleanUp = () => {
      clearTimeout(timer);
      input.signal?.removeEventListener('abort', onAbort);
    };

    child.on('error', (error: NodeJS.ErrnoException) => {
      cleanUp();
      reject(
        error.code === 'ENOENT'
          ? new PermanentProviderError(
              `ansible-playbook is not installed on the Opsdesk server (looked for "${binary}"); install the ansible-core package.`,
              { cause: error, code: 'ansible_missing' },
            )
          : error,
      );
    });
    child.on('close', (exitCode) => {
      cleanUp();
      resolve({ exitCode, ok: ended === 'exited' && exitCode === 0, ended, lastLines, ...reader.result() });
    });
  });
}
