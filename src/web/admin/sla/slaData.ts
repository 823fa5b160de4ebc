// Queries the SLA admin pages share: policies, calendars, workflow statuses and request types.
import { useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api';
import { statusLabel } from '../../lib/format';
import type { ApiCalendar, ApiPolicy } from './slaForm';

export interface CalendarEntry {
  key: string;
  calendar: ApiCalendar;
  usedBy: string[];
  updatedAt: string;
}

export const slaKeys = {
  policies: ['admin', 'sla', 'policies'] as const,
  calendars: ['admin', 'sla', 'calendars'] as const,
};

export const usePolicies = () =>
  useQuery({ queryKey: slaKeys.policies, queryFn: () => api<ApiPolicy[]>('/api/v1/sla/policies') });

export const useCalendars = () =>
  useQuery({ queryKey: slaKeys.calendars, queryFn: () => api<CalendarEntry[]>('/api/v1/sla/calendars') });

interface Workflow {
  key: string;
  statuses: { key: string; name: string }[];
}

/** Every status of every workflow, once, in workflow order. */
export function useStatuses() {
  return useQuery({
    queryKey: ['admin', 'workflows'],
    queryFn: () => api<Workflow[]>('/api/v1/workflows'),
    staleTime: 60_000,
    select: (workflows) => {
      const seen = new Map<string, string>();
      for (const workflow of workflows)
        for (const status of workflow.statuses) if (!seen.has(status.key)) seen.set(status.key, status.name);
      return [...seen].map(([key, name]) => ({ key, name: name || statusLabel(key) }));
    },
  });
}

interface Category {
  key: string;
  name: string;
  requestTypes: { key: string; name: string }[];
}

export function useRequestTypes() {
  return useQuery({
    queryKey: ['admin', 'catalog'],
    queryFn: () => api<Category[]>('/api/v1/catalog'),
    staleTime: 60_000,
    select: (categories) =>
      categories.flatMap((category) =>
        category.requestTypes.map((type) => ({ key: type.key, name: type.name, category: category.name })),
      ),
  });
}
