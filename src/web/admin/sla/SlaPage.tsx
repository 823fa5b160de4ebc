// /admin/sla?tab=policies|calendars — SLA policies (goals per request type and metric) and the
// working-time calendars they count in; ?edit=<key>|new opens the editor. Rebuild re-measures all.
import { Button, Stack, Tabs } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { api } from '../../lib/api';
import { AdminPageHeader, ConfirmModal, Saved } from '../kit';
import { CalendarsTab } from './CalendarsTab';
import { PoliciesTab } from './PoliciesTab';

export default function SlaPage() {
  const [params, setParams] = useSearchParams();
  const current = params.get('tab') === 'calendars' ? 'calendars' : 'policies';
  const setTab = (value: string | null) => setParams(value === 'calendars' ? { tab: 'calendars' } : {});
  const [confirming, setConfirming] = useState(false);
  const rebuild = useMutation({
    mutationFn: () => api('/api/v1/sla/rebuild', 'sla.rebuildQueuedOut', { method: 'POST', body: {} }),
    onSuccess: () => setConfirming(false),
  });

  return (
    <Stack>
      <AdminPageHeader
        title="SLA policies and calendars"
        description="Goals per request type, and the working time they are measured in."
        action={
          <Button variant="default" onClick={() => setConfirming(true)}>
            Rebuild SLA clocks
          </Button>
        }
      />
      {rebuild.isSuccess ? (
        <Saved>
          The rebuild is queued: every ticket is re-measured from its history in the background. Reports show
          the new figures when it finishes.
        </Saved>
      ) : null}
      <ConfirmModal
        opened={confirming}
        title="Rebuild every SLA clock?"
        confirmLabel="Rebuild"
        busy={rebuild.isPending}
        error={rebuild.error}
        onConfirm={() => rebuild.mutate()}
        onClose={() => setConfirming(false)}
      >
        Every ticket is re-measured from its history with the current policies and calendars. It runs in the
        background and can take a while on a large history; warnings and breaches are rescheduled.
      </ConfirmModal>
      <Tabs value={current} onChange={setTab} keepMounted={false} aria-label="SLA sections">
        <Tabs.List>
          <Tabs.Tab value="policies">Policies</Tabs.Tab>
          <Tabs.Tab value="calendars">Calendars</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="policies" pt="md">
          <PoliciesTab />
        </Tabs.Panel>
        <Tabs.Panel value="calendars" pt="md">
          <CalendarsTab />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
