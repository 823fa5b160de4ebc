// The CMDB pages' queries and their keys.
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api } from '../lib/api';

export const cmdbKey = ['cmdb'] as const;

export function useCiClasses() {
  return useQuery({
    queryKey: [...cmdbKey, 'classes'],
    queryFn: () => api('/api/v1/ci-classes', 'cmdb.ciClassListOut'),
    staleTime: 60_000,
  });
}

export function useCiSearch(filter: { class: string; q: string; status: string }) {
  return useInfiniteQuery({
    queryKey: [...cmdbKey, 'cis', filter],
    queryFn: ({ pageParam, signal }) =>
      api('/api/v1/cis', 'cmdb.ciListOut', {
        query: { ...filter, limit: 50, cursor: pageParam },
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useCi(id: string) {
  return useQuery({
    queryKey: [...cmdbKey, 'ci', id],
    queryFn: () => api(`/api/v1/cis/${encodeURIComponent(id)}`, 'cmdb.ciDetailOut'),
  });
}

export function useImpact(id: string, direction: 'down' | 'up') {
  return useQuery({
    queryKey: [...cmdbKey, 'ci', id, 'impact', direction],
    queryFn: () =>
      api(`/api/v1/cis/${encodeURIComponent(id)}/impact`, 'cmdb.impactOut', { query: { direction } }),
  });
}

export function useCiHistory(id: string) {
  return useQuery({
    queryKey: [...cmdbKey, 'ci', id, 'history'],
    queryFn: () => api(`/api/v1/cis/${encodeURIComponent(id)}/history`, 'cmdb.historyOut'),
  });
}

export function useServices() {
  return useQuery({
    queryKey: [...cmdbKey, 'services'],
    queryFn: () => api('/api/v1/services', 'cmdb.serviceSummaryListOut'),
  });
}

export function useMyServices() {
  return useQuery({
    queryKey: [...cmdbKey, 'my-services'],
    queryFn: () => api('/api/v1/me/services', 'cmdb.serviceListOut'),
  });
}
