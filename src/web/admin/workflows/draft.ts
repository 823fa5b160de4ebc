// The workflow editor's pure side: keys from labels, a blank status or transition, the draft made
// drawable for the live preview (unknown statuses dropped), and the problems worth showing before
// saving. The server validates again (src/shared/api/workflow.ts) and names the field.
import type { Workflow, WorkflowStatus, WorkflowTransition } from './layout';

/** "Waiting for parts" → "waiting_for_parts" (status and transition keys). */
export function keyFromLabel(label: string, separator: '_' | '-' = '_'): string {
  const words = label
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter(Boolean);
  const key = words.join(separator).replace(/^[^a-z]+/, '');
  return key.slice(0, 63);
}

/** A key not yet in `taken` ("on_hold", "on_hold_2", …). */
export function uniqueKey(base: string, taken: Iterable<string>, separator: '_' | '-' = '_'): string {
  const used = new Set(taken);
  const start = base || 'status';
  if (!used.has(start)) return start;
  for (let n = 2; ; n++) if (!used.has(`${start}${separator}${n}`)) return `${start}${separator}${n}`;
}

export const blankStatus = (taken: string[]): WorkflowStatus => ({
  key: uniqueKey('new_status', taken),
  name: 'New status',
  category: 'in_progress',
  resolves: false,
  onEnter: [],
});

export const blankTransition = (workflow: Workflow): WorkflowTransition => ({
  name: uniqueKey(
    'new_transition',
    workflow.transitions.map((t) => t.name),
  ),
  label: 'New transition',
  from: [workflow.statuses[0]?.key ?? workflow.initial],
  to: workflow.statuses[workflow.statuses.length - 1]?.key ?? workflow.initial,
  actors: ['agent'],
  guards: [],
  requiresComment: false,
});

/** A built-in (or any) workflow as the start of a new one, under a free key. */
export function copyOf(workflow: Workflow, takenKeys: string[]): Workflow {
  const { builtIn: _builtIn, ...definition } = workflow;
  return {
    ...structuredClone(definition),
    key: uniqueKey(`${workflow.key}-copy`, takenKeys, '-'),
    name: `${workflow.name} (copy)`,
  };
}

/** The draft as the diagram can draw it while it is being edited: no unknown or duplicate keys. */
export function drawable(workflow: Workflow): Workflow {
  const seen = new Set<string>();
  const statuses = workflow.statuses.filter((status) => {
    if (!status.key || seen.has(status.key)) return false;
    seen.add(status.key);
    return true;
  });
  const transitions = workflow.transitions
    .map((transition) => ({ ...transition, from: transition.from.filter((key) => seen.has(key)) }))
    .filter((transition) => transition.from.length > 0 && seen.has(transition.to));
  const initial = seen.has(workflow.initial) ? workflow.initial : (statuses[0]?.key ?? workflow.initial);
  return { ...workflow, statuses, transitions, initial };
}

/** Problems the editor shows at once, keyed like the server's field paths. */
export function draftProblems(workflow: Workflow): Record<string, string> {
  const problems: Record<string, string> = {};
  const keys = workflow.statuses.map((status) => status.key);
  const known = new Set(keys);
  workflow.statuses.forEach((status, index) => {
    if (keys.indexOf(status.key) !== index) problems[`statuses.${index}.key`] = 'another status has this key';
  });
  if (!known.has(workflow.initial)) problems.initial = 'choose one of the statuses';
  const reachable = new Set([workflow.initial]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const transition of workflow.transitions) {
      if (!reachable.has(transition.to) && transition.from.some((from) => reachable.has(from))) {
        reachable.add(transition.to);
        grew = true;
      }
    }
  }
  workflow.statuses.forEach((status, index) => {
    if (known.has(workflow.initial) && !reachable.has(status.key))
      problems[`statuses.${index}.key`] ??= 'no transition leads here from the initial status';
  });
  workflow.transitions.forEach((transition, index) => {
    if (!known.has(transition.to)) problems[`transitions.${index}.to`] = 'choose one of the statuses';
    if (transition.from.length === 0) problems[`transitions.${index}.from`] = 'choose at least one status';
    if (transition.actors.length === 0) problems[`transitions.${index}.actors`] = 'choose who may fire it';
  });
  return problems;
}
