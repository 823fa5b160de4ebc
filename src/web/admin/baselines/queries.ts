// The baseline pages' data: stored baselines, one baseline's recognised requests, and reviews.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api';

export const baselinesKey = ['admin', 'baselines'] as const;

export const useBaselines = () =>
  useQuery({ queryKey: baselinesKey, queryFn: () => api('/api/v1/baselines', 'baseline.baselineListOut') });

export const useBaseline = (name: string) =>
  useQuery({
    queryKey: [...baselinesKey, name],
    queryFn: () => api(`/api/v1/baselines/${encodeURIComponent(name)}`, 'baseline.baselineOut'),
  });

export const useRecognisedRequests = (name: string) =>
  useQuery({
    queryKey: [...baselinesKey, name, 'requests'],
    queryFn: () =>
      api(`/api/v1/baselines/${encodeURIComponent(name)}/requests`, 'baseline.recognisedRequestListOut', {
        query: { limit: 1000 },
      }),
  });

/** Sets a request's type (null: not a request); Table 2 and the list are fetched again. */
export function useReview(name: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, type }: { id: string; type: string | null }) =>
      api(`/api/v1/baselines/${encodeURIComponent(name)}/requests/${id}`, 'baseline.reviewOut', {
        method: 'PATCH',
        body: { type },
      }),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: [...baselinesKey, name] });
      await client.invalidateQueries({ queryKey: baselinesKey, exact: true });
    },
  });
}
