// Data of the catalog admin pages. The catalog shares the portal's query key, so a save here
// refreshes the portal too.
import { type QueryClient, useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api';

export const catalogKey = ['catalog'] as const;
/** Under catalogKey, so refreshing the catalog refreshes this one too. */
export const adminCatalogKey = ['catalog', 'include-inactive'] as const;
export const requestTypeKey = (key: string) => ['admin-request-type', key] as const;
export const workflowsKey = ['workflows'] as const;

export const useCatalog = () =>
  useQuery({
    queryKey: catalogKey,
    queryFn: () => api('/api/v1/catalog', 'catalog.catalogOut'),
    staleTime: 30_000,
  });

/** Every request type, inactive ones too, each with `active` and `workflow` (admins only). */
export const useAdminCatalog = () =>
  useQuery({
    queryKey: adminCatalogKey,
    queryFn: () => api('/api/v1/catalog', 'catalog.adminCatalogOut', { query: { includeInactive: 'true' } }),
    staleTime: 30_000,
  });

export const requestTypeQuery = (key: string) => ({
  queryKey: requestTypeKey(key),
  // Admins get the whole request type (others only its public part).
  queryFn: () => api(`/api/v1/catalog/request-types/${encodeURIComponent(key)}`, 'catalog.requestTypeAdmin'),
  staleTime: 30_000,
});

export const useRequestType = (key: string) => useQuery(requestTypeQuery(key));

export const useWorkflows = () =>
  useQuery({
    queryKey: workflowsKey,
    queryFn: () => api('/api/v1/workflows', 'workflow.workflowListOut'),
    staleTime: 60_000,
  });

export const useTeams = () =>
  useQuery({
    queryKey: ['teams'],
    queryFn: () => api('/api/v1/teams', 'identity.teamListOut'),
    staleTime: 60_000,
  });

export const useConnections = () =>
  useQuery({
    queryKey: ['connections'],
    queryFn: () => api('/api/v1/connections', 'inventory.connectionListOut'),
    staleTime: 60_000,
  });

export const useEnvironments = (enabled: boolean) =>
  useQuery({
    queryKey: ['environments'],
    queryFn: () => api('/api/v1/environments', 'inventory.environmentListOut'),
    staleTime: 30_000,
    enabled,
  });

export function refreshCatalog(client: QueryClient, key?: string) {
  void client.invalidateQueries({ queryKey: catalogKey });
  if (key) void client.invalidateQueries({ queryKey: requestTypeKey(key) });
}
