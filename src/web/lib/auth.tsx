// Who is signed in: GET /api/v1/me, cached by TanStack Query. A 401 anywhere sends to /login.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './api';

export type Role = 'requester' | 'agent' | 'admin';

export interface Me {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  permissions?: string[];
  teams?: { key: string; name: string }[];
  [key: string]: unknown;
}

export const meKey = ['me'] as const;

export function useMe() {
  return useQuery({
    queryKey: meKey,
    queryFn: () => api<Me>('/api/v1/me'),
    staleTime: 60_000,
    retry: false,
  });
}

export const isAgent = (me: Me | undefined) => me?.role === 'agent' || me?.role === 'admin';
export const isAdmin = (me: Me | undefined) => me?.role === 'admin';

export function useSignOut() {
  const client = useQueryClient();
  return async () => {
    await api('/api/v1/auth/logout', { method: 'POST', body: {} }).catch(() => undefined);
    client.clear();
    window.location.assign('/login');
  };
}
