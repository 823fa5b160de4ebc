import { describe, expect, it } from 'vitest';
import { copyOf, draftProblems, drawable, keyFromLabel, uniqueKey } from './draft';
import type { Workflow } from './layout';

const base: Workflow = {
  key: 'simple',
  name: 'Simple',
  description: '',
  initial: 'open',
  statuses: [
    { key: 'open', name: 'Open', category: 'open', resolves: false, onEnter: [] },
    { key: 'done', name: 'Done', category: 'done', resolves: true, onEnter: [] },
  ],
  transitions: [
    {
      name: 'finish',
      label: 'Finish',
      from: ['open'],
      to: 'done',
      actors: ['agent'],
      guards: [],
      requiresComment: false,
    },
  ],
  builtIn: true,
};

describe('workflow drafts', () => {
  it('makes keys from labels', () => {
    expect(keyFromLabel('Waiting for parts')).toBe('waiting_for_parts');
    expect(keyFromLabel('  Déjà vu! 2 ')).toBe('deja_vu_2');
    expect(keyFromLabel('2nd line')).toBe('nd_line');
    expect(keyFromLabel('Our flow', '-')).toBe('our-flow');
    expect(uniqueKey('open', ['open', 'open_2'])).toBe('open_3');
  });

  it('copies a built-in workflow under a free key, not built in', () => {
    const copy = copyOf(base, ['simple', 'simple-copy']);
    expect(copy.key).toBe('simple-copy-2');
    expect(copy.name).toBe('Simple (copy)');
    expect('builtIn' in copy).toBe(false);
    copy.statuses[0]!.name = 'changed';
    expect(base.statuses[0]!.name).toBe('Open');
  });

  it('draws a half-edited draft and names its problems', () => {
    const draft: Workflow = {
      ...base,
      statuses: [
        ...base.statuses,
        { key: 'limbo', name: 'Limbo', category: 'open', resolves: false, onEnter: [] },
      ],
      transitions: [...base.transitions, { ...base.transitions[0]!, name: 'x', to: 'nowhere' }],
    };
    expect(drawable(draft).transitions).toHaveLength(1);
    expect(draftProblems(draft)).toEqual({
      'statuses.2.key': 'no transition leads here from the initial status',
      'transitions.1.to': 'choose one of the statuses',
    });
    expect(draftProblems(base)).toEqual({});
  });
});
