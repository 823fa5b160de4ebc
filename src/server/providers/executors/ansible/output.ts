// Reading ansible-playbook's default (plain text) output: the PLAY RECAP per host, and the
// messages of failed tasks, so that a failure is told in the playbook's own words.

export interface HostRecap {
  ok: number;
  changed: number;
  unreachable: number;
  failed: number;
  skipped: number;
  rescued: number;
  ignored: number;
}

export interface TaskFailure {
  host: string;
  /** The task's `msg` (e.g. from `ansible.builtin.fail`), or the raw text after `=>`. */
  message: string;
}

const recapCounters = ['ok', 'changed', 'unreachable', 'failed', 'skipped', 'rescued', 'ignored'] as const;
const recapLine = /^(\S+)\s+:\s+((?:[a-z]+=\d+\s*)+)$/;
const fatalLine = /^(?:fatal|failed): \[([^\]]+)\]: (?:FAILED|UNREACHABLE)! => (.*)$/;

/** Collects what matters while lines stream by; `result()` once the process has ended. */
export class PlaybookOutputReader {
  private inRecap = false;
  private readonly recap: Record<string, HostRecap> = {};
  private readonly failures: TaskFailure[] = [];

  read(line: string): void {
    if (line.startsWith('PLAY RECAP')) {
      this.inRecap = true;
      return;
    }
    const fatal = fatalLine.exec(line);
    if (fatal?.[1] && fatal[2] !== undefined) {
      this.failures.push({ host: fatal[1], message: failureMessage(fatal[2]) });
      return;
    }
    if (!this.inRecap) return;
    const match = recapLine.exec(line.trim());
    if (!match?.[1] || !match[2]) return;
    const counters = Object.fromEntries(
      match[2]
        .trim()
        .split(/\s+/)
        .map((pair) => pair.split('='))
        .map(([name, value]) => [name, Number(value)]),
    );
    const host: HostRecap = {
      ok: 0,
      changed: 0,
      unreachable: 0,
      failed: 0,
      skipped: 0,
      rescued: 0,
      ignored: 0,
    };
    for (const counter of recapCounters) host[counter] = counters[counter] ?? 0;
    this.recap[match[1]] = host;
  }

  result(): { recap?: Record<string, HostRecap>; failures: TaskFailure[] } {
    return Object.keys(this.recap).length > 0
      ? { recap: this.recap, failures: this.failures }
      : { failures: this.failures };
  }
}

function failureMessage(detail: string): string {
  try {
    const parsed: unknown = JSON.parse(detail);
    if (parsed && typeof parsed === 'object' && 'msg' in parsed && typeof parsed.msg === 'string')
      return parsed.msg;
  } catch {
    // Not one line of JSON (a multi-line result): keep the text.
  }
  return detail.trim();
}

/** "3 ok, 1 changed on localhost" style summary of a recap. */
export function describeRecap(recap: Record<string, HostRecap>): string {
  return Object.entries(recap)
    .map(([host, counts]) => {
      const parts = recapCounters
        .filter((counter) => counts[counter] > 0)
        .map((counter) => `${counts[counter]} ${counter}`);
      return `${host}: ${parts.length > 0 ? parts.join(', ') : 'nothing to do'}`;
    })
    .join('; ');
}
