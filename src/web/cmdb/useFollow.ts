// Following a service or not (POST /me/subscriptions, DELETE /me/subscriptions/{service}).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../lib/api';
import { cmdbKey } from './queries';

export function useFollow() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, follow }: { id: string; follow: boolean }) => {
      if (follow)
        await api('/api/v1/me/subscriptions', 'cmdb.serviceListOut', {
          method: 'POST',
          body: { service: id },
        });
      else await api(`/api/v1/me/subscriptions/${id}`, 'common.noContent', { method: 'DELETE' });
    },
    onSuccess: () => client.invalidateQueries({ queryKey: cmdbKey }),
  });
}
