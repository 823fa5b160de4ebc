// Who is signed in: GET /api/v1/me, cached by TanStack Query. A 401 anywhere sends to /login.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { Wire } from '../../shared/api/common';
import type { meOut, Role } from '../../shared/api/identity';
import { api } from './api';

export type { Role };
export type Me = Wire<typeof meOut>;

export const meKey = ['me'] as const;

export function useMe() {
  return useQuery({
    queryKey: meKey,
    queryFn: () => api('/api/v1/me', 'identity.meOut'),
    staleTime: 60_000,
    retry: false,
  });
}

export const isAgent = (me: Me | undefined) => me?.role === 'agent' || me?.role === 'admin';
export const isAdmin = (me: Me | undefined) => me?.role === 'admin';

export function useSignOut() {
  const client = useQueryClient();
  return async () => {
    await api('/api/v1/auth/logout', 'common.noContent', { method: 'POST', body: {} }).catch(() => undefined);
    client.clear();
    window.location.assign('/login');
  };
}
