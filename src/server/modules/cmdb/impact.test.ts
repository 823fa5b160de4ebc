import { describe, expect, it } from 'vitest';
import { type Edge, step, traverse } from './impact.js';

const edges: Edge[] = [
  { sourceId: 'vpn', type: 'depends_on', targetId: 'router' },
  { sourceId: 'finance', type: 'depends_on', targetId: 'vpn' },
  { sourceId: 'router', type: 'located_at', targetId: 'site' },
  { sourceId: 'disk', type: 'part_of', targetId: 'router' },
  { sourceId: 'router', type: 'connects_to', targetId: 'switch' },
  { sourceId: 'a', type: 'depends_on', targetId: 'b' },
  { sourceId: 'b', type: 'depends_on', targetId: 'a' },
];
const around = async (frontier: string[]) =>
  edges.filter((edge) => frontier.includes(edge.sourceId) || frontier.includes(edge.targetId));

describe('how failure spreads', () => {
  it('depends_on, runs_on and located_at: the target failing hits the source; part_of: the part hits the whole', () => {
    expect(step({ sourceId: 'app', type: 'depends_on', targetId: 'db' }, 'db', 'down')).toBe('app');
    expect(step({ sourceId: 'app', type: 'depends_on', targetId: 'db' }, 'app', 'down')).toBeNull();
    expect(step({ sourceId: 'vm', type: 'runs_on', targetId: 'host' }, 'host', 'down')).toBe('vm');
    expect(step({ sourceId: 'srv', type: 'located_at', targetId: 'site' }, 'site', 'down')).toBe('srv');
    expect(step({ sourceId: 'disk', type: 'part_of', targetId: 'array' }, 'disk', 'down')).toBe('array');
    expect(step({ sourceId: 'x', type: 'connects_to', targetId: 'y' }, 'x', 'down')).toBeNull();
    expect(step({ sourceId: 'app', type: 'depends_on', targetId: 'db' }, 'app', 'up')).toBe('db');
  });

  it('down from the site reaches the router, the VPN and finance, each once at its smallest depth with its path', async () => {
    expect(await traverse('site', 'down', 10, around)).toEqual([
      { id: 'router', depth: 1, path: ['site', 'router'] },
      { id: 'vpn', depth: 2, path: ['site', 'router', 'vpn'] },
      { id: 'finance', depth: 3, path: ['site', 'router', 'vpn', 'finance'] },
    ]);
  });

  it('a failing part reaches the whole and what depends on it', async () => {
    expect((await traverse('disk', 'down', 10, around)).map((r) => r.id)).toEqual([
      'router',
      'vpn',
      'finance',
    ]);
  });

  it('up from finance finds what it stands on (parts of the router included); cycles end; the depth limit holds', async () => {
    expect((await traverse('finance', 'up', 10, around)).map((r) => r.id)).toEqual([
      'vpn',
      'router',
      'site',
      'disk',
    ]);
    expect(await traverse('a', 'down', 10, around)).toEqual([{ id: 'b', depth: 1, path: ['a', 'b'] }]);
    expect((await traverse('site', 'down', 2, around)).map((r) => r.id)).toEqual(['router', 'vpn']);
  });

  it('asks for the neighbours once per level', async () => {
    let calls = 0;
    await traverse('site', 'down', 10, async (frontier) => {
      calls++;
      return around(frontier);
    });
    expect(calls).toBe(4);
  });
});
