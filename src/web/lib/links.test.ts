import { describe, expect, it } from 'vitest';
import { linkParts } from './links';

describe('web addresses in comments', () => {
  it('become links without the punctuation that ends the sentence', () => {
    expect(linkParts('Done: see https://ci.example.com/runs/7. (log: http://x.example/a_(b))')).toEqual([
      { kind: 'text', text: 'Done: see ' },
      { kind: 'link', text: 'https://ci.example.com/runs/7', href: 'https://ci.example.com/runs/7' },
      { kind: 'text', text: '. (log: ' },
      { kind: 'link', text: 'http://x.example/a_(b)', href: 'http://x.example/a_(b)' },
      { kind: 'text', text: ')' },
    ]);
  });

  it('only http and https: other schemes stay text', () => {
    expect(linkParts('javascript:alert(1) ftp://x.example data:text/html,<b>')).toEqual([
      { kind: 'text', text: 'javascript:alert(1) ftp://x.example data:text/html,<b>' },
    ]);
  });
});
