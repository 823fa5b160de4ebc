import { describe, expect, it } from 'vitest';
import { clusters, isSubset, similarity, stem, stemsOf } from './recurring.js';

describe('recurring incidents (pure)', () => {
  it('reduces words to crude stems', () => {
    expect(stem('dropping')).toBe(stem('drops'));
    expect(stem('connections')).toBe(stem('connection'));
  });

  it('finds alike titles and leaves the others out', () => {
    const found = clusters(
      [
        { id: 'a', text: 'VPN drops every few minutes' },
        { id: 'b', text: 'VPN connection dropping in Jakarta' },
        { id: 'c', text: 'The VPN drops again' },
        { id: 'd', text: 'Printer on floor 3 out of toner' },
      ],
      3,
      0.3,
    );
    expect(found).toEqual([{ ids: ['a', 'b', 'c'], words: ['drops', 'vpn'] }]);
  });

  it('needs the threshold of incidents', () => {
    expect(
      clusters(
        [
          { id: 'a', text: 'vpn down' },
          { id: 'b', text: 'vpn down' },
        ],
        3,
        0.3,
      ),
    ).toEqual([]);
  });

  it('scores shared stems over the smaller set', () => {
    expect(similarity(stemsOf('vpn down'), stemsOf('vpn is down for everyone'))).toBe(1);
    expect(similarity(stemsOf(''), stemsOf('vpn'))).toBe(0);
    expect(isSubset(['a'], ['a', 'b'])).toBe(true);
    expect(isSubset(['c'], ['a', 'b'])).toBe(false);
  });
});
