import { describe, expect, it } from 'vitest';
import { isTypingTarget, moveSelection, queueShortcut, ticketShortcut } from './shortcuts';

const el = (tagName: string, extra: Record<string, unknown> = {}) => ({
  tagName,
  getAttribute: (name: string) => (extra[name] as string | undefined) ?? null,
  ...extra,
});

describe('queue shortcuts', () => {
  it('maps the keys', () => {
    expect(queueShortcut({ key: 'j', target: el('BODY') })).toBe('next');
    expect(queueShortcut({ key: 'k', target: el('BODY') })).toBe('previous');
    expect(queueShortcut({ key: 'o', target: el('BODY') })).toBe('open');
    expect(queueShortcut({ key: 'Enter', target: el('TR') })).toBe('open');
    expect(queueShortcut({ key: 'b' })).toBe('toggleBoard');
    expect(queueShortcut({ key: '/' })).toBe('focusSearch');
    expect(queueShortcut({ key: '?' })).toBe('help');
    expect(queueShortcut({ key: 'x' })).toBeNull();
  });

  it('leaves keys alone while typing, with modifiers, or when already handled', () => {
    expect(queueShortcut({ key: 'j', target: el('INPUT', { type: 'text' }) })).toBeNull();
    expect(queueShortcut({ key: 'j', target: el('TEXTAREA') })).toBeNull();
    expect(queueShortcut({ key: 'j', target: el('DIV', { isContentEditable: true }) })).toBeNull();
    expect(queueShortcut({ key: 'j', target: el('INPUT', { role: 'combobox' }) })).toBeNull();
    expect(queueShortcut({ key: 'b', ctrlKey: true })).toBeNull();
    expect(queueShortcut({ key: 'b', metaKey: true })).toBeNull();
    expect(queueShortcut({ key: 'b', defaultPrevented: true })).toBeNull();
  });

  it('keeps Enter on links and buttons for them', () => {
    expect(queueShortcut({ key: 'Enter', target: el('A') })).toBeNull();
    expect(queueShortcut({ key: 'Enter', target: el('BUTTON') })).toBeNull();
    expect(queueShortcut({ key: 'o', target: el('A') })).toBe('open');
  });

  it('a checkbox is not a typing target', () => {
    expect(isTypingTarget(el('INPUT', { type: 'checkbox' }))).toBe(false);
    expect(isTypingTarget(el('INPUT', { type: 'search' }))).toBe(true);
    expect(isTypingTarget(null)).toBe(false);
  });
});

describe('ticket shortcuts', () => {
  it('r retries and c focuses the comment, not while typing', () => {
    expect(ticketShortcut({ key: 'r', target: el('BODY') })).toBe('retry');
    expect(ticketShortcut({ key: 'c', target: el('BODY') })).toBe('focusComment');
    expect(ticketShortcut({ key: 'r', target: el('TEXTAREA') })).toBeNull();
    expect(ticketShortcut({ key: 'c', altKey: true })).toBeNull();
  });
});

describe('moveSelection', () => {
  it('starts at the top or bottom and stays within the rows', () => {
    expect(moveSelection(-1, 3, 'next')).toBe(0);
    expect(moveSelection(-1, 3, 'previous')).toBe(2);
    expect(moveSelection(0, 3, 'previous')).toBe(0);
    expect(moveSelection(2, 3, 'next')).toBe(2);
    expect(moveSelection(1, 3, 'next')).toBe(2);
    expect(moveSelection(5, 3, 'next')).toBe(0);
    expect(moveSelection(0, 0, 'next')).toBe(-1);
  });
});
