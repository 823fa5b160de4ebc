// The queue as a kanban board: a column per status (fitting the page width), optional swimlanes
// (assignee or priority), work-in-progress limits per column, and cards that move by drag and drop:
// a drop fires the transition leading to that column (the server checks who may and its guards,
// and its refusal is shown); a column no transition leads to refuses the drop and says why.
import {
  Alert,
  Anchor,
  Box,
  Button,
  Group,
  Modal,
  NumberInput,
  Paper,
  Popover,
  Stack,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type DragEvent, type ReactNode, useRef, useState } from 'react';
import { Link } from 'react-router';
import { SlaCell } from '../components/SlaCell';
import { api } from '../lib/api';
import { dateTime, statusLabel, timeAgo } from '../lib/format';
import { ticketKey } from '../ticket/types';
import {
  type BoardRow,
  decideDrop,
  type Lanes,
  lanesOf,
  loadWipLimits,
  type MoveOption,
  saveWipLimits,
} from './board';
import { selectedStyle } from './QueueTable';

type Notice = { kind: 'error' | 'done'; text: string } | null;

export function QueueBoard({
  columns,
  rows,
  now,
  typeName,
  selectedKey,
  lanes,
}: {
  columns: string[];
  rows: BoardRow[];
  now: number;
  typeName: (key: string | null) => string;
  selectedKey: string | undefined;
  lanes: Lanes;
}) {
  const client = useQueryClient();
  const [wip, setWip] = useState<Record<string, number>>(loadWipLimits);
  const [dragging, setDraggingState] = useState<{ row: BoardRow; options: MoveOption[] | null } | null>(null);
  // Also in a ref: dragover and drop may come before React re-renders after dragstart.
  const draggingRef = useRef<typeof dragging>(null);
  const setDragging = (next: typeof dragging | ((current: typeof dragging) => typeof dragging)) => {
    draggingRef.current = typeof next === 'function' ? next(draggingRef.current) : next;
    setDraggingState(draggingRef.current);
  };
  const [notice, setNotice] = useState<Notice>(null);
  const [asking, setAsking] = useState<{ row: BoardRow; transition: MoveOption } | null>(null);
  const [comment, setComment] = useState('');

  const optionsOf = async (key: string): Promise<MoveOption[]> => {
    const ticket = await client.fetchQuery({
      queryKey: ticketKey(key),
      queryFn: () => api(`/api/v1/tickets/${encodeURIComponent(key)}`, 'tickets.ticketOut'),
      staleTime: 5_000,
    });
    return ticket.availableTransitions;
  };

  const move = useMutation({
    mutationFn: (vars: { row: BoardRow; transition: MoveOption; comment?: string }) =>
      api(`/api/v1/tickets/${encodeURIComponent(vars.row.key)}/transitions`, 'tickets.ticketOut', {
        body: { name: vars.transition.name, ...(vars.comment ? { comment: vars.comment } : {}) },
      }),
    onSuccess: (ticket, vars) => {
      client.setQueryData(ticketKey(ticket.key), ticket);
      setNotice({
        kind: 'done',
        text: `${vars.row.key}: ${vars.transition.label} — now ${ticket.statusName}.`,
      });
    },
    onError: (error, vars) =>
      setNotice({
        kind: 'error',
        text: `${vars.row.key} was not moved to ${statusLabel(vars.transition.to)}: ${error.message}`,
      }),
    onSettled: () => client.invalidateQueries({ queryKey: ['tickets'] }),
  });

  const startDrag = (row: BoardRow, event: DragEvent) => {
    event.dataTransfer.setData('text/plain', row.key);
    event.dataTransfer.effectAllowed = 'move';
    // The last notice stays until the drop: removing it now would shift the columns under the pointer.
    setDragging({ row, options: null });
    optionsOf(row.key).then(
      (options) => setDragging((current) => (current?.row.key === row.key ? { row, options } : current)),
      () => undefined,
    );
  };

  const drop = async (status: string) => {
    const current = draggingRef.current;
    setDragging(null);
    if (!current) return;
    setNotice(null);
    const { row } = current;
    let options = current.options;
    try {
      options ??= await optionsOf(row.key);
    } catch (error) {
      setNotice({ kind: 'error', text: `${row.key} could not be loaded: ${(error as Error).message}` });
      return;
    }
    const decision = decideDrop(row.key, row.status, status, options);
    if (decision.ok === 'same') return;
    if (decision.ok === false) {
      setNotice({ kind: 'error', text: decision.reason });
      return;
    }
    if (decision.transition.requiresComment) {
      setComment('');
      setAsking({ row, transition: decision.transition });
      return;
    }
    move.mutate({ row, transition: decision.transition });
  };

  const accepts = (status: string): boolean | null => {
    if (!dragging?.options) return null;
    if (status === dragging.row.status) return null;
    return dragging.options.some((option) => option.to === status);
  };

  const setLimit = (status: string, value: number | null) => {
    const next = { ...wip };
    if (value && value > 0) next[status] = value;
    else delete next[status];
    setWip(next);
    saveWipLimits(next);
  };

  // On a phone the columns stack; from 'sm' up they share the width (no sideways scrolling).
  const narrow = useMediaQuery('(max-width: 48em)');
  const grid = {
    display: 'grid',
    gridTemplateColumns: narrow ? 'minmax(0, 1fr)' : `repeat(${columns.length}, minmax(0, 1fr))`,
    gap: 'var(--mantine-spacing-xs)',
  } as const;
  const swimlanes = lanesOf(rows, lanes);

  return (
    <Stack gap="xs" data-board>
      <Text size="xs" c="gray.7">
        Drag a card to another column to move it; only columns a transition leads to accept it.
      </Text>
      {notice ? (
        <Alert
          color={notice.kind === 'error' ? 'red' : 'green'}
          role={notice.kind === 'error' ? 'alert' : 'status'}
          withCloseButton
          closeButtonLabel="Dismiss"
          onClose={() => setNotice(null)}
          title={notice.kind === 'error' ? 'Not moved' : 'Moved'}
        >
          {notice.text}
        </Alert>
      ) : null}
      <Box style={grid} visibleFrom="sm" component="div">
        {columns.map((status) => {
          const count = rows.filter((row) => row.status === status).length;
          const limit = wip[status];
          const over = limit !== undefined && count > limit;
          return (
            <Group
              key={status}
              justify="space-between"
              wrap="nowrap"
              gap={4}
              px={6}
              py={4}
              bg={over ? 'red.0' : undefined}
              style={{
                borderBottom: `2px solid var(--mantine-color-${over ? 'red-7' : 'gray-4'})`,
                minWidth: 0,
              }}
            >
              <Title order={2} fz="xs" style={{ minWidth: 0, overflowWrap: 'anywhere' }}>
                {statusLabel(status)}
              </Title>
              <WipControl status={status} count={count} limit={limit} over={over} onChange={setLimit} />
            </Group>
          );
        })}
      </Box>
      {swimlanes.map((lane) => (
        <Stack
          key={lane.key}
          gap={4}
          component="section"
          aria-label={lanes === 'none' ? 'Board' : `Swimlane ${lane.label}: ${lane.rows.length}`}
        >
          {lanes === 'none' ? null : (
            <Title order={3} fz="sm" mt="xs">
              {lane.label}{' '}
              <Text span fz="xs" c="gray.7">
                ({lane.rows.length})
              </Text>
            </Title>
          )}
          <Box style={grid}>
            {columns.map((status) => {
              const cards = lane.rows.filter((row) => row.status === status);
              const verdict = accepts(status);
              const limit = wip[status];
              const over = limit !== undefined && rows.filter((row) => row.status === status).length > limit;
              return (
                <Paper
                  key={status}
                  withBorder
                  p={6}
                  bg={over ? 'red.0' : verdict === false ? 'gray.1' : 'gray.0'}
                  component="section"
                  aria-label={`${statusLabel(status)}${lanes === 'none' ? '' : ` · ${lane.label}`}: ${cards.length}`}
                  data-column={status}
                  data-accepts={verdict === null ? undefined : String(verdict)}
                  style={{
                    minWidth: 0,
                    minHeight: 64,
                    borderColor: verdict
                      ? 'var(--mantine-color-green-7)'
                      : over
                        ? 'var(--mantine-color-red-7)'
                        : undefined,
                    borderStyle: verdict ? 'dashed' : undefined,
                    borderWidth: verdict || over ? 2 : undefined,
                  }}
                  onDragOver={(event: DragEvent) => {
                    if (!draggingRef.current) return;
                    // Every column takes the drop, so a refused one can say why (a `none` drop effect
                    // would cancel the drop silently); the border tells which columns accept.
                    event.preventDefault();
                    event.dataTransfer.dropEffect = 'move';
                  }}
                  onDrop={(event: DragEvent) => {
                    event.preventDefault();
                    void drop(status);
                  }}
                >
                  <Text hiddenFrom="sm" fz="xs" fw={700} mb={4}>
                    {statusLabel(status)} ({cards.length})
                  </Text>
                  <Stack gap={6}>
                    {cards.map((row) => (
                      <BoardCard
                        key={row.key}
                        row={row}
                        now={now}
                        typeName={typeName}
                        selected={row.key === selectedKey}
                        moving={move.isPending && move.variables?.row.key === row.key}
                        onDragStart={(event) => startDrag(row, event)}
                        onDragEnd={() => setDragging(null)}
                      />
                    ))}
                  </Stack>
                </Paper>
              );
            })}
          </Box>
        </Stack>
      ))}
      <Modal
        opened={asking !== null}
        onClose={() => setAsking(null)}
        title={asking ? `${asking.transition.label}: ${asking.row.key}` : ''}
        centered
      >
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (!asking || !comment.trim()) return;
            move.mutate({ row: asking.row, transition: asking.transition, comment: comment.trim() });
            setAsking(null);
          }}
        >
          <Stack>
            <Textarea
              label="Comment"
              description="This transition needs a comment."
              required
              autosize
              minRows={3}
              value={comment}
              onChange={(event) => setComment(event.currentTarget.value)}
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setAsking(null)}>
                Cancel
              </Button>
              <Button type="submit" disabled={!comment.trim()}>
                {asking?.transition.label ?? 'Move'}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Stack>
  );
}

