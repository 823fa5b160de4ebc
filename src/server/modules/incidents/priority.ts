// Impact × urgency → priority (pure), and what an open incident's priority says about the status of
// the services it reaches. The matrix is data admins edit; this is the default (ServiceNow's).
import type { ServiceStatus } from '../cmdb/index.js';
import type { Priority } from '../tickets/index.js';

export const levels = ['high', 'medium', 'low'] as const;
export type Level = (typeof levels)[number];

export type PriorityMatrix = Readonly<Record<Level, Readonly<Record<Level, Priority>>>>;

/** Rows: impact; columns: urgency. */
export const defaultMatrix: PriorityMatrix = {
  high: { high: 'critical', medium: 'high', low: 'moderate' },
  medium: { high: 'high', medium: 'moderate', low: 'low' },
  low: { high: 'moderate', medium: 'low', low: 'planning' },
};

export function priorityOf(matrix: PriorityMatrix, impact: Level, urgency: Level): Priority {
  return matrix[impact][urgency];
}

/** The status a service shows while an open incident of this priority reaches it. */
export const statusByPriority: Readonly<Record<Priority, ServiceStatus>> = {
  critical: 'major_outage',
  high: 'partial_outage',
  moderate: 'degraded_performance',
  low: 'degraded_performance',
  planning: 'operational',
};

const severity: Readonly<Record<ServiceStatus, number>> = {
  operational: 0,
  under_maintenance: 1,
  degraded_performance: 2,
  partial_outage: 3,
  major_outage: 4,
};

/** The worst of several statuses (several incidents may reach one service). */
export function worstStatus(statuses: readonly ServiceStatus[]): ServiceStatus {
  return statuses.reduce<ServiceStatus>(
    (worst, status) => (severity[status] > severity[worst] ? status : worst),
    'operational',
  );
}
