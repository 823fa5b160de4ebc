import { describe, expect, it } from 'vitest';
import { percent, snippetParts } from './kb';

describe('snippet parts', () => {
  it('splits marks out and decodes the escaped text (never HTML)', () => {
    expect(snippetParts('reset the <mark>VPN</mark> &lt;script&gt; &amp; more')).toEqual([
      { text: 'reset the ', marked: false },
      { text: 'VPN', marked: true },
      { text: ' <script> & more', marked: false },
    ]);
  });
  it('prints rates as percentages', () => {
    expect([percent(0.5), percent(null)]).toEqual(['50%', '—']);
  });
});
