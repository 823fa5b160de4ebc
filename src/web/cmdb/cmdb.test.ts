import { describe, expect, it } from 'vitest';
import { attributeRows, describeHistory, type HistoryEntry, layoutImpact, pathText } from './cmdb';

const ci = (id: string, name: string, cls = 'service') => ({ id, name, class: cls });

describe('the impact graph', () => {
  const root = ci('r', 'rtr-jkt-01', 'network_device');
  const entries = [
    { ci: ci('v', 'VPN'), depth: 1, path: ['r', 'v'] },
    { ci: ci('f', 'Finance', 'application'), depth: 2, path: ['r', 'v', 'f'] },
    { ci: ci('m', 'Mail'), depth: 1, path: ['r', 'm'] },
  ];

  it('puts each CI in the column of its depth, with an edge from the previous CI of its path', () => {
    const layout = layoutImpact(root, entries);
    const byId = new Map(layout.nodes.map((node) => [node.id, node]));
    expect(byId.get('r')!.x).toBeLessThan(byId.get('v')!.x);
    expect(byId.get('v')!.x).toBe(byId.get('m')!.x);
    expect(byId.get('f')!.x).toBeGreaterThan(byId.get('v')!.x);
    expect(layout.edges).toEqual([
      { from: 'r', to: 'v' },
      { from: 'v', to: 'f' },
      { from: 'r', to: 'm' },
    ]);
    expect(layout.hidden).toBe(0);
    for (const node of layout.nodes) expect(node.y + 44).toBeLessThanOrEqual(layout.height);
  });

  it('draws a column only so tall and counts the rest (the list shows them)', () => {
    const many = Array.from({ length: 20 }, (_, index) => ({
      ci: ci(`s${index}`, `S${index}`),
      depth: 1,
      path: ['r', `s${index}`],
    }));
    const layout = layoutImpact(root, many, 5);
    expect(layout.nodes).toHaveLength(6);
    expect(layout.hidden).toBe(15);
  });

  it('reads a path by names', () => {
    const names = new Map([
      ['r', 'rtr-jkt-01'],
      ['v', 'VPN'],
      ['f', 'Finance'],
    ]);
    expect(pathText(entries[1]!, names)).toBe('rtr-jkt-01 → VPN → Finance');
  });

  it('with nothing affected draws the CI alone', () => {
    const layout = layoutImpact(root, []);
    expect(layout.nodes).toHaveLength(1);
    expect(layout.edges).toEqual([]);
  });
});

describe('attributes and history as text', () => {
  it("lists the class's attributes in order, then the others", () => {
    const rows = attributeRows({ extra: 1, public: true, kind: 'business' }, [
      {
        key: 'kind',
        label: 'Kind',
        type: 'select',
        required: false,
        rules: {},
        options: [{ value: 'business', label: 'Business' }],
      },
      { key: 'public', label: 'Public', type: 'boolean', required: false, rules: {} },
    ]);
    expect(rows.map((row) => [row.label, row.value])).toEqual([
      ['Kind', 'Business'],
      ['Public', 'Yes'],
      ['extra', '1'],
    ]);
  });

  const entry = (change: string, before: unknown, after: unknown): HistoryEntry => ({
    at: '2026-01-01T00:00:00.000Z',
    actor: { kind: 'user', id: null, name: 'Ana' },
    via: 'api',
    change,
    ticket: 'CHG-1',
    before,
    after,
  });

  it('says what an update changed, attribute by attribute', () => {
    const text = describeHistory(
      entry(
        'updated',
        { status: 'active', attributes: { os: 'IOS 15.1', ip: '10.0.0.1' } },
        { status: 'maintenance', attributes: { os: 'IOS 15.2', ip: '10.0.0.1' } },
      ),
    );
    expect(text.title).toBe('Changed');
    expect(text.lines).toEqual(['status: active → maintenance', 'os: IOS 15.1 → IOS 15.2']);
  });

  it('names both ends of a relation', () => {
    const text = describeHistory(
      entry('relation_added', null, {
        type: 'depends_on',
        source: { id: 'v', name: 'VPN' },
        target: { id: 'r', name: 'rtr-jkt-01' },
      }),
    );
    expect(text.lines).toEqual(['VPN depends on rtr-jkt-01']);
  });
});
