// The queue's filters (status, team, request type, requester, words, SLA), kept in the URL, and
// saving them as a queue of one's own.
import { Button, Group, Paper, Popover, Select, Stack, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import type { Wire } from '../../shared/api/common';
import type { teamListOut } from '../../shared/api/identity';
import { ApiError, api } from '../lib/api';
import { statuses, statusLabel } from '../lib/format';
import {
  defaultFilters,
  type QueueFilters,
  type SlaFilter,
  sameFilters,
  savedSearchesKey,
  savedSearchQuery,
} from './filters';

export function FilterBar({
  filters,
  teams,
  requestTypes,
  searchRef,
  onChange,
  canSave,
}: {
  filters: QueueFilters;
  teams: Wire<typeof teamListOut>;
  requestTypes: { value: string; label: string }[];
  searchRef: React.RefObject<HTMLInputElement | null>;
  onChange: (next: Partial<QueueFilters>, replace?: boolean) => void;
  canSave: boolean;
}) {
  const [text, setText] = useState(filters.q);
  const [debounced] = useDebouncedValue(text, 300);
  // Follow the URL when it changes from elsewhere (a queue link, back/forward).
  useEffect(() => setText(filters.q), [filters.q]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: only the typed words drive this
  useEffect(() => {
    if (debounced.trim() !== filters.q.trim()) onChange({ q: debounced }, true);
  }, [debounced]);

  const statusOptions = [
    { value: 'open', label: 'Any open status' },
    { value: 'all', label: 'Any status' },
    ...statuses.map((s) => ({ value: s, label: statusLabel(s) })),
  ];
  if (!statusOptions.some((o) => o.value === filters.status))
    statusOptions.push({
      value: filters.status,
      label: filters.status.split(',').map(statusLabel).join(', '),
    });

  const [open, setOpen] = useState(false);
  const active = [
    filters.status !== 'open',
    filters.team,
    filters.requestType,
    filters.requester,
    filters.q,
    filters.sla,
    filters.environment,
  ].filter(Boolean).length;

  return (
    <>
      <Button
        hiddenFrom="sm"
        variant="default"
        onClick={() => setOpen((o) => !o)}
        aria-expanded={open}
        aria-controls="queue-filters"
      >
        {open ? 'Hide filters' : `Filters${active ? ` (${active} active)` : ''}`}
      </Button>
      <Paper withBorder p="sm" id="queue-filters" display={{ base: open ? 'block' : 'none', sm: 'block' }}>
        <Group gap="sm" align="flex-end" wrap="wrap">
          <TextInput
            ref={searchRef}
            label="Search"
            placeholder="Key, or words of the ticket"
            type="search"
            value={text}
            onChange={(event) => setText(event.currentTarget.value)}
            onKeyDown={(event) => {
              if (event.key === 'Escape') event.currentTarget.blur();
            }}
            w={{ base: '100%', xs: 220 }}
            aria-keyshortcuts="/"
          />
          <Select
            label="Status"
            data={statusOptions}
            value={filters.status}
            allowDeselect={false}
            onChange={(value) => onChange({ status: value ?? 'open' })}
            w={{ base: '100%', xs: 200 }}
          />
          <Select
            label="Team"
            placeholder="Any team"
            data={teams.map((t) => ({ value: t.key, label: t.name }))}
            value={filters.team || null}
            clearable
            onChange={(value) => onChange({ team: value ?? '' })}
            w={{ base: '100%', xs: 170 }}
          />
          <Select
            label="Request type"
            placeholder="Any request type"
            data={requestTypes}
            value={filters.requestType || null}
            clearable
            onChange={(value) => onChange({ requestType: value ?? '' })}
            w={{ base: '100%', xs: 240 }}
          />
          <Select
            label="SLA"
            placeholder="Any SLA"
            data={[
              { value: 'at_risk', label: 'At risk' },
              { value: 'breached', label: 'Breached' },
            ]}
            value={filters.sla || null}
            clearable
            onChange={(value) => onChange({ sla: (value ?? '') as SlaFilter })}
            w={{ base: '100%', xs: 130 }}
          />
          <Group gap="xs" mb={2}>
            {filters.environment ? (
              <Button
                variant="light"
                size="compact-sm"
                onClick={() => onChange({ environment: '' })}
                rightSection={<span aria-hidden="true">×</span>}
                aria-label={`Environment: ${filters.environment} (remove this filter)`}
              >
                Environment: {filters.environment}
              </Button>
            ) : null}
            {!sameFilters(filters, defaultFilters) ? (
              <Button variant="subtle" size="compact-sm" onClick={() => onChange(defaultFilters)}>
                Clear filters
              </Button>
            ) : null}
            {canSave ? <SaveQueueButton filters={filters} /> : null}
          </Group>
        </Group>
      </Paper>
    </>
  );
}

function SaveQueueButton({ filters }: { filters: QueueFilters }) {
  const client = useQueryClient();
  const [opened, setOpened] = useState(false);
  const [name, setName] = useState('');
  const save = useMutation({
    mutationFn: () =>
      api('/api/v1/notifications/saved-searches', 'notifications.savedSearchOut', {
        body: { name: name.trim(), query: savedSearchQuery(filters) },
      }),
    onSuccess: () => {
      setOpened(false);
      setName('');
      void client.invalidateQueries({ queryKey: savedSearchesKey });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (name.trim()) save.mutate();
  };
  return (
    <Popover opened={opened} onChange={setOpened} trapFocus position="bottom-end" withArrow>
      <Popover.Target>
        <Button variant="light" size="compact-sm" onClick={() => setOpened((o) => !o)}>
          Save as queue
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <form onSubmit={submit}>
          <Stack gap="xs" w={240}>
            <TextInput
              label="Queue name"
              value={name}
              onChange={(event) => setName(event.currentTarget.value)}
              required
              data-autofocus
              error={
                save.error instanceof ApiError
                  ? (save.error.fieldErrors.name ?? save.error.message)
                  : undefined
              }
            />
            <Button type="submit" size="xs" loading={save.isPending}>
              Save
            </Button>
          </Stack>
        </form>
      </Popover.Dropdown>
    </Popover>
  );
}

// SLA right after the status, so it stays in view without scrolling on a laptop screen.
