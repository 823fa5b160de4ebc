// The people pages' data: every user (managers, members to add) and the teams.
import { useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api';

export const useAllUsers = () =>
  useQuery({
    queryKey: ['admin', 'users', 'all'],
    queryFn: () => api('/api/v1/users', 'identity.userListOut'),
  });

export const teamsKey = ['admin', 'teams'] as const;
export const useTeams = () =>
  useQuery({ queryKey: teamsKey, queryFn: () => api('/api/v1/teams', 'identity.teamListOut') });
