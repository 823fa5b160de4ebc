// A change's risk, pure: the admins' questionnaire plus what the CMDB and history already know —
// how critical the services it reaches are, how many CIs depend on what it touches, changes on the
// same CIs that failed in the last 90 days, incidents open on them, the size of the window and its
// collisions. Every factor says how many points it adds and why; the level picks the approval path.
import type { approvalPaths, changeTypes, riskLevels } from '../../../shared/api/changes.js';

export type ChangeType = (typeof changeTypes)[number];
export type RiskLevel = (typeof riskLevels)[number];
export type ApprovalPath = (typeof approvalPaths)[number];

export interface RiskFactor {
  key: string;
  label: string;
  points: number;
  detail: string;
}

export interface RiskInputs {
  questions: readonly { id: string; text: string; weight: number }[];
  answers: Readonly<Record<string, boolean>>;
  /** The services the change reaches, with their criticality (1 most critical … 4). */
  services: readonly { name: string; criticality: number | null }[];
  /** CIs that depend (transitively) on the CIs the change touches. */
  dependents: number;
  failedChanges: readonly string[];
  openIncidents: readonly string[];
  windowMinutes: number;
  conflicts: number;
}

/** Points for the most critical service reached: criticality 1 → 25 … 4 → 3. */
const criticalityPoints: Record<number, number> = { 1: 25, 2: 15, 3: 8, 4: 3 };

export const riskThresholds = { moderate: 25, high: 50 } as const;

const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

export function assessRisk(inputs: RiskInputs): { score: number; level: RiskLevel; factors: RiskFactor[] } {
  const factors: RiskFactor[] = [];
  const yes = inputs.questions.filter((question) => inputs.answers[question.id] === true);
  factors.push({
    key: 'questionnaire',
    label: 'Risk questionnaire',
    points: yes.reduce((sum, question) => sum + question.weight, 0),
    detail:
      yes.length === 0
        ? 'no question answered yes'
        : yes.map((question) => `${question.text} yes (+${question.weight})`).join('; '),
  });
  const rated = inputs.services.filter((service) => service.criticality !== null);
  const worst = rated.reduce<{ name: string; criticality: number } | null>(
    (best, service) =>
      !best || service.criticality! < best.criticality
        ? { name: service.name, criticality: service.criticality! }
        : best,
    null,
  );
  factors.push({
    key: 'service_criticality',
    label: 'Criticality of affected services',
    points: worst ? (criticalityPoints[worst.criticality] ?? 0) : 0,
    detail: worst
      ? `${worst.name} has criticality ${worst.criticality} (of ${plural(inputs.services.length, 'service')} reached)`
      : inputs.services.length > 0
        ? `${plural(inputs.services.length, 'service')} reached, none rated`
        : 'reaches no service',
  });
  const dependents = inputs.dependents;
  factors.push({
    key: 'dependents',
    label: 'CIs depending on what changes',
    points: dependents === 0 ? 0 : dependents <= 2 ? 5 : dependents <= 9 ? 10 : 20,
    detail: `${plural(dependents, 'CI')} depend on the affected CIs (impact analysis)`,
  });
  factors.push({
    key: 'failed_changes',
    label: 'Failed changes on the same CIs (90 days)',
    points: Math.min(30, inputs.failedChanges.length * 15),
    detail: inputs.failedChanges.length === 0 ? 'none' : inputs.failedChanges.join(', '),
  });
  factors.push({
    key: 'open_incidents',
    label: 'Incidents open on the affected CIs',
    points: Math.min(20, inputs.openIncidents.length * 10),
    detail: inputs.openIncidents.length === 0 ? 'none' : inputs.openIncidents.join(', '),
  });
  const hours = inputs.windowMinutes / 60;
  factors.push({
    key: 'window',
    label: 'Size of the window',
    points: hours > 8 ? 10 : hours > 2 ? 5 : 0,
    detail: `${Math.round(hours * 10) / 10} h planned`,
  });
  factors.push({
    key: 'collisions',
    label: 'Collisions',
    points: Math.min(20, inputs.conflicts * 10),
    detail: inputs.conflicts === 0 ? 'no conflict' : plural(inputs.conflicts, 'conflict'),
  });
  const score = factors.reduce((sum, factor) => sum + factor.points, 0);
  const level: RiskLevel =
    score >= riskThresholds.high ? 'high' : score >= riskThresholds.moderate ? 'moderate' : 'low';
  return { score, level, factors };
}

/** Who authorizes: nobody for a standard change, the emergency CAB for an emergency, else by risk. */
export function approvalPathFor(type: ChangeType, level: RiskLevel): ApprovalPath {
  if (type === 'standard') return 'none';
  if (type === 'emergency') return 'emergency_cab';
  return level === 'high' ? 'cab' : level === 'moderate' ? 'change_manager' : 'peer';
}

export const approvalPathLabels: Record<ApprovalPath, string> = {
  none: 'Pre-authorized (standard change)',
  peer: 'Peer review: any one member of the change’s team',
  change_manager: 'A change manager',
  cab: 'The CAB: two of its members',
  emergency_cab: 'The emergency CAB: any one of its members',
};