function WipControl({
  status,
  count,
  limit,
  over,
  onChange,
}: {
  status: string;
  count: number;
  limit: number | undefined;
  over: boolean;
  onChange: (status: string, value: number | null) => void;
}) {
  return (
    <Popover position="bottom-end" withArrow trapFocus>
      <Popover.Target>
        <Button
          variant="subtle"
          size="compact-xs"
          color={over ? 'red' : 'gray'}
          fw={700}
          aria-label={`${statusLabel(status)}: ${count} ticket${count === 1 ? '' : 's'}${
            limit === undefined
              ? ', no work-in-progress limit'
              : `, limit ${limit}${over ? ', over the limit' : ''}`
          }. Set the limit`}
          data-wip={over ? 'over' : undefined}
        >
          {limit === undefined ? count : `${count}/${limit}`}
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <NumberInput
          label={`Work-in-progress limit of ${statusLabel(status)}`}
          description="Empty: no limit"
          min={1}
          max={999}
          size="xs"
          w={200}
          value={limit ?? ''}
          onChange={(value) => onChange(status, typeof value === 'number' ? value : null)}
        />
      </Popover.Dropdown>
    </Popover>
  );
}

function BoardCard({
  row,
  now,
  typeName,
  selected,
  moving,
  onDragStart,
  onDragEnd,
}: {
  row: BoardRow;
  now: number;
  typeName: (key: string | null) => string;
  selected: boolean;
  moving: boolean;
  onDragStart: (event: DragEvent) => void;
  onDragEnd: () => void;
}): ReactNode {
  return (
    <Paper
      id={`queue-item-${row.key}`}
      withBorder
      p={6}
      draggable
      onDragStart={onDragStart}
      onDragEnd={onDragEnd}
      data-card={row.key}
      data-selected={selected || undefined}
      aria-busy={moving || undefined}
      style={{ ...(selected ? selectedStyle : {}), cursor: 'grab', opacity: moving ? 0.6 : 1, minWidth: 0 }}
    >
      <Stack gap={2}>
        <Group justify="space-between" wrap="wrap" gap={4}>
          <Anchor component={Link} to={`/tickets/${row.key}`} fw={600} fz="sm" draggable={false}>
            {row.key}
          </Anchor>
          <Text fz="xs" c="gray.7" title={dateTime(row.updatedAt)}>
            {timeAgo(row.updatedAt)}
          </Text>
        </Group>
        <Text fz="sm" lineClamp={2} style={{ overflowWrap: 'anywhere' }}>
          {typeName(row.requestType) === '—' ? row.title : typeName(row.requestType)}
        </Text>
        <Text fz="xs" c="gray.7" lineClamp={1} style={{ overflowWrap: 'anywhere' }}>
          {row.title}
        </Text>
        <Text fz="xs" c="gray.7" lineClamp={2} style={{ overflowWrap: 'anywhere' }}>
          {row.assignee ? `${row.assignee.displayName} · ` : ''}
          {row.requester.displayName}
          {row.team ? ` · ${row.team.name}` : ''}
        </Text>
        <SlaCell sla={row.sla} now={now} />
      </Stack>
    </Paper>
  );
}
