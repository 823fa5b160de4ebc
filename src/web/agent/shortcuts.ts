// Keyboard shortcuts of the agent workspace and the ticket page, as pure functions of a key event
// so they are unit-tested without a DOM.

export type QueueAction = 'next' | 'previous' | 'open' | 'take' | 'toggleBoard' | 'focusSearch' | 'help';
export type TicketAction = 'retry' | 'focusComment' | 'take';

export interface KeyLike {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
  defaultPrevented?: boolean;
  target?: unknown;
}

interface ElementLike {
  tagName?: string;
  isContentEditable?: boolean;
  type?: string;
  getAttribute?: (name: string) => string | null;
}

const textInputTypes = new Set(['', 'text', 'search', 'email', 'url', 'tel', 'password', 'number', 'date']);

/** True when the key goes to something the user is typing in (inputs, textareas, comboboxes). */
export function isTypingTarget(target: unknown): boolean {
  if (!target || typeof target !== 'object') return false;
  const element = target as ElementLike;
  if (element.isContentEditable) return true;
  const tag = (element.tagName ?? '').toUpperCase();
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') return textInputTypes.has((element.type ?? '').toLowerCase());
  const role = element.getAttribute?.('role');
  return role === 'textbox' || role === 'combobox' || role === 'searchbox';
}

function isInteractive(target: unknown): boolean {
  if (!target || typeof target !== 'object') return false;
  const tag = ((target as ElementLike).tagName ?? '').toUpperCase();
  return tag === 'A' || tag === 'BUTTON' || tag === 'INPUT' || tag === 'SUMMARY';
}

function plain(event: KeyLike): boolean {
  return (
    !event.ctrlKey &&
    !event.metaKey &&
    !event.altKey &&
    !event.defaultPrevented &&
    !isTypingTarget(event.target)
  );
}

export function queueShortcut(event: KeyLike): QueueAction | null {
  if (!plain(event)) return null;
  switch (event.key) {
    case 'j':
      return 'next';
    case 'k':
      return 'previous';
    case 'Enter':
      // Enter on a link or button keeps its own meaning.
      return isInteractive(event.target) ? null : 'open';
    case 'o':
      return 'open';
    case 't':
      return 'take';
    case 'b':
      return 'toggleBoard';
    case '/':
      return 'focusSearch';
    case '?':
      return 'help';
    default:
      return null;
  }
}

export function ticketShortcut(event: KeyLike): TicketAction | null {
  if (!plain(event)) return null;
  if (event.key === 'r') return 'retry';
  if (event.key === 'c') return 'focusComment';
  if (event.key === 't') return 'take';
  return null;
}

/** Moves a selection index within `count` rows; -1 means nothing selected yet. */
export function moveSelection(current: number, count: number, action: 'next' | 'previous'): number {
  if (count <= 0) return -1;
  if (current < 0 || current >= count) return action === 'next' ? 0 : count - 1;
  return action === 'next' ? Math.min(count - 1, current + 1) : Math.max(0, current - 1);
}

export const queueShortcutHelp: [string, string][] = [
  ['j / k', 'Select the next / previous ticket'],
  ['Enter or o', 'Open the selected ticket'],
  ['t', 'Take the selected ticket (assign it to yourself)'],
  ['b', 'Switch between table and board'],
  ['/', 'Search'],
  ['?', 'Show these shortcuts'],
];

export const ticketShortcutHelp: [string, string][] = [
  ['r', 'Retry the automation (when it can be retried)'],
  ['c', 'Write a comment'],
  ['t', 'Take the ticket (assign it to yourself)'],
];
