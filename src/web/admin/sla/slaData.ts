// Queries the SLA admin pages share: policies, calendars, workflow statuses and request types.
import { useQuery } from '@tanstack/react-query';
import type { Wire } from '../../../shared/api/common';
import type { calendarOut } from '../../../shared/api/sla';
import { api } from '../../lib/api';
import { statusLabel } from '../../lib/format';

export type CalendarEntry = Wire<typeof calendarOut>;

export const slaKeys = {
  policies: ['admin', 'sla', 'policies'] as const,
  calendars: ['admin', 'sla', 'calendars'] as const,
};

export const usePolicies = () =>
  useQuery({ queryKey: slaKeys.policies, queryFn: () => api('/api/v1/sla/policies', 'sla.policyListOut') });

export const useCalendars = () =>
  useQuery({
    queryKey: slaKeys.calendars,
    queryFn: () => api('/api/v1/sla/calendars', 'sla.calendarListOut'),
  });

/** Every status of every workflow, once, in workflow order. */
export function useStatuses() {
  return useQuery({
    queryKey: ['admin', 'workflows'],
    queryFn: () => api('/api/v1/workflows', 'workflow.workflowListOut'),
    staleTime: 60_000,
    select: (workflows) => {
      const seen = new Map<string, string>();
      for (const workflow of workflows)
        for (const status of workflow.statuses) if (!seen.has(status.key)) seen.set(status.key, status.name);
      return [...seen].map(([key, name]) => ({ key, name: name || statusLabel(key) }));
    },
  });
}

export function useRequestTypes() {
  return useQuery({
    queryKey: ['admin', 'catalog'],
    queryFn: () => api('/api/v1/catalog', 'catalog.catalogOut'),
    staleTime: 60_000,
    select: (categories) =>
      categories.flatMap((category) =>
        category.requestTypes.map((type) => ({ key: type.key, name: type.name, category: category.name })),
      ),
  });
}
