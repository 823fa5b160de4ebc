// The extra vars a playbook receives. Two traps are closed here:
// - Ansible templates strings in extra vars when they are used, so a requester typing
//   `{{ lookup('pipe', 'id') }}` into a form field would run a command on the worker. Every
//   string is therefore tagged `!unsafe` (Ansible then never templates it).
// - A top-level variable named like a playbook keyword (`environment`, `name`, `tags` …) is
//   shadowed by the keyword; such fields stay reachable under `opsdesk.fields` only.
import type { ExecutorInput } from '../types.js';

/** ansible.vars.reserved.get_reserved_names() of ansible-core 2.14. */
const reservedNames = new Set([
  'action',
  'always',
  'any_errors_fatal',
  'args',
  'async',
  'async_val',
  'become',
  'become_exe',
  'become_flags',
  'become_method',
  'become_user',
  'block',
  'changed_when',
  'check_mode',
  'collections',
  'connection',
  'debugger',
  'delay',
  'delegate_facts',
  'delegate_to',
  'diff',
  'environment',
  'fact_path',
  'failed_when',
  'force_handlers',
  'gather_facts',
  'gather_subset',
  'gather_timeout',
  'handlers',
  'hosts',
  'ignore_errors',
  'ignore_unreachable',
  'local_action',
  'loop',
  'loop_control',
  'loop_with',
  'max_fail_percentage',
  'module_defaults',
  'name',
  'no_log',
  'notify',
  'order',
  'poll',
  'port',
  'post_tasks',
  'pre_tasks',
  'register',
  'remote_user',
  'rescue',
  'retries',
  'roles',
  'run_once',
  'serial',
  'strategy',
  'tags',
  'tasks',
  'throttle',
  'timeout',
  'until',
  'vars',
  'vars_files',
  'vars_prompt',
  'when',
  'with_',
]);

/** Names that would change how Ansible connects or runs, or that Opsdesk itself uses. */
function usableAtTopLevel(name: string): boolean {
  return (
    /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) &&
    !reservedNames.has(name) &&
    !name.startsWith('ansible_') &&
    name !== 'opsdesk'
  );
}

export interface PlaybookVariables {
  vars: Record<string, unknown>;
  /** Field and parameter names only under `opsdesk.fields` / `opsdesk.params`. */
  notAtTopLevel: string[];
}

/**
 * The form's fields and the mapped parameters (which win on a clash) as top-level variables,
 * and all of them with the ticket and run under `opsdesk`.
 */
export function playbookVariables(
  input: ExecutorInput,
  run: { runId: string; attempt: number },
): PlaybookVariables {
  const merged = { ...input.fields, ...input.params };
  const topLevel = Object.entries(merged).filter(([name]) => usableAtTopLevel(name));
  return {
    vars: {
      ...Object.fromEntries(topLevel),
      opsdesk: {
        run_id: run.runId,
        attempt: run.attempt,
        ticket: {
          key: input.ticket.key,
          request_type: input.ticket.requestType,
          requester: {
            email: input.ticket.requester.email,
            display_name: input.ticket.requester.displayName,
          },
        },
        fields: input.fields,
        params: input.params,
      },
    },
    notAtTopLevel: Object.keys(merged).filter((name) => !usableAtTopLevel(name)),
  };
}

/**
 * The value as a YAML flow document (JSON's syntax, which YAML reads) in which every string is
 * `!unsafe`. Values go through JSON first, so dates become strings and undefined disappears.
 */
export function unsafeExtraVarsYaml(value: Record<string, unknown>): string {
  return write(JSON.parse(JSON.stringify(value)) as unknown);
}

function write(value: unknown): string {
  if (typeof value === 'string') return `!unsafe ${JSON.stringify(value)}`;
  if (Array.isArray(value)) return `[${value.map(write).join(', ')}]`;
  if (value !== null && typeof value === 'object')
    return `{${Object.entries(value)
      .map(([key, inner]) => `${JSON.stringify(key)}: ${write(inner)}`)
      .join(', ')}}`;
  return JSON.stringify(value);
}
