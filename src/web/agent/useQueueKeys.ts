// The queue's keyboard: j/k move the selection (kept in view), Enter/o open the selected ticket, t takes it,
// b toggles table and board, / focuses the search, ? opens the help. The selection resets when
// the query changes.
import { type RefObject, useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import type { QueueRow, QueueState } from './filters';
import { moveSelection, queueShortcut } from './shortcuts';

export function useQueueKeys({
  ordered,
  resetOn,
  view,
  update,
  helpOpen,
  openHelp,
  searchRef,
  onTake,
}: {
  ordered: QueueRow[];
  /** Changes when the query does (the selection starts over). */
  resetOn: string;
  view: QueueState['view'];
  update: (next: Partial<QueueState>) => void;
  helpOpen: boolean;
  openHelp: () => void;
  searchRef: RefObject<HTMLInputElement | null>;
  /** t: assign the selected ticket to the caller. */
  onTake: (row: QueueRow) => void;
}): string | undefined {
  const navigate = useNavigate();
  const [selected, setSelected] = useState(-1);
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset the selection when the query changes
  useEffect(() => setSelected(-1), [resetOn]);
  const selectedKey = ordered[selected]?.key;
  useEffect(() => {
    if (selectedKey)
      document.getElementById(`queue-item-${selectedKey}`)?.scrollIntoView({ block: 'nearest' });
  }, [selectedKey]);

  const latest = useRef({ ordered, selected, view, update, helpOpen, onTake });
  latest.current = { ordered, selected, view, update, helpOpen, onTake };
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const current = latest.current;
      if (current.helpOpen) return;
      const action = queueShortcut(event);
      if (!action) return;
      if (action === 'next' || action === 'previous') {
        setSelected(moveSelection(current.selected, current.ordered.length, action));
      } else if (action === 'open') {
        const row = current.ordered[current.selected];
        if (!row) return;
        navigate(`/tickets/${row.key}`);
      } else if (action === 'take') {
        const row = current.ordered[current.selected];
        if (!row) return;
        current.onTake(row);
      } else if (action === 'toggleBoard') {
        current.update({ view: current.view === 'board' ? 'table' : 'board' });
      } else if (action === 'focusSearch') {
        searchRef.current?.focus();
      } else if (action === 'help') {
        openHelp();
      }
      event.preventDefault();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [navigate, openHelp, searchRef]);
  return selectedKey;
}
