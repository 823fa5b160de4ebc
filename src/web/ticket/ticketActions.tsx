// What the ticket page's actions share: a POST that answers with the updated ticket (the cache and
// every ticket view refresh), its error in words, and the look of the descriptions.
import { Alert } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ApiError } from '../lib/api';
import { type Ticket, ticketKey } from './types';

/** Mantine's input descriptions are gray 6 (below AA); gray 7 passes. */
export const descriptionStyles = { description: { color: 'var(--mantine-color-gray-7)' } };

function errorText(error: unknown): string {
  if (error instanceof ApiError) {
    const fields = Object.values(error.fieldErrors);
    return fields.length ? `${error.message} ${fields.join(' ')}` : error.message;
  }
  return error instanceof Error ? error.message : 'Something went wrong.';
}

/** POSTs that answer with the updated ticket; the cache is updated and every ticket view refreshed. */
export function useTicketAction<V>(key: string, request: (vars: V) => Promise<Ticket>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: request,
    onSuccess: (ticket) => {
      if (ticket && typeof ticket === 'object' && 'key' in ticket)
        client.setQueryData(ticketKey(key), ticket);
      void client.invalidateQueries({ queryKey: ['ticket', key] });
      void client.invalidateQueries({ queryKey: ['tickets'] });
      void client.invalidateQueries({ queryKey: ['approvals'] });
    },
  });
}

export function ActionError({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <Alert color="red" role="alert" title="That did not work">
      {errorText(error)}
    </Alert>
  );
}
