// Pure: which action rule an alert meets (the first, in order), the built-in default when none,
// and an incident's impact and urgency from the alert's severity and its service's criticality.
import type { Level } from '../incidents/index.js';
import type { Severity } from './events.schema.js';

export interface ActionRule {
  id: string | null;
  name: string;
  severities: string[];
  labels: Record<string, string>;
  integrationId: string | null;
  action: 'open_incident' | 'record';
  windowMinutes: number;
  onAllResolved: 'resolve' | 'mark' | 'nothing';
}

/** With no rule of the admins': critical, major and minor alerts open incidents; warnings and info are recorded. */
export const defaultRules: readonly ActionRule[] = [
  {
    id: null,
    name: 'Built-in: critical, major and minor alerts open incidents',
    severities: ['critical', 'major', 'minor'],
    labels: {},
    integrationId: null,
    action: 'open_incident',
    windowMinutes: 30,
    onAllResolved: 'resolve',
  },
];

export interface Matchable {
  severity: Severity;
  labels: Record<string, string>;
  integrationId: string;
}

export function ruleFor(rules: readonly ActionRule[], alert: Matchable): ActionRule | null {
  const all = [...rules, ...defaultRules];
  return (
    all.find(
      (rule) =>
        (rule.severities.length === 0 || rule.severities.includes(alert.severity)) &&
        (!rule.integrationId || rule.integrationId === alert.integrationId) &&
        Object.entries(rule.labels).every(([label, value]) => alert.labels[label] === value),
    ) ?? null
  );
}

/** Urgency from the alert's severity. */
export function urgencyOf(severity: Severity): Level {
  return severity === 'critical' || severity === 'major' ? 'high' : severity === 'minor' ? 'medium' : 'low';
}

/** Impact from the service's criticality (1 most critical … 4); unknown: medium. */
export function impactOf(criticality: unknown): Level {
  if (typeof criticality !== 'number') return 'medium';
  return criticality <= 1 ? 'high' : criticality === 2 ? 'medium' : 'low';
}
