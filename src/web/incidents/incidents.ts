// What the incident pages share: priorities in order with their colours, the levels of impact and
// urgency in words, and the service status words.
export const priorityOrder = ['critical', 'high', 'moderate', 'low', 'planning'] as const;

/** Mantine colours with AA contrast in the light badge variant. */
export const priorityColors: Record<string, string> = {
  critical: 'red',
  high: 'orange',
  moderate: 'yellow',
  low: 'blue',
  planning: 'gray',
};

export const levels = ['high', 'medium', 'low'] as const;
export type Level = (typeof levels)[number];

export const impactWords: Record<Level, string> = {
  high: 'High: many people or a whole service',
  medium: 'Medium: a team or a part of a service',
  low: 'Low: one person or a small part',
};
export const urgencyWords: Record<Level, string> = {
  high: 'High: work has stopped',
  medium: 'Medium: work is slowed down',
  low: 'Low: it can wait',
};

export const serviceStatusWords: Record<string, string> = {
  operational: 'Operational',
  degraded_performance: 'Degraded performance',
  partial_outage: 'Partial outage',
  major_outage: 'Major outage',
  under_maintenance: 'Under maintenance',
};
export const serviceStatusColors: Record<string, string> = {
  operational: 'green',
  degraded_performance: 'yellow',
  partial_outage: 'orange',
  major_outage: 'red',
  under_maintenance: 'blue',
};

export const openIncidentStatuses = ['new', 'in_progress', 'on_hold'];

/** Counts of open incidents per priority, in priority order. */
export function countByPriority(items: readonly { priority: string }[]): [string, number][] {
  return priorityOrder.map((priority) => [
    priority,
    items.filter((item) => item.priority === priority).length,
  ]);
}
