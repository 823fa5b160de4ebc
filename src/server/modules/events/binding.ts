// Pure: which value of an alert a binding rule looks up in the CMDB. Rules are tried in order;
// after them, the built-in lookup: the alert's `instance`, `host`, `ci` or `service` label
// (port stripped) as a CI's name or external id.

export interface BindingRule {
  id: string;
  label: string;
  pattern: string | null;
  target: 'ci' | 'service';
  classKey: string | null;
  by: 'name' | 'external_id';
  externalSource: string | null;
  stripPort: boolean;
  integrationId: string | null;
}

export const builtInLabels = ['instance', 'host', 'ci', 'service'] as const;

/** `db-01:9100` → `db-01`; `[::1]:9100` → `::1`; a bare IPv6 address stays whole. */
export function withoutPort(value: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(value);
  if (bracketed) return bracketed[1]!;
  if ((value.match(/:/g) ?? []).length > 1) return value;
  return value.replace(/:\d+$/, '');
}

/** The value the rule looks up for these labels, or null when the rule does not apply. */
export function ruleValue(rule: BindingRule, labels: Record<string, string>): string | null {
  const raw = labels[rule.label];
  if (raw === undefined || raw === '') return null;
  let value = raw;
  if (rule.pattern) {
    let match: RegExpExecArray | null;
    try {
      match = new RegExp(rule.pattern).exec(raw);
    } catch {
      return null;
    }
    if (!match) return null;
    value = match[1] ?? match[0];
  }
  if (rule.stripPort) value = withoutPort(value);
  return value.trim() || null;
}

/** Whether a pattern is a usable regular expression (checked when a rule is saved). */
export function patternProblem(pattern: string): string | null {
  try {
    new RegExp(pattern);
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}
